import { describe, expect, it } from "vitest";
import { href, parseRoute } from "./router.svelte";

describe("parseRoute", () => {
  it.each([
    ["", { name: "today" }],
    ["#/", { name: "today" }],
    ["#/today", { name: "today" }],
    ["#/today?view=keep", { name: "today", view: "keep" }],
    ["#/today?view=health", { name: "today", view: "health" }],
    ["#/today?view=other", { name: "today" }],
    ["#/today/3", { name: "not_found", path: "/today/3" }],
    ["#/people", { name: "people" }],
    ["#/people?organization=4", { name: "people", organization: 4 }],
    ["#/people?organization=abc", { name: "people" }],
    ["#/people/12", { name: "person", id: 12 }],
    ["#/people/0", { name: "not_found", path: "/people/0" }],
    ["#/organizations", { name: "organizations" }],
    ["#/organizations?import=1", { name: "organizations", import: true }],
    ["#/organizations?import=yes", { name: "organizations" }],
    ["#/paths", { name: "paths" }],
    ["#/paths?person=7", { name: "paths", person: 7 }],
    ["#/paths?organization=3", { name: "paths", organization: 3 }],
    ["#/paths?organization=3&from=4", { name: "paths", organization: 3, from: 4 }],
    ["#/paths?organization=3&from=x", { name: "paths", organization: 3 }],
    ["#/paths?person=x", { name: "paths" }],
    ["#/sphere", { name: "sphere" }],
    ["#/sphere?path=1,35,34", { name: "sphere", path: [1, 35, 34] }],
    ["#/sphere?path=1", { name: "sphere" }],
    ["#/sphere?path=1,,3", { name: "sphere" }],
    ["#/sphere?path=1,abc", { name: "sphere" }],
    ["#/sphere?highlight=12,40,77", { name: "sphere", highlight: [12, 40, 77] }],
    // A malformed or repeated entry is dropped, the rest kept.
    ["#/sphere?highlight=12,x,0,40,12", { name: "sphere", highlight: [12, 40] }],
    ["#/sphere?highlight=", { name: "sphere" }],
    ["#/sphere?pairs=12-40,77-90", { name: "sphere", pairs: [[12, 40], [77, 90]] }],
    // A pair with itself, a half pair, junk and the same pair the other way round are dropped.
    ["#/sphere?pairs=5-5,7-,a-b,12-40,40-12", { name: "sphere", pairs: [[12, 40]] }],
    [
      "#/sphere?highlight=3&pairs=12-40&path=1,2",
      { name: "sphere", path: [1, 2], highlight: [3], pairs: [[12, 40]] },
    ],
    ["#/settings", { name: "settings" }],
    ["#/settings/team", { name: "settings", section: "team" }],
    ["#/settings/more", { name: "not_found", path: "/settings/more" }],
    ["#/settings/team/x", { name: "not_found", path: "/settings/team/x" }],
    ["#/import", { name: "import" }],
    ["#/sources", { name: "sources" }],
    ["#/introductions", { name: "introductions" }],
    ["#/requests", { name: "requests" }],
    ["#/requests/4", { name: "requests", id: 4 }],
    ["#/requests/0", { name: "not_found", path: "/requests/0" }],
    ["#/requests?view=sources", { name: "requests", view: "sources" }],
    ["#/requests?view=other", { name: "requests" }],
    ["#/import/x", { name: "not_found", path: "/import/x" }],
    ["#/nowhere", { name: "not_found", path: "/nowhere" }],
    ["#/coverage", { name: "coverage" }],
    [
      "#/coverage?owner=3&tier=1&verdict=no_path&member=5",
      { name: "coverage", owner: 3, tier: 1, verdict: "no_path", member: 5 },
    ],
    // A tier outside 1–3, an unknown verdict and junk ids are dropped, the rest kept.
    ["#/coverage?tier=4&verdict=doomed&owner=x&member=2", { name: "coverage", member: 2 }],
    // In team mode a member who has not shared their own person has a negative id.
    ["#/coverage?owner=-2&member=-3", { name: "coverage", owner: -2, member: -3 }],
    ["#/coverage?owner=0&member=--3", { name: "coverage" }],
    ["#/accounts/7", { name: "account", id: 7 }],
    ["#/accounts", { name: "not_found", path: "/accounts" }],
    ["#/accounts/0", { name: "not_found", path: "/accounts/0" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("round-trips with href", () => {
    for (const route of [
      { name: "today" },
      { name: "today", view: "keep" },
      { name: "today", view: "health" },
      { name: "people" },
      { name: "people", organization: 3 },
      { name: "person", id: 5 },
      { name: "organizations" },
      { name: "organizations", import: true },
      { name: "paths" },
      { name: "paths", person: 12 },
      { name: "paths", organization: 4 },
      { name: "paths", organization: 4, from: 2 },
      { name: "sphere" },
      { name: "sphere", path: [1, 2, 3] },
      { name: "sphere", highlight: [12, 40, 77] },
      { name: "sphere", pairs: [[12, 40], [77, 90]] },
      { name: "sphere", path: [1, 2], highlight: [4], pairs: [[5, 6]] },
      { name: "settings" },
      { name: "settings", section: "team" },
      { name: "import" },
      { name: "sources" },
      { name: "introductions" },
      { name: "requests" },
      { name: "requests", id: 7 },
      { name: "requests", view: "sources" },
      { name: "coverage" },
      { name: "coverage", tier: 2, verdict: "single_threaded_ours" },
      { name: "coverage", owner: 4, member: 9 },
      { name: "coverage", owner: -1, member: -7 },
      { name: "account", id: 11 },
    ] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
  });

  it("writes the sphere's highlights as the links from Today and the suggestions need", () => {
    expect(href({ name: "sphere", highlight: [12, 40, 77] })).toBe("#/sphere?highlight=12,40,77");
    expect(href({ name: "sphere", highlight: [12], pairs: [[12, 40], [77, 90]] })).toBe("#/sphere?highlight=12&pairs=12-40,77-90");
    expect(href({ name: "sphere", highlight: [], pairs: [] })).toBe("#/sphere");
  });
});
