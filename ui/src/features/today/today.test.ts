import { describe, expect, it } from "vitest";
import type { TodayItem } from "../../bindings/commands";
import { href } from "../../lib/router.svelte";
import { canMarkDone, signed, snoozePresets, sparkPath, sphereRoute, touchInput } from "./today";

describe("snoozePresets", () => {
  it("tomorrow, next Monday, a week and a month from a Wednesday", () => {
    const wed = new Date(2026, 5, 17, 15, 0); // Wednesday 17 June 2026
    expect(snoozePresets(wed).map((p) => p.until)).toEqual(["2026-06-18", "2026-06-22", "2026-06-24", "2026-07-17"]);
  });
  it("next Monday from a Monday is a week later, not today", () => {
    const mon = new Date(2026, 5, 15, 9, 0);
    expect(snoozePresets(mon)[1]?.until).toBe("2026-06-22");
  });
  it("crosses the end of the year", () => {
    expect(snoozePresets(new Date(2026, 11, 31))[0]?.until).toBe("2027-01-01");
  });
});

describe("touchInput", () => {
  const now = new Date("2026-06-17T10:00:00Z");
  it("a call is between you and them, now, with no sender (two-way)", () => {
    expect(touchInput("call", 1, 9, now)).toEqual({ occurred_at: "2026-06-17T10:00:00.000Z", kind: "call", participants: [1, 9] });
  });
  it("an email you log was sent by you (an attempt until they answer)", () => {
    expect(touchInput("email", 12, 3, now)).toEqual({
      occurred_at: "2026-06-17T10:00:00.000Z",
      kind: "email",
      participants: [3, 12],
      initiator_id: 12,
    });
  });
  it("without you at the centre, only them", () => {
    expect(touchInput("message", null, 3, now).participants).toEqual([3]);
    expect(touchInput("message", null, 3, now).initiator_id).toBeUndefined();
  });
});

describe("sparkPath", () => {
  it("draws from left to right, top is 100%", () => {
    expect(sparkPath([0, 1], 100, 10)).toBe("M0.0 10.0L100.0 0.0");
  });
  it("breaks the line where there is no figure", () => {
    expect(sparkPath([0.5, null, 0.5], 100, 10)).toBe("M0.0 5.0M100.0 5.0");
    expect(sparkPath([], 100, 10)).toBe("");
  });
});

describe("small words", () => {
  it("signs balances", () => {
    expect([signed(3.21), signed(-1), signed(0.01)]).toEqual(["+3.2", "−1.0", "0"]);
  });
  it("Done is for what a touch or a request move does not settle", () => {
    const item = (kind: TodayItem["kind"]) => ({ kind }) as TodayItem;
    expect(canMarkDone(item("birthday"))).toBe(true);
    expect(canMarkDone(item("keep_in_touch"))).toBe(false);
    expect(canMarkDone(item("request"))).toBe(false);
  });
});

describe("sphereRoute", () => {
  const ref = (id: number) => ({ id, display_name: `P${id}`, title: "", organization_name: null, ring: "outer" as const });
  it("marks each person once and draws the introductions as pairs", () => {
    const route = sphereRoute([
      { kind: "keep_in_touch", person: ref(4), other: null },
      { kind: "birthday", person: ref(4), other: null },
      { kind: "introduction", person: ref(7), other: ref(9) },
      { kind: "request", person: null, other: null },
    ]);
    expect(route).toEqual({ name: "sphere", highlight: [4], pairs: [[7, 9]] });
    expect(route && href(route)).toBe("#/sphere?highlight=4&pairs=7-9");
  });
  it("nothing to show when no item names anyone", () => {
    expect(sphereRoute([{ kind: "request", person: null, other: null }])).toBeNull();
  });
});
