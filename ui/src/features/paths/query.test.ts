import { describe, expect, it } from "vitest";
import type { PathResult, PersonRef } from "../../bindings/commands";
import { buildPathQuery, emptyPathForm, pathKey, placePathError, whyNoPaths, type PathForm } from "./query";

const ian: PersonRef = {
  id: 165,
  display_name: "Ian Alvarez",
  title: "Chief Executive Officer",
  organization_name: "Meridian Logistics",
  ring: "beyond",
};
const bob: PersonRef = { id: 9, display_name: "Bob Stone", title: "", organization_name: null, ring: "outer" };

function form(patch: Partial<PathForm>): PathForm {
  return { ...emptyPathForm(), ...patch };
}

describe("buildPathQuery", () => {
  it("needs a target", () => {
    expect(buildPathQuery(emptyPathForm())).toBeNull();
  });

  it("asks for a person with the defaults spelled out", () => {
    expect(buildPathQuery(form({ target: { kind: "person", person: ian } }))).toEqual({
      to_person: 165,
      k: 5,
      max_hops: 3,
      ask_penalty: true,
    });
  });

  it("sends an organization's title phrases trimmed, and none when blank", () => {
    const atlas = { kind: "organization", id: 4, name: "Atlas Publishing", people: 12 } as const;
    expect(buildPathQuery(form({ target: atlas, title: " VP ,  Head of,, " }))).toMatchObject({
      to_organization: 4,
      title: "VP, Head of",
    });
    expect(buildPathQuery(form({ target: atlas, title: " , " }))).not.toHaveProperty("title");
  });

  it("never sends a title with a person", () => {
    expect(buildPathQuery(form({ target: { kind: "person", person: ian }, title: "VP" }))).not.toHaveProperty("title");
  });

  it("starts from a team member, or from the whole team", () => {
    const target = { kind: "person", person: ian } as const;
    expect(buildPathQuery(form({ target, from: "member", member: 3 }))).toMatchObject({ from_person: 3 });
    expect(buildPathQuery(form({ target, from: "team" }))).toMatchObject({ from_team: true });
    expect(buildPathQuery(form({ target, from: "me" }))).not.toHaveProperty("from_team");
  });

  it("sends exclusions, my-relationships-first (from me only) and the ask penalty switch", () => {
    const target = { kind: "person", person: ian } as const;
    const q = buildPathQuery(form({ target, exclude: [bob], first_hop_mine: true, ask_penalty: false, k: 10, max_hops: 4 }));
    expect(q).toEqual({ to_person: 165, k: 10, max_hops: 4, exclude: [9], first_hop_mine: true, ask_penalty: false });
    expect(buildPathQuery(form({ target, from: "team", first_hop_mine: true }))).not.toHaveProperty("first_hop_mine");
  });
});

describe("placePathError", () => {
  it.each([
    ["to_person", "target"],
    ["to_organization", "target"],
    ["from_person", "from"],
    ["title", "title"],
    ["k", "k"],
    ["max_hops", "max_hops"],
    ["exclude[1]", "exclude"],
    ["first_hop_mine", "first_hop_mine"],
  ])("puts an error about %s next to %s", (field, name) => {
    const placed = placePathError({ kind: "invalid_input", message: "bad", field });
    expect(placed).toEqual({ fields: { [name]: "bad" }, form: null });
  });

  it("puts an error with no field of the form above it", () => {
    expect(placePathError({ kind: "not_found", message: "no person with id 12" })).toEqual({
      fields: {},
      form: "no person with id 12",
    });
  });
});

describe("whyNoPaths", () => {
  const result = (patch: Partial<PathResult>): PathResult => ({
    from: [],
    target_label: "",
    targets: [],
    target_count: 1,
    paths: [],
    k: 5,
    max_hops: 3,
    valued_at: "2026-01-01T00:00:00Z",
    ...patch,
  });
  const org = { kind: "organization", id: 4, name: "Atlas Publishing", people: 3 } as const;

  it("says nobody matches a title filter, and offers any title", () => {
    expect(whyNoPaths(result({ target_count: 0 }), form({ target: org, title: "Chief" }), 0)).toEqual({
      reason: "no_targets",
      suggestions: ["any_title"],
    });
  });

  it("suggests more hops, the whole team and fewer exclusions when they could help", () => {
    const f = form({ target: org, exclude: [bob] });
    expect(whyNoPaths(result({}), f, 3)?.suggestions).toEqual(["more_hops", "whole_team", "clear_exclusions"]);
    expect(whyNoPaths(result({}), form({ target: org, max_hops: 5, from: "team" }), 3)?.suggestions).toEqual([]);
    expect(whyNoPaths(result({}), form({ target: org }), 0)?.suggestions).toEqual(["more_hops"]);
  });

  it("is null when there are paths", () => {
    const path = { rank: 1, people: [], hops: [], tie_strength: 1, strength: 1, cost: 0, draft: null, alternatives: [] };
    expect(whyNoPaths(result({ paths: [path] }), form({}), 0)).toBeNull();
  });
});

describe("pathKey", () => {
  it("names a path by its people", () => {
    expect(pathKey({ people: [{ id: 1 }, { id: 35 }, { id: 34 }] })).toBe("1-35-34");
  });
});
