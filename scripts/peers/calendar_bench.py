"""The Python peer of the calendar benchmark (run by scripts/bench.sh after `cargo bench
--bench calendar -- --out DIR`): the same generated .ics read with icalendar and its
occurrences in the same window expanded with recurring-ical-events, best of 3, next to
Sphere's read alone (parse + expansion in the window) from DIR/calendar.json, as a ratio."""

import datetime as dt
import json
import sys
import time

import icalendar
import recurring_ical_events


def best(f, runs=3):
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times) * 1e3, out


def occurrences(path, start, end):
    with open(path, "rb") as fh:
        cal = icalendar.Calendar.from_ical(fh.read())
    return sum(1 for _ in recurring_ical_events.of(cal).between(start, end))


def main():
    out = sys.argv[1]
    with open(f"{out}/calendar.json") as fh:
        sphere = json.load(fh)
    start, end = (dt.datetime.fromisoformat(w) for w in sphere["window"])
    ms, n = best(lambda: occurrences(f"{out}/{sphere['file']}", start, end))
    ours = sphere["read_ms"]
    print(
        f"peer read .ics 10,000 events (icalendar {icalendar.__version__} + recurring-ical-events) "
        f"{ms:8.0f} ms ({n} occurrences)   Sphere read {ours:6.0f} ms ({sphere['occurrences']} occurrences)   "
        f"Sphere is {ms / ours:5.1f}x faster"
    )


if __name__ == "__main__":
    main()
