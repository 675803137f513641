// Introductions you could make: labels and small rules the views share.
import type { DismissReason, IntroSuggestion, NeedOffer, Openness, OptIn } from "../../bindings/commands";

export const DISMISS_REASONS: readonly { value: DismissReason; label: string; hint: string }[] = [
  { value: "already_know", label: "They already know each other", hint: "records a relationship between them" },
  { value: "not_a_fit", label: "Not a fit", hint: "pushed far down, for good" },
  { value: "not_now", label: "Not now", hint: "pushed down for 60 days, then back" },
];

export function dismissLabel(reason: DismissReason): string {
  return DISMISS_REASONS.find((r) => r.value === reason)?.label ?? reason;
}

export const OPENNESS: readonly { value: Openness; label: string }[] = [
  { value: "unknown", label: "Not known" },
  { value: "yes", label: "Open" },
  { value: "no", label: "Not open" },
];

export const ANSWERS: Record<OptIn, { label: string; tone: "neutral" | "success" | "danger" }> = {
  pending: { label: "No answer yet", tone: "neutral" },
  opted_in: { label: "Opted in", tone: "success" },
  declined: { label: "Declined", tone: "danger" },
};

/** A stable key for an unordered pair. */
export function pairKey(s: Pick<IntroSuggestion, "a" | "b">): string {
  const [x, y] = [s.a.id, s.b.id].sort((p, q) => p - q);
  return `${x}-${y}`;
}

/** "until 7 Mar 2027" or "expired 7 Mar 2026", from an ISO date. */
export function expiryText(entry: Pick<NeedOffer, "expires_on" | "expired">, format: (iso: string) => string): string {
  return `${entry.expired ? "expired" : "until"} ${format(entry.expires_on)}`;
}

/** The suggestion's score as a share of the best on the page (for a bar), in [0, 1]. */
export function relativeScore(score: number, best: number): number {
  if (!(best > 0) || !(score > 0)) return 0;
  return Math.min(1, score / best);
}

/** Entries split for display: active needs, active offers, then expired ones. */
export function groupEntries(items: readonly NeedOffer[]): { needs: NeedOffer[]; offers: NeedOffer[]; expired: NeedOffer[] } {
  return {
    needs: items.filter((e) => !e.expired && e.kind === "need"),
    offers: items.filter((e) => !e.expired && e.kind === "offer"),
    expired: items.filter((e) => e.expired),
  };
}
