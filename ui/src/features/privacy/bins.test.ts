import { describe, expect, it } from "vitest";
import type { Category } from "../../bindings/commands";
import { categoriesByBin, categoryWords, groupFacts, hiddenNeverSentence, passageLines, worstBin, worstSeverity } from "./bins";
import { rosaFacts } from "./testdata";

describe("groupFacts", () => {
  it("puts never first and keeps never values out of sight until revealed", () => {
    const groups = groupFacts(rosaFacts(false).facts);
    expect(groups.map((g) => g.bin)).toEqual(["never", "maybe", "fine"]);
    const never = groups[0]!;
    expect(never.facts).toEqual([]);
    expect(never.hidden.map((f) => f.label)).toEqual(["Children", "Health"]);
    expect(groups[1]!.facts.map((f) => f.id)).toEqual([3, 4]);
    expect(groups[2]!.hidden).toEqual([]);
  });

  it("shows the never facts once the core sent their values", () => {
    const never = groupFacts(rosaFacts(true).facts)[0]!;
    expect(never.hidden).toEqual([]);
    expect(never.facts.map((f) => f.value)).toEqual(["Emma, plays soccer at Lincoln High", "Knee surgery in March"]);
  });

  it("leaves out bins with nothing in them", () => {
    const onlyFine = rosaFacts(true).facts.filter((f) => f.bin === "fine");
    expect(groupFacts(onlyFine).map((g) => g.bin)).toEqual(["fine"]);
    expect(groupFacts([])).toEqual([]);
  });
});

describe("the hidden never facts, in words", () => {
  it("names the categories once each, and agrees in number", () => {
    const hidden = groupFacts(rosaFacts(false).facts)[0]!.hidden;
    expect(hiddenNeverSentence(hidden)).toBe(
      "2 facts you must never use in outreach are hidden — facts about children and health never belong in a sales message, even if they told you.",
    );
    expect(hiddenNeverSentence([{ label: "Religion" }])).toMatch(/^1 fact you must never use in outreach is hidden — facts about religion /);
    expect(categoryWords([{ label: "Religion" }, { label: "Health" }, { label: "Religion" }, { label: "Job search" }])).toBe(
      "religion, health and job search",
    );
  });
});

describe("passageLines", () => {
  it("says how many passages must never be used, and how many only later", () => {
    expect(passageLines([{ bin: "never" }, { bin: "maybe" }, { bin: "never" }])).toEqual([
      { bin: "never", text: "2 passages here must never be used in outreach" },
      { bin: "maybe", text: "1 passage only for a long, strong relationship" },
    ]);
    expect(passageLines([])).toEqual([]);
  });
});

describe("worst of", () => {
  it("orders never > maybe > fine and remove > warn > caution", () => {
    expect(worstBin([{ bin: "fine" }, { bin: "maybe" }])).toBe("maybe");
    expect(worstBin([{ bin: "maybe" }, { bin: "never" }])).toBe("never");
    expect(worstBin([])).toBeNull();
    expect(worstSeverity([{ severity: "caution" }, { severity: "warn" }])).toBe("warn");
    expect(worstSeverity([{ severity: "warn" }, { severity: "remove" }])).toBe("remove");
  });
});

describe("categoriesByBin", () => {
  it("groups the taxonomy for the category select, never first", () => {
    const cat = (id: string, bin: Category["bin"]): Category => ({ id, bin, label: id, rationale: "" });
    const groups = categoriesByBin([cat("award", "fine"), cat("children", "never"), cat("travel", "maybe"), cat("health", "never")]);
    expect(groups.map((g) => [g.info.label, g.categories.map((c) => c.id)])).toEqual([
      ["Never", ["children", "health"]],
      ["Maybe", ["travel"]],
      ["Fine", ["award"]],
    ]);
  });
});
