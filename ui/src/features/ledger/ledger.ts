// The give/ask ledger as the UI shows it: the band's colour, an entry's words and where an
// implied entry comes from. The balance and its decay are the core's.
import type { Band, Direction, LedgerEntry, LedgerKind } from "../../bindings/commands";

export const BAND_TONES: Record<Band, "success" | "neutral" | "warning"> = {
  generous: "success",
  balanced: "neutral",
  overdrawn: "warning",
};

export const BAND_LABELS: Record<Band, string> = {
  generous: "Generous",
  balanced: "Balanced",
  overdrawn: "You have asked a lot lately",
};

export const LEDGER_KINDS: readonly { value: LedgerKind; label: string }[] = [
  { value: "introduction", label: "Introduction" },
  { value: "referral", label: "Referral" },
  { value: "favour", label: "Favour" },
  { value: "advice", label: "Advice" },
  { value: "endorsement", label: "Endorsement" },
  { value: "ask", label: "Introduction request" },
];

export const DIRECTIONS: readonly { value: Direction; label: string }[] = [
  { value: "deposit", label: "Deposit (you gave)" },
  { value: "withdrawal", label: "Withdrawal (you asked)" },
];

/** The default weight by kind, as the core applies it: a referral 3, an introduction 2, others 1. */
export function defaultWeight(kind: LedgerKind): number {
  return kind === "referral" ? 3 : kind === "introduction" ? 2 : 1;
}

export function kindLabel(kind: LedgerKind): string {
  return LEDGER_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** Typed by hand (deletable), or implied by the interaction log or a referral request. */
export function entrySource(e: Pick<LedgerEntry, "id" | "request_id" | "interaction_id">): "typed" | "request" | "interaction" {
  if (e.id !== null) return "typed";
  if (e.request_id !== null) return "request";
  return "interaction";
}

/** "+1.8" / "−0.9": what an entry weighs in the balance today. */
export function signed(value: number): string {
  const r = Math.round(value * 10) / 10;
  if (r === 0) return "0";
  return r > 0 ? `+${r}` : `−${Math.abs(r)}`;
}
