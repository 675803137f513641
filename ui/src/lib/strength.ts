// Tie strength as the UI shows it: a percentage, a band with a word, and the ask penalty of
// a warm path. The number itself is the core's (src/strength.rs); nothing is recomputed here.

export type StrengthBand = "strong" | "moderate" | "weak";

/** Strong from 60 %, moderate from 30 % (about a tie with no recent contact but years behind it). */
export function strengthBand(strength: number): StrengthBand {
  if (strength >= 0.6) return "strong";
  if (strength >= 0.3) return "moderate";
  return "weak";
}

export const BAND_LABELS: Record<StrengthBand, string> = {
  strong: "Strong",
  moderate: "Moderate",
  weak: "Weak",
};

/** "27%"; "<1%" for a positive strength that would round to zero. */
export function percent(strength: number): string {
  if (!Number.isFinite(strength) || strength <= 0) return "0%";
  const p = Math.round(strength * 100);
  return p === 0 ? "<1%" : `${Math.min(p, 100)}%`;
}

export interface AskPenalty {
  /** Whether recent introduction requests lowered the path's strength. */
  applied: boolean;
  /** The share of the tie strength that is left (1 when not applied). */
  factor: number;
}

/**
 * Whether a path's `strength` is below its `tie_strength` (the product of its ties) because
 * its connectors were asked for introductions lately. A relative tolerance keeps the floating
 * point noise of a product of logarithms from reading as a penalty.
 */
export function askPenalty(path: { strength: number; tie_strength: number }): AskPenalty {
  const { strength, tie_strength } = path;
  if (!(tie_strength > 0) || !(strength < tie_strength * (1 - 1e-9))) return { applied: false, factor: 1 };
  return { applied: true, factor: strength / tie_strength };
}
