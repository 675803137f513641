// Referral requests as the UI shows them: the colour a state carries, the words of a
// transition button, grouping for the list, and the filters' request. The rules (what may move
// where, deadlines, overdue) are the core's: `Ask.allowed`, `Ask.overdue`.
import type { Ask, AskQuery, DeclineReason, RequestState } from "../../bindings/commands";

export type Tone = "neutral" | "accent" | "success" | "warning" | "danger";

/** States a request never leaves (as the core's `is_final`). */
export const FINAL_STATES: readonly RequestState[] = ["won", "lost", "withdrawn", "expired", "target_declined"];

export function isFinal(state: RequestState): boolean {
  return FINAL_STATES.includes(state);
}

/** Every state in pipeline order, with its words (the core's labels, capitalised). */
export const STATES: readonly { value: RequestState; label: string }[] = [
  { value: "draft", label: "Draft" },
  { value: "asked", label: "Asked" },
  { value: "agreed", label: "Connector agreed" },
  { value: "connector_declined", label: "Connector declined" },
  { value: "connector_no_answer", label: "No answer from the connector" },
  { value: "opted_in", label: "Target opted in" },
  { value: "target_declined", label: "Target declined" },
  { value: "target_no_answer", label: "No answer from the target" },
  { value: "introduced", label: "Introduced" },
  { value: "meeting_set", label: "Meeting set" },
  { value: "met", label: "Met" },
  { value: "opportunity", label: "Opportunity" },
  { value: "won", label: "Won" },
  { value: "lost", label: "Lost" },
  { value: "withdrawn", label: "Withdrawn" },
  { value: "expired", label: "Expired" },
];

export function stateLabel(state: RequestState): string {
  return STATES.find((s) => s.value === state)?.label ?? state;
}

/**
 * The colour a state carries: waiting on someone (or overdue) amber, moving forward blue,
 * won green, declined / lost red, a draft or a request given up grey.
 */
export function stateTone(state: RequestState, overdue = false): Tone {
  if (overdue) return "warning";
  switch (state) {
    case "won":
      return "success";
    case "lost":
    case "connector_declined":
    case "target_declined":
      return "danger";
    case "asked":
    case "connector_no_answer":
    case "target_no_answer":
      return "warning";
    case "agreed":
    case "opted_in":
    case "introduced":
    case "meeting_set":
    case "met":
    case "opportunity":
      return "accent";
    case "draft":
    case "withdrawn":
    case "expired":
      return "neutral";
  }
}

/** The words of the button that moves a request to `to`. */
export const MOVE_LABELS: Record<RequestState, string> = {
  draft: "Back to draft",
  asked: "Mark as sent",
  agreed: "Connector agreed",
  connector_declined: "Connector declined…",
  connector_no_answer: "No answer from the connector",
  opted_in: "Target opted in",
  target_declined: "Target declined",
  target_no_answer: "No answer from the target",
  introduced: "Introduced",
  meeting_set: "Meeting set",
  met: "Met",
  opportunity: "Opportunity",
  won: "Won",
  lost: "Lost",
  withdrawn: "Withdraw…",
  expired: "Expired",
};

/** How a move button looks: forward steps primary, refusals and losses red, giving up quiet. */
export function moveVariant(to: RequestState): "primary" | "secondary" | "danger" | "ghost" {
  if (to === "withdrawn" || to === "expired") return "ghost";
  if (to === "connector_declined" || to === "target_declined" || to === "lost") return "danger";
  if (to === "connector_no_answer" || to === "target_no_answer") return "secondary";
  return "primary";
}

/**
 * The buttons a request offers: exactly its `allowed` states, in pipeline order, with
 * "asked" worded as asking the next connector when one is offered.
 */
/** In an introduction the user makes (mode `connect`), the moves read differently. */
const CONNECT_LABELS: Partial<Record<RequestState, string>> = {
  asked: "Mark both notes as sent",
  target_no_answer: "No answer",
  introduced: "Make the introduction",
};

export function moves(
  ask: Pick<Ask, "allowed" | "state" | "next_connector"> & { mode?: Ask["mode"] },
): { to: RequestState; label: string }[] {
  const order = STATES.map((s) => s.value);
  return [...ask.allowed]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((to) => {
      const connect = ask.mode === "connect" ? CONNECT_LABELS[to] : undefined;
      if (connect) return { to, label: connect };
      if (to === "asked" && ask.state !== "draft" && ask.next_connector) {
        return { to, label: `Ask next connector: ${ask.next_connector.display_name}` };
      }
      if (to === "asked" && ask.state === "draft") return { to, label: "Mark as sent" };
      return { to, label: MOVE_LABELS[to] };
    });
}

export const DECLINE_REASONS: readonly { value: DeclineReason; label: string }[] = [
  { value: "not_well_known", label: "Doesn't know them well" },
  { value: "not_a_fit", label: "Not a fit" },
  { value: "bad_timing", label: "Bad timing" },
  { value: "asked_too_recently", label: "Asked too recently" },
];

export function declineLabel(reason: DeclineReason): string {
  return DECLINE_REASONS.find((r) => r.value === reason)?.label ?? reason;
}

export interface AskGroup {
  key: "overdue" | "open" | "closed";
  label: string;
  items: Ask[];
}

/** The list in three groups, keeping the core's order within each (overdue first). */
export function groupAsks(items: readonly Ask[]): AskGroup[] {
  const groups: AskGroup[] = [
    { key: "overdue", label: "Overdue", items: [] },
    { key: "open", label: "Open", items: [] },
    { key: "closed", label: "Closed", items: [] },
  ];
  for (const a of items) {
    const g = a.overdue ? groups[0] : isFinal(a.state) ? groups[2] : groups[1];
    g?.items.push(a);
  }
  return groups.filter((g) => g.items.length > 0);
}

/** The connector asked now (or next): the one with the request's `current_rank`. */
export function currentConnector(ask: Pick<Ask, "connectors" | "current_rank">) {
  return ask.connectors.find((c) => c.rank === ask.current_rank) ?? ask.connectors[0] ?? null;
}

/** What the list's filters hold. `state` is a state, "open", or "" for all. */
export interface RequestFilters {
  organization: number | null;
  connector: number | null;
  asker: number | null;
  state: RequestState | "open" | "";
}

export function emptyFilters(): RequestFilters {
  return { organization: null, connector: null, asker: null, state: "" };
}

export function buildAskQuery(f: RequestFilters): AskQuery {
  const q: AskQuery = {};
  if (f.organization !== null) q.organization = f.organization;
  if (f.connector !== null) q.connector = f.connector;
  if (f.asker !== null) q.asker = f.asker;
  if (f.state === "open") q.open = true;
  else if (f.state) q.state = f.state;
  return q;
}

export function filtersActive(f: RequestFilters): boolean {
  return f.organization !== null || f.connector !== null || f.asker !== null || f.state !== "";
}

/** "63%"; "—" when there is nothing to measure. */
export function ratio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${Math.round(value * 100)}%`;
}

/** "3.5 days", "5 hours", "under an hour". */
export function days(value: number): string {
  if (!Number.isFinite(value) || value < 0) return "—";
  if (value >= 1) {
    const d = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
    return `${d} ${d === 1 ? "day" : "days"}`;
  }
  const h = Math.round(value * 24);
  if (h < 1) return "under an hour";
  return `${h} ${h === 1 ? "hour" : "hours"}`;
}

/** "due in 3 days", "due today", "overdue by 2 days" (whole days, from `now`). */
export function deadlineText(deadline: string | null, overdue: boolean, now: Date = new Date()): string | null {
  if (!deadline) return null;
  const ms = new Date(deadline).getTime() - now.getTime();
  const d = Math.round(Math.abs(ms) / 86_400_000);
  if (overdue || ms < 0) return d === 0 ? "overdue since today" : `overdue by ${d} ${d === 1 ? "day" : "days"}`;
  return d === 0 ? "due today" : `due in ${d} ${d === 1 ? "day" : "days"}`;
}
