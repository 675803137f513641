// The outreach linter's answer as the draft editor shows it: which warnings still point at the
// text on screen, the highlights behind the text area, and fixes applied to the text.
import type { LintFix, LintKind, LintResult, LintWarning, Sensitivity } from "../../bindings/commands";
import { SEVERITIES, worstSeverity } from "./bins";
import { applyReplacement, splitSpans, toCodePoint, unchangedBefore, type Applied, type Span } from "./spans";

/** A lint answer with the text it is about. */
export interface Checked {
  /** The recipient's id. */
  to: number;
  text: string;
  result: LintResult;
}

export const KIND_LABELS: Record<LintKind, string> = {
  fact: "Something you know about them",
  passage: "Personal information",
  flattery: "Flattery",
  over_familiar: "Too familiar",
};

/** What a warning is about, in the list: a fact says whose ("Something you know about Bo"). */
export function kindLabel(w: Pick<LintWarning, "kind" | "person">): string {
  return w.kind === "fact" && w.person ? `Something you know about ${w.person}` : KIND_LABELS[w.kind];
}

/**
 * The other people a draft is checked against, besides its recipient: the person asked for
 * and the target of an introduction (`about`), each once.
 */
export function aboutIds(recipient: number | undefined, ...groups: readonly (readonly number[] | undefined)[]): number[] {
  const out: number[] = [];
  for (const id of groups.flatMap((g) => g ?? [])) {
    if (id !== recipient && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The colour a warning takes: its bin's when it has one, else its severity's. */
export function warningTone(w: Pick<LintWarning, "bin" | "severity">): Sensitivity {
  if (w.severity === "remove") return "never";
  return w.bin === "never" ? "never" : SEVERITIES[w.severity].tone;
}

/** The warnings of `checked` whose offsets still hold in `text` (the text did not change before their end). */
export function liveWarnings(checked: Checked | undefined, text: string): LintWarning[] {
  if (!checked) return [];
  return checked.result.warnings.filter((w) => unchangedBefore(checked.text, text, w.end));
}

/** Whether a fix found in `checked` can be applied to `text` as it is now. */
export function fixApplies(checked: Checked | undefined, text: string, fix: LintFix): boolean {
  return !!checked && unchangedBefore(checked.text, text, Math.max(fix.end, fix.start));
}

/** Applies a lint fix (character offsets) to the text. */
export function applyFix(text: string, fix: LintFix): Applied {
  return applyReplacement(text, fix);
}

/** A highlight behind the draft: a blank to fill, or the warnings on this stretch. */
export interface Highlight {
  text: string;
  start: number;
  /** Set when a warning covers it: the tone of the worst one. */
  tone: Sensitivity | null;
  severity: LintWarning["severity"] | null;
  /** A bracketed blank ("[the outcome they got]"). */
  blank: boolean;
}

interface Marked extends Span {
  warning: LintWarning | null;
}

/**
 * The draft cut into pieces for the backdrop: blanks (UTF-16 offsets, as `openBlanks` gives
 * them) and warnings (code point offsets, as the core gives them), overlaps resolved to the
 * worst warning. Joined, the pieces give the text back.
 */
export function highlights(text: string, blanks: readonly { start: number; end: number }[], warnings: readonly LintWarning[]): Highlight[] {
  const spans: Marked[] = [
    ...blanks.map((b) => ({ start: toCodePoint(text, b.start), end: toCodePoint(text, b.end), warning: null })),
    ...warnings.map((w) => ({ start: w.start, end: w.end, warning: w })),
  ];
  return splitSpans(text, spans).map((piece) => {
    const covering = piece.covers.flatMap((s) => (s.warning ? [s.warning] : []));
    const severity = worstSeverity(covering);
    const worst = covering.find((w) => w.severity === severity);
    return {
      text: piece.text,
      start: piece.start,
      tone: worst ? warningTone(worst) : null,
      severity,
      blank: piece.covers.some((s) => s.warning === null),
    };
  });
}
