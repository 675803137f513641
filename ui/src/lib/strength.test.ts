import { describe, expect, it } from "vitest";
import { askPenalty, percent, strengthBand } from "./strength";

describe("strength words", () => {
  it.each([
    [0.95, "strong"],
    [0.6, "strong"],
    [0.59, "moderate"],
    [0.3, "moderate"],
    [0.29, "weak"],
    [0.05, "weak"],
  ] as const)("%s is %s", (s, band) => {
    expect(strengthBand(s)).toBe(band);
  });

  it.each([
    [0.268, "27%"],
    [1, "100%"],
    [0.004, "<1%"],
    [0, "0%"],
    [Number.NaN, "0%"],
  ])("percent(%s) = %s", (s, text) => {
    expect(percent(s)).toBe(text);
  });
});

describe("askPenalty", () => {
  it("ignores floating point noise between the two strengths", () => {
    // Real numbers from the core: the same path, valued through logarithms.
    expect(askPenalty({ tie_strength: 0.14800419959760683, strength: 0.1480041995976068 }).applied).toBe(false);
    expect(askPenalty({ tie_strength: 0.5, strength: 0.5 })).toEqual({ applied: false, factor: 1 });
  });

  it("reports the share left after recent asks", () => {
    const p = askPenalty({ tie_strength: 0.4, strength: 0.2 });
    expect(p.applied).toBe(true);
    expect(p.factor).toBeCloseTo(0.5);
  });

  it("is not applied to an empty path", () => {
    expect(askPenalty({ tie_strength: 0, strength: 0 }).applied).toBe(false);
  });
});
