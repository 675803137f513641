import { describe, expect, it } from "vitest";
import { href, parseRoute } from "./router.svelte";

describe("parseRoute", () => {
  it.each([
    ["", { name: "people" }],
    ["#/", { name: "people" }],
    ["#/people", { name: "people" }],
    ["#/people?organization=4", { name: "people", organization: 4 }],
    ["#/people?organization=abc", { name: "people" }],
    ["#/people/12", { name: "person", id: 12 }],
    ["#/people/0", { name: "not_found", path: "/people/0" }],
    ["#/organizations", { name: "organizations" }],
    ["#/nowhere", { name: "not_found", path: "/nowhere" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips with href", () => {
    for (const route of [
      { name: "people" },
      { name: "people", organization: 3 },
      { name: "person", id: 5 },
      { name: "organizations" },
    ] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
  });
});
