import { describe, expect, it } from "vitest";
import { defaultWeight, entrySource, signed } from "./ledger";

describe("ledger words", () => {
  it("says where an entry comes from", () => {
    expect(entrySource({ id: 3, request_id: null, interaction_id: null })).toBe("typed");
    expect(entrySource({ id: null, request_id: 4, interaction_id: 9 })).toBe("request");
    expect(entrySource({ id: null, request_id: null, interaction_id: 9 })).toBe("interaction");
  });
  it("signs what an entry weighs", () => {
    expect(signed(1.84)).toBe("+1.8");
    expect(signed(-0.94)).toBe("−0.9");
    expect(signed(0.01)).toBe("0");
  });
  it("defaults the weight by kind as the core does", () => {
    expect(defaultWeight("referral")).toBe(3);
    expect(defaultWeight("introduction")).toBe(2);
    expect(defaultWeight("favour")).toBe(1);
  });
});
