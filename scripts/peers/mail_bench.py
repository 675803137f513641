"""The Python peer of the mail benchmark (run by scripts/bench.sh after `cargo bench --bench
mail -- --out DIR`): Python's mailbox module reading the same generated mbox, every message
with its From, To and Date, next to Sphere's read alone and its whole import (read, judge,
write, graph rebuild) from DIR/mail.json, as ratios."""

import json
import mailbox
import sys
import time


def read(path):
    n = 0
    for message in mailbox.mbox(path):
        message["From"], message["To"], message["Date"]
        n += 1
    return n


def main():
    out = sys.argv[1]
    with open(f"{out}/mail.json") as fh:
        sphere = json.load(fh)
    t = time.perf_counter()
    n = read(f"{out}/{sphere['file']}")
    seconds = time.perf_counter() - t
    print(
        f"peer read  Python mailbox {n} messages {seconds:6.1f} s   "
        f"Sphere read alone {sphere['read_s']:5.2f} s ({seconds / sphere['read_s']:5.1f}x faster)   "
        f"Sphere whole import {sphere['import_s']:5.1f} s ({seconds / sphere['import_s']:4.1f}x faster)"
    )


if __name__ == "__main__":
    main()
