import { describe, expect, it } from "vitest";
import { draftText, openBlanks, splitBlanks } from "./blanks";

const body =
  "When Northstar started, you were dealing with [the problem you solved for them]. Since then, [the outcome they got, ideally a number].";

describe("splitBlanks", () => {
  it("cuts the draft into text and blanks that join back into it", () => {
    const parts = splitBlanks(body);
    expect(parts.map((p) => p.blank)).toEqual([false, true, false, true, false]);
    expect(parts.map((p) => p.text).join("")).toBe(body);
    expect(parts[1]).toEqual({ text: "[the problem you solved for them]", blank: true, start: body.indexOf("[the") });
  });

  it("handles a draft with no blanks, one that is only a blank, and an empty one", () => {
    expect(splitBlanks("All filled in.")).toEqual([{ text: "All filled in.", blank: false, start: 0 }]);
    expect(splitBlanks("[x]")).toEqual([{ text: "[x]", blank: true, start: 0 }]);
    expect(splitBlanks("")).toEqual([]);
  });

  it("does not take empty brackets, nested brackets or a bracket across lines for a blank", () => {
    expect(splitBlanks("a [] b").some((p) => p.blank)).toBe(false);
    expect(splitBlanks("a [one\ntwo] b").some((p) => p.blank)).toBe(false);
    expect(splitBlanks("[[x]]").filter((p) => p.blank).map((p) => p.text)).toEqual(["[x]"]);
  });
});

describe("openBlanks", () => {
  it("lists the blanks left, with where they are", () => {
    const blanks = openBlanks(body);
    expect(blanks.map((b) => b.text)).toEqual(["[the problem you solved for them]", "[the outcome they got, ideally a number]"]);
    for (const b of blanks) expect(body.slice(b.start, b.end)).toBe(b.text);
  });

  it("counts down as the user fills them", () => {
    const filled = body.replace("[the problem you solved for them]", "late deliveries");
    expect(openBlanks(filled)).toHaveLength(1);
    expect(openBlanks(filled.replace("[the outcome they got, ideally a number]", "they halved them"))).toEqual([]);
  });
});

describe("draftText", () => {
  it("puts the subject line above the body", () => {
    expect(draftText({ subject: "Would you introduce me to Ian?", body: "Hi Naomi," })).toBe(
      "Subject: Would you introduce me to Ian?\n\nHi Naomi,",
    );
  });
});
