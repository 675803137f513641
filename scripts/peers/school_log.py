"""Writes a generated face-to-face contact log shaped like a primary school's, as Sphere's
interaction-log CSV, and prints the time of its last contact (RFC 3339) for --as-of.

`python school_log.py OUT.csv [--seed N]`

The shape of a school's contact log (like the SocioPatterns primary-school data, which is
not used here): 242 people (11 classes of 21 pupils and their 11 teachers) over two school
days, about 8,300 pairs in contact. Pupils of a class nearly all meet, often; a teacher
meets most of their class; a fifth of the pairs across classes meet a few times. Each row
is one stretch of contact, logged as a meeting. Read by Sphere, frequent contacts give ties
a hair below full strength or exactly at it (the strength saturates): a dense graph with
many near-equal paths, where a k-best path search must not explode.

Deterministic for a given seed (Python's Mersenne Twister).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

CLASSES = 11
PUPILS = 21
DAYS = [datetime(2009, 10, 1, tzinfo=timezone.utc), datetime(2009, 10, 2, tzinfo=timezone.utc)]
# School hours, as seconds after midnight: 08:40 to 17:20.
OPEN, CLOSE = 8 * 3600 + 40 * 60, 17 * 3600 + 20 * 60


def contacts(rng: random.Random, median: float, sigma: float) -> int:
    """How many stretches of contact a pair had: log-normal, at least one."""
    return max(1, round(math.exp(math.log(median) + sigma * rng.gauss(0.0, 1.0))))


def generate(seed: int):
    """The rows (from, to, at) sorted by time."""
    rng = random.Random(seed)
    people = CLASSES * (PUPILS + 1)

    def class_of(v: int) -> int:
        return v // PUPILS if v < CLASSES * PUPILS else v - CLASSES * PUPILS

    def teacher(v: int) -> bool:
        return v >= CLASSES * PUPILS

    rows = []
    for a in range(people):
        for b in range(a + 1, people):
            same = class_of(a) == class_of(b)
            if same:
                p = 0.8 if teacher(a) or teacher(b) else 0.95
            else:
                p = 0.222
            if rng.random() >= p:
                continue
            n = contacts(rng, 30.0, 1.2) if same else contacts(rng, 1.0, 1.0)
            for _ in range(n):
                day = rng.choice(DAYS)
                at = day + timedelta(seconds=rng.randrange(OPEN, CLOSE, 20))
                # A contact has no initiator: either may come first in the file.
                x, y = (a, b) if rng.random() < 0.5 else (b, a)
                rows.append((f"s{x:03d}", f"s{y:03d}", at))
    rows.sort(key=lambda r: r[2])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rows = generate(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "at", "kind"])
        for a, b, at in rows:
            w.writerow([a, b, at.strftime("%Y-%m-%dT%H:%M:%SZ"), "meeting"])
    print(max(at for _, _, at in rows).strftime("%Y-%m-%dT%H:%M:%SZ"))


if __name__ == "__main__":
    main()
