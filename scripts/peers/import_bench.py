"""The Python peers of the import benchmark (run by scripts/bench.sh after `cargo bench --bench
import -- --out DIR`): the same generated files read with Python's csv module (LinkedIn,
header found by scanning, as Sphere does) and with vobject (vCard), best of 3, next to
Sphere's parse alone (decode, detect, parse) from DIR/import.json, as a ratio."""

import csv
import io
import json
import sys
import time

import vobject


def best(f, runs=3):
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times) * 1e3, out


def linkedin(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    rows = list(csv.DictReader(io.StringIO("".join(lines[start:]))))
    return sum(1 for r in rows if r["First Name"] or r["Last Name"])


def vcards(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    n = 0
    for card in vobject.readComponents(text):
        card.getChildren()
        n += 1
    return n


def main():
    out = sys.argv[1]
    with open(f"{out}/import.json") as fh:
        sphere = json.load(fh)
    for label, key, reader in [
        ("LinkedIn 30,000 (csv module)", "linkedin", linkedin),
        ("vCard 10,000 (vobject 0.9.9)", "vcard", vcards),
    ]:
        ms, n = best(lambda: reader(f"{out}/{sphere[key]['file']}"))
        ours = sphere[key]["parse_ms"]
        print(
            f"peer parse {label:<30} {ms:8.0f} ms ({n} records)   Sphere parse {ours:6.0f} ms   "
            f"Sphere is {ms / ours:5.1f}x faster"
        )


if __name__ == "__main__":
    main()
