import { describe, expect, it } from "vitest";
import {
  applyReplacement,
  codePointLength,
  codePointOffsets,
  sliceChars,
  splitSpans,
  toCodePoint,
  toUtf16,
  unchangedBefore,
} from "./spans";

// The core counts characters as Unicode scalar values (code points). JavaScript strings count
// UTF-16 units: "😀" is 1 character and 2 units; "é" is 1 and 1, but "e" + U+0301 is 2 and 2.
const EMOJI = "😀 Emma plays soccer"; // E at code point 2, UTF-16 unit 3
const DECOMPOSED = "Jose\u0301 and Emma"; // "José" written with a combining accent

describe("code point offsets", () => {
  it("maps characters to UTF-16 units and back, across surrogate pairs", () => {
    expect(codePointOffsets("a😀b")).toEqual([0, 1, 3, 4]);
    expect(codePointLength(EMOJI)).toBe(EMOJI.length - 1);
    expect(toUtf16(EMOJI, 2)).toBe(3);
    expect(toCodePoint(EMOJI, 3)).toBe(2);
    // An index inside the pair belongs to the emoji's code point, which ends after it.
    expect(toCodePoint("😀x", 1)).toBe(1);
    expect(toUtf16("abc", 99)).toBe(3);
    expect(toUtf16("abc", -4)).toBe(0);
  });

  it("slices by characters, as the core's offsets mean", () => {
    expect(sliceChars(EMOJI, 2, 6)).toBe("Emma");
    expect(EMOJI.slice(2, 6)).not.toBe("Emma"); // what a UTF-16 slice would wrongly give
    expect(sliceChars("Café 😀 crème", 5, 6)).toBe("😀");
    expect(sliceChars(DECOMPOSED, 0, 5)).toBe("Jose\u0301");
  });
});

describe("splitSpans", () => {
  it("cuts a text with an emoji before the span at the right place", () => {
    const pieces = splitSpans(EMOJI, [{ start: 2, end: 6 }]);
    expect(pieces.map((p) => p.text)).toEqual(["😀 ", "Emma", " plays soccer"]);
    expect(pieces.map((p) => p.covers.length)).toEqual([0, 1, 0]);
    expect(pieces[1]).toMatchObject({ start: 2, end: 6 });
    expect(pieces.map((p) => p.text).join("")).toBe(EMOJI);
  });

  it("counts precomposed and combining accents as the core does", () => {
    // "Café: Emma" — é is one code point.
    expect(splitSpans("Café: Emma", [{ start: 6, end: 10 }]).map((p) => p.text)).toEqual(["Café: ", "Emma"]);
    // "José and Emma" with a combining accent: e + U+0301 are two code points.
    const pieces = splitSpans(DECOMPOSED, [{ start: 10, end: 14 }]);
    expect(pieces.map((p) => p.text)).toEqual(["Jose\u0301 and ", "Emma"]);
  });

  it("handles emoji inside a span and several emoji in a row", () => {
    const text = "Go 🎉🎉 team ⚽ now";
    const pieces = splitSpans(text, [
      { start: 3, end: 5 },
      { start: 11, end: 12 },
    ]);
    expect(pieces.filter((p) => p.covers.length).map((p) => p.text)).toEqual(["🎉🎉", "⚽"]);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
  });

  it("lists every span that covers a piece when spans overlap or nest", () => {
    const outer = { start: 0, end: 10, id: "passage" };
    const inner = { start: 4, end: 8, id: "fact" };
    const pieces = splitSpans("abcdefghijkl", [outer, inner]);
    expect(pieces.map((p) => [p.text, p.covers.map((c) => c.id)])).toEqual([
      ["abcd", ["passage"]],
      ["efgh", ["passage", "fact"]],
      ["ij", ["passage"]],
      ["kl", []],
    ]);
  });

  it("ignores empty spans, clamps spans past the end, and keeps an empty text empty", () => {
    expect(splitSpans("hello", [{ start: 2, end: 2 }])).toEqual([{ text: "hello", start: 0, end: 5, covers: [] }]);
    expect(splitSpans("hello", [{ start: 3, end: 40 }]).map((p) => p.text)).toEqual(["hel", "lo"]);
    expect(splitSpans("", [{ start: 0, end: 3 }])).toEqual([]);
  });
});

describe("applyReplacement", () => {
  it("replaces characters, not UTF-16 units, and puts the caret after the replacement", () => {
    const text = "😀 Hey buddy, hello";
    const applied = applyReplacement(text, { start: 2, end: 12, replacement: "Hello Rosa," });
    expect(applied.text).toBe("😀 Hello Rosa, hello");
    expect(applied.text.slice(0, applied.caret)).toBe("😀 Hello Rosa,");
  });

  it("deletes a sentence after accented text and an emoji", () => {
    const text = "Café ☕ was great. I hope Emma is well. Best, José";
    const start = Array.from(text).indexOf("I");
    const end = Array.from(text).indexOf("B");
    expect(applyReplacement(text, { start, end, replacement: "" }).text).toBe("Café ☕ was great. Best, José");
  });

  it("clamps a fix that runs past the end", () => {
    expect(applyReplacement("abc", { start: 1, end: 99, replacement: "!" }).text).toBe("a!");
  });
});

describe("unchangedBefore", () => {
  it("holds while the text before the span's end is the same", () => {
    const checked = "😀 Hi Emma";
    expect(unchangedBefore(checked, checked, 8)).toBe(true);
    expect(unchangedBefore(checked, `${checked}, how are you?`, 8)).toBe(true);
    expect(unchangedBefore(checked, `X${checked}`, 8)).toBe(false);
    expect(unchangedBefore(checked, "😀 Hi Em", 8)).toBe(false);
    expect(unchangedBefore(checked, checked, 99)).toBe(false);
  });
});
