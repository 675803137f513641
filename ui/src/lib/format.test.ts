import { describe, expect, it } from "vitest";
import { formatDate, initials, localInputToRfc3339, relativeTime, toLocalInputValue } from "./format";

// Local-time constructors keep these tests independent of the machine's time zone.
const now = new Date(2025, 2, 20, 12, 0, 0); // 20 Mar 2025, 12:00 local

function ago(ms: number): string {
  return new Date(now.getTime() - ms).toISOString();
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("relativeTime", () => {
  it.each([
    [ago(10_000), "just now"],
    [ago(5 * MIN), "5 minutes ago"],
    [ago(3 * HOUR), "3 hours ago"],
    [new Date(2025, 2, 19, 9, 0).toISOString(), "yesterday"],
    [ago(12 * DAY), "12 days ago"],
    [ago(95 * DAY), "3 months ago"],
    [ago(2 * 365 * DAY), "2 years ago"],
    [new Date(2025, 2, 22, 9, 0).toISOString(), "in 2 days"],
  ])("%s → %s", (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });

  it("says never for no date, and does not crash on garbage", () => {
    expect(relativeTime(null, now)).toBe("never");
    expect(relativeTime("not a date", now)).toBe("unknown");
  });
});

describe("dates for the core", () => {
  it("sends a datetime-local value as RFC 3339 UTC", () => {
    const sent = localInputToRfc3339("2025-03-01T10:30");
    expect(sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(sent).toBe(new Date(2025, 2, 1, 10, 30).toISOString());
  });

  it("round-trips through the datetime-local format", () => {
    const d = new Date(2024, 11, 31, 23, 5);
    expect(toLocalInputValue(d)).toBe("2024-12-31T23:05");
  });

  it("formats a calendar date without shifting it by the time zone", () => {
    expect(formatDate("2019-04-01")).toBe("1 Apr 2019");
  });
});

describe("initials", () => {
  it("takes the first and last names' initials", () => {
    expect(initials("Ada King Lovelace")).toBe("AL");
    expect(initials("Cher")).toBe("C");
    expect(initials("  ")).toBe("?");
  });
});
