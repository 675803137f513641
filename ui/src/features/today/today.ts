// What the Today page shows about each item and status, and the small pure steps of its actions
// (snooze presets, the interaction a "log a touch" writes). The rules themselves are the core's.
import type {
  InteractionInput,
  InteractionKind,
  KeepInTouchStatus,
  TodayItem,
  TodayKind,
} from "../../bindings/commands";
import type { Route } from "../../lib/router.svelte";
import type { IconName } from "../../lib/ui/icons";

export type Tone = "neutral" | "accent" | "success" | "warning" | "danger";

export interface KindMeta {
  label: string;
  icon: IconName;
  /** A colour that carries meaning: warning for what is late, accent for what to give. */
  tone: Tone;
}

export const KINDS: Record<TodayKind, KindMeta> = {
  request: { label: "Referral request", icon: "send", tone: "danger" },
  keep_in_touch: { label: "Keep in touch", icon: "clock", tone: "warning" },
  introduction: { label: "Introduction", icon: "link", tone: "accent" },
  revive: { label: "Dormant tie", icon: "refresh", tone: "neutral" },
  birthday: { label: "Birthday", icon: "gift", tone: "success" },
  role_change: { label: "Role change", icon: "briefcase", tone: "accent" },
};

export const STATUSES: Record<KeepInTouchStatus, { label: string; tone: Tone }> = {
  overdue: { label: "Overdue", tone: "danger" },
  due: { label: "Due", tone: "warning" },
  dormant: { label: "Dormant", tone: "neutral" },
  booked: { label: "Meeting booked", tone: "accent" },
  fresh: { label: "Fresh", tone: "success" },
  snoozed: { label: "Snoozed", tone: "neutral" },
  paused: { label: "Paused", tone: "neutral" },
  none: { label: "No cadence", tone: "neutral" },
};

/** The statuses the Keep in touch view filters by, in its order. */
export const STATUS_FILTERS: readonly (KeepInTouchStatus | "all")[] = [
  "all",
  "overdue",
  "due",
  "dormant",
  "booked",
  "fresh",
  "snoozed",
  "paused",
];

const pad = (n: number) => String(n).padStart(2, "0");
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export interface SnoozePreset {
  label: string;
  /** `YYYY-MM-DD`, the last day hidden. */
  until: string;
}

/** Tomorrow, next Monday (a week from today when today is Monday), in a week, in a month. */
export function snoozePresets(now: Date = new Date()): SnoozePreset[] {
  const at = (days: number) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
    return isoDay(d);
  };
  const toMonday = ((8 - now.getDay()) % 7) || 7;
  return [
    { label: "Tomorrow", until: at(1) },
    { label: "Next Monday", until: at(toMonday) },
    { label: "In a week", until: at(7) },
    { label: "In a month", until: at(30) },
  ];
}

/** The kinds of touch one click logs. */
export const TOUCHES: readonly { kind: InteractionKind; label: string; icon: IconName }[] = [
  { kind: "call", label: "Call", icon: "phone" },
  { kind: "meeting", label: "Meeting", icon: "users" },
  { kind: "email", label: "Email", icon: "mail" },
  { kind: "message", label: "Message", icon: "message" },
];

/**
 * The interaction "log a touch" writes: now, between you and them. An email or message you log
 * was sent by you (an attempt until they answer); a call or a meeting is two-way.
 */
export function touchInput(kind: InteractionKind, me: number | null, person: number, now: Date = new Date()): InteractionInput {
  const participants = me === null || me === person ? [person] : [me, person].sort((a, b) => a - b);
  const input: InteractionInput = { occurred_at: now.toISOString(), kind, participants };
  if ((kind === "email" || kind === "message") && me !== null && me !== person) input.initiator_id = me;
  return input;
}

/** Whether "Done" applies (a keep-in-touch item is done by logging a touch; a request by moving it). */
export function canMarkDone(item: TodayItem): boolean {
  return item.kind === "birthday" || item.kind === "role_change" || item.kind === "revive" || item.kind === "introduction";
}

/** A small line chart's path through `values` (0–1, `null` breaks the line) in a `w`×`h` box. */
export function sparkPath(values: readonly (number | null)[], w: number, h: number): string {
  if (values.length === 0) return "";
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (h - Math.max(0, Math.min(1, v)) * h).toFixed(1);
    d += `${pen ? "L" : "M"}${x} ${y}`;
    pen = true;
  });
  return d;
}

/** "+3.2" / "−1.0" / "0". */
export function signed(n: number): string {
  if (Math.abs(n) < 0.05) return "0";
  return `${n > 0 ? "+" : "−"}${Math.abs(n).toFixed(1)}`;
}

/**
 * The Sphere view with today's people marked and the introductions to make drawn as dashed
 * pairs, or `null` when no item names anyone.
 */
export function sphereRoute(items: readonly Pick<TodayItem, "kind" | "person" | "other">[]): Route | null {
  const highlight: number[] = [];
  const pairs: [number, number][] = [];
  for (const item of items) {
    if (item.kind === "introduction" && item.person && item.other) pairs.push([item.person.id, item.other.id]);
    else if (item.person && !highlight.includes(item.person.id)) highlight.push(item.person.id);
  }
  if (highlight.length === 0 && pairs.length === 0) return null;
  return { name: "sphere", highlight, pairs };
}
