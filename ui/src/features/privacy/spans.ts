// Spans of text as the core reports them: offsets in characters (Unicode code points), not
// the UTF-16 units JavaScript strings index by. "😀 Emma" is 6 characters for the core and 7
// units for `String.slice`, so every span crosses through these functions before it touches
// a string, a text area's selection or a highlight.

/** A span in code points: `start..end`. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where each code point starts, in UTF-16 units: `offsets[i]` for code point `i`, and
 * `offsets[n]` is `text.length` (n = the number of code points).
 */
export function codePointOffsets(text: string): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const ch of text) {
    offsets.push(at);
    at += ch.length;
  }
  offsets.push(at);
  return offsets;
}

/** The number of code points in `text`. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A code point offset as a UTF-16 index (clamped to the text). */
export function toUtf16(text: string, codePoint: number): number {
  const offsets = codePointOffsets(text);
  const i = Math.max(0, Math.min(Math.trunc(codePoint), offsets.length - 1));
  return offsets[i] ?? text.length;
}

/** A UTF-16 index as a code point offset (an index inside a surrogate pair counts its code point). */
export function toCodePoint(text: string, utf16: number): number {
  let n = 0;
  let at = 0;
  for (const ch of text) {
    if (at >= utf16) return n;
    at += ch.length;
    n++;
  }
  return n;
}

/** The characters `start..end` of `text` (code points). */
export function sliceChars(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join("");
}

/** A piece of text and the spans that cover it. */
export interface Piece<T extends Span> {
  text: string;
  /** Code point offsets of the piece in the whole text. */
  start: number;
  end: number;
  /** The spans covering this piece, in the order given (empty for plain text). */
  covers: T[];
}

/**
 * Cuts `text` at every boundary of `spans` (code point offsets). Each piece lists the spans
 * that cover it, so overlapping spans (a fact inside a passage) need no special case; joined,
 * the pieces give the text back. Spans outside the text are clamped, empty ones ignored.
 */
export function splitSpans<T extends Span>(text: string, spans: readonly T[]): Piece<T>[] {
  const chars = Array.from(text);
  const n = chars.length;
  const clamp = (x: number) => Math.max(0, Math.min(Math.trunc(x), n));
  const live = spans
    .map((span) => ({ span, start: clamp(span.start), end: clamp(span.end) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set<number>([0, n]);
  for (const s of live) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece<T>[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covers = live.filter((s) => s.start <= start && s.end >= end).map((s) => s.span);
    const last = pieces[pieces.length - 1];
    // Neighbours covered by the same spans are one piece (no cut inside plain text).
    if (last && last.end === start && sameSpans(last.covers, covers)) {
      last.text += chars.slice(start, end).join("");
      last.end = end;
    } else {
      pieces.push({ text: chars.slice(start, end).join(""), start, end, covers });
    }
  }
  return pieces;
}

function sameSpans<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A replacement of characters `start..end` (code points), as the linter's fixes are. */
export interface Replacement extends Span {
  replacement: string;
}

export interface Applied {
  text: string;
  /** Where the caret goes after the change: the end of the replacement, in UTF-16 units. */
  caret: number;
}

/** Applies a fix to `text`. */
export function applyReplacement(text: string, fix: Replacement): Applied {
  const chars = Array.from(text);
  const n = chars.length;
  const start = Math.max(0, Math.min(fix.start, n));
  const end = Math.max(start, Math.min(fix.end, n));
  const before = chars.slice(0, start).join("");
  const after = chars.slice(end).join("");
  return { text: before + fix.replacement + after, caret: before.length + fix.replacement.length };
}

/**
 * Whether spans up to code point `end`, found in `checked`, still mean the same characters in
 * `current`: true when the text did not change before `end` (typing after a warning keeps it).
 */
export function unchangedBefore(checked: string, current: string, end: number): boolean {
  const units = toUtf16(checked, end);
  if (codePointLength(checked) < end) return false;
  return current.length >= units && current.slice(0, units) === checked.slice(0, units);
}
