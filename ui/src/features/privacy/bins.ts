// The three bins of personal information (never / maybe / fine), with the words the UI gives
// them, and the groupings the views show. Colours live in the CSS as `--sens-<bin>`.
import type { Category, FactView, LintWarning, Passage, Sensitivity, Severity } from "../../bindings/commands";
import { plural } from "../../lib/format";

export interface BinInfo {
  value: Sensitivity;
  label: string;
  /** The rule in a few words ("Keep out of outreach"). */
  rule: string;
  /** The rule in a sentence, for help and group headings. */
  detail: string;
}

/** Most sensitive first, as the core orders them. */
export const BINS: readonly BinInfo[] = [
  {
    value: "never",
    label: "Never",
    rule: "Keep out of outreach",
    detail: "Never reference these in outreach, however long you have known them and even if they told you themselves.",
  },
  {
    value: "maybe",
    label: "Maybe",
    rule: "Only in a long, strong relationship",
    detail: "Risky early on; usable once the relationship is old and strong enough, and then with care.",
  },
  {
    value: "fine",
    label: "Fine",
    rule: "Professional, fine to use",
    detail: "Professional facts are fine to mention — but only what you saw, heard or read yourself.",
  },
];

export function binInfo(bin: Sensitivity): BinInfo {
  return BINS.find((b) => b.value === bin) ?? BINS[0]!;
}

export interface SeverityInfo {
  value: Severity;
  label: string;
  /** The bin whose colour the warning takes. */
  tone: Sensitivity;
}

export const SEVERITIES: Record<Severity, SeverityInfo> = {
  remove: { value: "remove", label: "Remove", tone: "never" },
  warn: { value: "warn", label: "Reconsider", tone: "maybe" },
  caution: { value: "caution", label: "With care", tone: "maybe" },
};

const SEVERITY_RANK: Record<Severity, number> = { remove: 0, warn: 1, caution: 2 };

/** The most severe of some warnings (`null` for none). */
export function worstSeverity(warnings: readonly Pick<LintWarning, "severity">[]): Severity | null {
  let worst: Severity | null = null;
  for (const w of warnings) if (worst === null || SEVERITY_RANK[w.severity] < SEVERITY_RANK[worst]) worst = w.severity;
  return worst;
}

const BIN_RANK: Record<Sensitivity, number> = { never: 0, maybe: 1, fine: 2 };

/** The most sensitive bin among some passages (`null` for none). */
export function worstBin(items: readonly { bin: Sensitivity }[]): Sensitivity | null {
  let worst: Sensitivity | null = null;
  for (const p of items) if (worst === null || BIN_RANK[p.bin] < BIN_RANK[worst]) worst = p.bin;
  return worst;
}

// ---- Facts ----------------------------------------------------------------------------------

export interface FactGroup {
  bin: Sensitivity;
  info: BinInfo;
  /** The facts shown (for never: only those whose value the core sent). */
  facts: FactView[];
  /** Never facts whose value is withheld until the user asks to see them. */
  hidden: FactView[];
}

/** The facts by bin, never first; a bin with no facts has no group. */
export function groupFacts(facts: readonly FactView[]): FactGroup[] {
  return BINS.map((info) => {
    const inBin = facts.filter((f) => f.bin === info.value);
    const hidden = info.value === "never" ? inBin.filter((f) => f.value === null) : [];
    return { bin: info.value, info, facts: inBin.filter((f) => !hidden.includes(f)), hidden };
  }).filter((g) => g.facts.length + g.hidden.length > 0);
}

const list = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** "children, health and job search": the categories of some facts, each once, in order. */
export function categoryWords(facts: readonly Pick<FactView, "label">[]): string {
  const labels = [...new Set(facts.map((f) => f.label.toLowerCase()))];
  return list.format(labels);
}

/**
 * Why the never facts are out of sight: "2 facts you must never use in outreach are hidden —
 * facts about children and health never belong in a sales message, even if they told you."
 */
export function hiddenNeverSentence(hidden: readonly Pick<FactView, "label">[]): string {
  const n = hidden.length;
  return `${plural(n, "fact", "facts")} you must never use in outreach ${n === 1 ? "is" : "are"} hidden — facts about ${categoryWords(
    hidden,
  )} never belong in a sales message, even if they told you.`;
}

/** Taxonomy categories by bin, in the core's order. */
export function categoriesByBin(categories: readonly Category[]): { info: BinInfo; categories: Category[] }[] {
  return BINS.map((info) => ({ info, categories: categories.filter((c) => c.bin === info.value) })).filter(
    (g) => g.categories.length > 0,
  );
}

/** The core's phrases start in lower case ("known for 6 years…"); a line of its own starts with a capital. */
export function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

// ---- Passages in free text ---------------------------------------------------------------------

export interface PassageLine {
  bin: Sensitivity;
  text: string;
}

/** What the notes hold, a line per bin: "2 passages here must never be used in outreach". */
export function passageLines(passages: readonly Pick<Passage, "bin">[]): PassageLine[] {
  const never = passages.filter((p) => p.bin === "never").length;
  const maybe = passages.filter((p) => p.bin === "maybe").length;
  const lines: PassageLine[] = [];
  if (never) {
    lines.push({
      bin: "never",
      text: `${plural(never, "passage", "passages")} here must never be used in outreach`,
    });
  }
  if (maybe) {
    lines.push({
      bin: "maybe",
      text: `${plural(maybe, "passage", "passages")} only for a long, strong relationship`,
    });
  }
  return lines;
}
