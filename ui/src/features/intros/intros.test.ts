import { describe, expect, it } from "vitest";
import type { NeedOffer } from "../../bindings/commands";
import { dismissLabel, expiryText, groupEntries, pairKey, relativeScore } from "./intros";

const ref = (id: number) => ({ id, display_name: `P${id}`, title: "", organization_name: null, ring: "outer" as const });
const entry = (id: number, kind: "need" | "offer", expired: boolean): NeedOffer => ({
  id,
  person_id: 1,
  kind,
  term: `t${id}`,
  detail: "",
  created_at: "2026-12-01T00:00:00Z",
  expires_on: "2027-03-01",
  expired,
});

describe("introductions", () => {
  it("keys a pair the same whichever side comes first", () => {
    expect(pairKey({ a: ref(9), b: ref(3) })).toBe(pairKey({ a: ref(3), b: ref(9) }));
  });

  it("says whether an entry is still matched", () => {
    expect(expiryText({ expires_on: "2027-03-01", expired: false }, (d) => d)).toBe("until 2027-03-01");
    expect(expiryText({ expires_on: "2026-01-01", expired: true }, (d) => d)).toBe("expired 2026-01-01");
  });

  it("puts expired entries apart from active needs and offers", () => {
    const g = groupEntries([entry(1, "need", false), entry(2, "offer", false), entry(3, "need", true)]);
    expect(g.needs.map((e) => e.id)).toEqual([1]);
    expect(g.offers.map((e) => e.id)).toEqual([2]);
    expect(g.expired.map((e) => e.id)).toEqual([3]);
  });

  it("scales scores to the best one, never past the bar", () => {
    expect(relativeScore(0.5, 1)).toBe(0.5);
    expect(relativeScore(2, 1)).toBe(1);
    expect(relativeScore(1, 0)).toBe(0);
  });

  it("names dismissal reasons in words", () => {
    expect(dismissLabel("already_know")).toBe("They already know each other");
  });
});
