import { describe, expect, it } from "vitest";
import type { PersonRef, WarmPath } from "../../bindings/commands";
import { backupPaths, buildAskInput, splitDraft } from "./askDraft";

const p = (id: number, name = `P${id}`): PersonRef => ({ id, display_name: name, title: "", organization_name: null, ring: "outer" });

/** A path through people `ids` (the first is who asks); its draft writes to the second. */
function path(rank: number, ids: number[]): WarmPath {
  const people = ids.map((id) => p(id));
  return {
    rank,
    people,
    hops: [],
    tie_strength: 0.5,
    strength: 0.5,
    cost: 0.7,
    draft: ids.length >= 3 ? { from: people[0]!, connector: people[1]!, ask_for: people[2]!, subject: "Intro?", body: "Hi", blanks: [] } : null,
    alternatives: [],
  };
}

describe("splitDraft", () => {
  it("reads the subject line and the body after the blank line", () => {
    expect(splitDraft("Subject: Intro to Bo?\n\nHi Ada,\n\nCould you…\n")).toEqual({ subject: "Intro to Bo?", body: "Hi Ada,\n\nCould you…" });
  });
  it("keeps the draft's subject when the user removed the subject line", () => {
    expect(splitDraft("Hi Ada", "Intro?")).toEqual({ subject: "Intro?", body: "Hi Ada" });
  });
  it("falls back when the subject line is emptied", () => {
    expect(splitDraft("Subject:   \n\nHi", "Intro?")).toEqual({ subject: "Intro?", body: "Hi" });
  });
});

describe("backupPaths", () => {
  const a = path(1, [1, 10, 20, 99]);
  const sameFirst = path(2, [1, 10, 21, 99]);
  const b = path(3, [1, 11, 99]);
  const direct = path(4, [1, 99]);
  const c = path(5, [1, 12, 22, 99]);
  const d = path(6, [1, 13, 99]);
  const otherAsker = path(7, [2, 14, 99]);

  it("takes up to two other paths whose first connector differs, best first", () => {
    expect(backupPaths([a, sameFirst, b, direct, c, d], a).map((x) => x.rank)).toEqual([3, 5]);
  });
  it("never repeats a connector among the backups", () => {
    const b2 = path(4, [1, 11, 23, 99]);
    expect(backupPaths([a, b, b2, c], a).map((x) => x.rank)).toEqual([3, 5]);
  });
  it("skips paths asked by someone else and paths with nobody to ask", () => {
    expect(backupPaths([a, direct, otherAsker], a)).toEqual([]);
  });
  it("works from a chosen path that is not the best", () => {
    expect(backupPaths([a, b, c], c).map((x) => x.rank)).toEqual([1, 3]);
  });
});

describe("buildAskInput", () => {
  const form = { subject: " Intro? ", body: " Hi ", mode: "introduce" as const, why_target: "", why_now: " budget " };
  it("lists the chosen path first, then its backups, as people ids", () => {
    const input = buildAskInput({ kind: "person", id: 99 }, path(2, [1, 11, 99]), [path(1, [1, 10, 20, 99])], form, true);
    expect(input).toEqual({
      paths: [
        [1, 11, 99],
        [1, 10, 20, 99],
      ],
      subject: "Intro?",
      message: "Hi",
      mode: "introduce",
      send: true,
      target_person: 99,
      why_now: "budget",
    });
  });
  it("targets an organization with its title phrases", () => {
    const input = buildAskInput({ kind: "organization", id: 4, title: "VP" }, path(1, [1, 10, 99]), [], form, false);
    expect(input.target_organization).toBe(4);
    expect(input.title).toBe("VP");
    expect(input.target_person).toBeUndefined();
    expect(input.send).toBe(false);
  });
});
