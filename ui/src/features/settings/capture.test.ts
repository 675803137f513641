import { describe, expect, it } from "vitest";
import { addAddress, isEmailAddress, sameAddresses } from "./capture";

describe("addAddress", () => {
  it("adds an address in lower case, trimmed", () => {
    expect(addAddress(["a@x.org"], "  Ada@Example.COM ")).toEqual({ addresses: ["a@x.org", "ada@example.com"] });
  });

  it.each([
    ["", "Type an address to add."],
    ["ada", "“ada” is not an email address (name@example.com)."],
    ["ada@localhost", "“ada@localhost” is not an email address (name@example.com)."],
    ["ada lovelace@x.org", "“ada lovelace@x.org” is not an email address (name@example.com)."],
    ["A@X.org", "a@x.org is already listed."],
  ])("refuses %j, naming what is wrong", (typed, error) => {
    expect(addAddress(["a@x.org"], typed)).toEqual({ error });
  });
});

describe("isEmailAddress", () => {
  it("accepts the forms real addresses take", () => {
    for (const a of ["a@b.co", "first.last+tag@mail.example.co.uk", "o'brien@x.ie"]) expect(isEmailAddress(a), a).toBe(true);
  });
});

describe("sameAddresses", () => {
  it("ignores order, not content", () => {
    expect(sameAddresses(["a@x.org", "b@x.org"], ["b@x.org", "a@x.org"])).toBe(true);
    expect(sameAddresses(["a@x.org"], ["a@x.org", "b@x.org"])).toBe(false);
    expect(sameAddresses(["a@x.org", "a@x.org"], ["a@x.org", "b@x.org"])).toBe(false);
  });
});
