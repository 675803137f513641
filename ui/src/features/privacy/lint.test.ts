import { describe, expect, it } from "vitest";
import { openBlanks } from "../paths/blanks";
import { aboutIds, applyFix, fixApplies, highlights, kindLabel, liveWarnings, warningTone, type Checked } from "./lint";
import { lintResult, rosa, warning } from "./testdata";

// "🎉 Hey buddy," — the emoji is one character for the core, two UTF-16 units here.
const text = "🎉 Hey buddy,\n\nI hope Emma is well. [why you write]\n\nBest, José";
const chars = Array.from(text);
/** Where `s` starts in `text`, in characters. */
const at = (s: string) => Array.from(text.slice(0, text.indexOf(s))).length;
const emma = warning({
  start: at("Emma"),
  end: at("Emma") + 4,
  text: "Emma",
  fix: { label: "Remove the sentence", start: at("I hope"), end: at("[why"), replacement: "" },
});
const buddy = warning({
  kind: "over_familiar",
  severity: "warn",
  bin: null,
  category: null,
  start: at("Hey buddy"),
  end: at("Hey buddy") + 9,
  text: "Hey buddy",
  fix: { label: "Use “Hello Rosa,”", start: at("Hey"), end: at("Hey") + 10, replacement: "Hello Rosa," },
});
const checked: Checked = { to: rosa.id, text, result: lintResult([buddy, emma]) };

describe("the test's offsets", () => {
  it("are character offsets, as the core sends them", () => {
    expect(chars.slice(emma.start, emma.end).join("")).toBe("Emma");
    expect(text.slice(emma.start, emma.end)).not.toBe("Emma");
  });
});

describe("applyFix", () => {
  it("applies a replacement at character offsets after an emoji", () => {
    expect(applyFix(text, buddy.fix!).text).toBe("🎉 Hello Rosa,\n\nI hope Emma is well. [why you write]\n\nBest, José");
  });

  it("removes the sentence a fix names, and nothing else", () => {
    const fixed = applyFix(text, emma.fix!);
    expect(fixed.text).toBe("🎉 Hey buddy,\n\n[why you write]\n\nBest, José");
    expect(fixed.text.slice(0, fixed.caret)).toBe("🎉 Hey buddy,\n\n");
  });
});

describe("warnings while the user types", () => {
  it("keep the warnings before an edit and drop those after it until the next check", () => {
    expect(liveWarnings(checked, text)).toEqual([buddy, emma]);
    const typedAtEnd = `${text}!`;
    expect(liveWarnings(checked, typedAtEnd)).toEqual([buddy, emma]);
    const typedBetween = text.replace("I hope", "I really hope");
    expect(liveWarnings(checked, typedBetween)).toEqual([buddy]);
    expect(liveWarnings(undefined, text)).toEqual([]);
  });

  it("offer a fix only while its text is where the check found it", () => {
    expect(fixApplies(checked, text, emma.fix!)).toBe(true);
    expect(fixApplies(checked, text.replace("Hey", "Hi"), emma.fix!)).toBe(false);
    expect(fixApplies(undefined, text, emma.fix!)).toBe(false);
  });
});

describe("highlights", () => {
  it("marks warnings by character offsets and blanks by their own, and gives the text back", () => {
    const pieces = highlights(text, openBlanks(text), [buddy, emma]);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
    const marked = pieces.filter((p) => p.tone || p.blank).map((p) => [p.text, p.tone, p.blank]);
    expect(marked).toEqual([
      ["Hey buddy", "maybe", false],
      ["Emma", "never", false],
      ["[why you write]", null, true],
    ]);
  });

  it("colours a stretch two warnings share by the worse one", () => {
    const passage = warning({ kind: "passage", severity: "warn", bin: "maybe", start: emma.start - 2, end: emma.end + 3, text: "e Emma is" });
    const pieces = highlights(text, [], [passage, emma]);
    expect(pieces.find((p) => p.text === "Emma")).toMatchObject({ tone: "never", severity: "remove" });
    expect(pieces.find((p) => p.text === " is")).toMatchObject({ tone: "maybe", severity: "warn" });
  });
});

describe("warningTone", () => {
  it("is red for what must go and amber for what to reconsider", () => {
    expect(warningTone({ severity: "remove", bin: "never" })).toBe("never");
    expect(warningTone({ severity: "warn", bin: "maybe" })).toBe("maybe");
    expect(warningTone({ severity: "warn", bin: null })).toBe("maybe");
    expect(warningTone({ severity: "caution", bin: "maybe" })).toBe("maybe");
  });
});

describe("kindLabel", () => {
  it("says whose fact a fact warning is, and names the other kinds", () => {
    expect(kindLabel({ kind: "fact", person: "Bo" })).toBe("Something you know about Bo");
    expect(kindLabel({ kind: "fact", person: null })).toBe("Something you know about them");
    expect(kindLabel({ kind: "flattery", person: null })).toBe("Flattery");
  });
});

describe("aboutIds", () => {
  it("lists the others a draft is about once each, never the recipient", () => {
    expect(aboutIds(34, [165], [212, 165, 34])).toEqual([165, 212]);
    expect(aboutIds(34, [], undefined)).toEqual([]);
  });
});
