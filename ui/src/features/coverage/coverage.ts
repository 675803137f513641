// The manager's review as the UI shows it: words for verdicts, roles, seniority and bands, the
// tone each verdict carries, the grid's filters as a query, and the weekly trend as a line.
// Every figure is the core's (crates/sphere-api/src/coverage); nothing is recomputed here.
import type {
  AccountRole,
  AccountRow,
  CoverageQuery,
  JobFunction,
  Seniority,
  StrengthBand,
  Verdict,
  WeekPoint,
} from "../../bindings/commands";

/** Riskiest first, as the core sorts (`Verdict::risk`). */
export const VERDICTS: readonly Verdict[] = [
  "no_path",
  "no_thread",
  "single_threaded_ours",
  "single_threaded_theirs",
  "unknown",
  "multi_threaded",
];

export const VERDICT_LABELS: Record<Verdict, string> = {
  multi_threaded: "Multi-threaded",
  single_threaded_theirs: "Single-threaded (their side)",
  single_threaded_ours: "Single-threaded (our side)",
  no_thread: "No thread",
  no_path: "No path",
  unknown: "Unknown",
};

/** What each verdict means, for a tooltip. */
export const VERDICT_HELP: Record<Verdict, string> = {
  multi_threaded: "Several people there hold a live thread with more than one of the team",
  single_threaded_theirs: "Only one person there holds a live thread with the team",
  single_threaded_ours: "Only one of the team holds the live threads there",
  no_thread: "Paths exist, but no one there has had two-way contact with the team in 180 days",
  no_path: "No one on the team reaches anyone there within three ties",
  unknown: "Ties with no interaction on record could change the verdict",
};

export type Tone = "success" | "warning" | "danger" | "neutral";

/** Red for no path and no thread, amber for one thread, grey for unknown, green for many. */
export function verdictTone(v: Verdict): Tone {
  switch (v) {
    case "no_path":
    case "no_thread":
      return "danger";
    case "single_threaded_ours":
    case "single_threaded_theirs":
      return "warning";
    case "unknown":
      return "neutral";
    case "multi_threaded":
      return "success";
  }
}

/** 5 (no path) to 1 (multi-threaded), as the core ranks. */
export function verdictRisk(v: Verdict): number {
  switch (v) {
    case "no_path":
      return 5;
    case "no_thread":
      return 4;
    case "single_threaded_ours":
    case "single_threaded_theirs":
      return 3;
    case "unknown":
      return 2;
    case "multi_threaded":
      return 1;
  }
}

export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}

/** In the order a buying group is usually drawn: who pays, who decides, who sells inside. */
export const ROLES: readonly AccountRole[] = [
  "economic_buyer",
  "decision_maker",
  "champion",
  "technical_evaluator",
  "procurement",
  "influencer",
  "user",
  "blocker",
];

export const ROLE_LABELS: Record<AccountRole, string> = {
  economic_buyer: "Economic buyer",
  decision_maker: "Decision maker",
  champion: "Champion",
  technical_evaluator: "Technical evaluator",
  procurement: "Procurement",
  influencer: "Influencer",
  user: "User",
  blocker: "Blocker",
};

export const SENIORITY_LABELS: Record<Seniority, string> = {
  c_level: "C-level",
  vp: "VP",
  director: "Director",
  manager: "Manager",
  individual: "Individual contributor",
};

const FUNCTION_LABELS: Partial<Record<JobFunction, string>> = { customer_success: "Customer success" };

export function functionLabel(f: JobFunction): string {
  return FUNCTION_LABELS[f] ?? f.charAt(0).toUpperCase() + f.slice(1);
}

export const BAND_LABELS: Record<StrengthBand, string> = { strong: "Strong", medium: "Medium", weak: "Weak" };

/** 1 direct, 2 one hop, 3 two hops. */
export function tiesLabel(ties: number): string {
  if (ties <= 1) return "Direct";
  return ties === 2 ? "1 hop" : `${ties - 1} hops`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Sep 2026" from `2026-09`; "never" when there is none; the text as is when it is not a month. */
export function monthLabel(month: string | null | undefined): string {
  if (!month) return "never";
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : month;
}

/** "Roles 2/4" with the gaps named, or a plain "No role required". */
export function roleCoverageLabel(row: Pick<AccountRow, "roles_covered" | "roles_required">): string {
  if (row.roles_required === 0) return "No role required";
  return `${row.roles_covered}/${row.roles_required} roles`;
}

// ---- Filters ---------------------------------------------------------------------------------

export interface CoverageFilters {
  owner?: number | undefined;
  tier?: number | undefined;
  verdict?: Verdict | undefined;
  /** Coverage as this member's relationships alone give it. */
  member?: number | undefined;
}

/**
 * The query the grid asks for. The verdict stays out: the totals count every verdict and the
 * rows are filtered here (`filterRows`), so the totals bar can offer the others.
 */
export function coverageQuery(f: CoverageFilters, ifLeaves?: number | null): CoverageQuery {
  return {
    ...(f.owner ? { owner_id: f.owner } : {}),
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.member ? { member_id: f.member } : {}),
    ...(ifLeaves ? { if_leaves: ifLeaves } : {}),
  };
}

/** The export's query: the same filters, the verdict included (the file holds what is shown). */
export function exportQuery(f: CoverageFilters): CoverageQuery {
  return { ...coverageQuery(f), ...(f.verdict ? { verdict: f.verdict } : {}) };
}

export function filterRows(rows: readonly AccountRow[], verdict: Verdict | undefined): AccountRow[] {
  return verdict ? rows.filter((r) => r.verdict === verdict) : [...rows];
}

export interface VerdictTotal {
  verdict: Verdict;
  count: number;
}

/** How many accounts have each verdict, riskiest first, leaving out the ones with none. */
export function verdictTotals(rows: readonly AccountRow[]): VerdictTotal[] {
  return VERDICTS.map((verdict) => ({ verdict, count: rows.filter((r) => r.verdict === verdict).length })).filter(
    (t) => t.count > 0,
  );
}

export function hasFilters(f: CoverageFilters): boolean {
  return Boolean(f.owner || f.tier || f.verdict || f.member);
}

// ---- Trend -----------------------------------------------------------------------------------

export interface TrendLine {
  /** An SVG path through the weekly thread counts, oldest at the left ("" with no point). */
  path: string;
  /** Each point, for its dot and tooltip. */
  points: { x: number; y: number; week: string; threads: number; verdict: Verdict }[];
  /** Compared with the first week: more threads, fewer, or the same. */
  direction: "up" | "down" | "flat";
  /** "3 threads on 7 Dec, up from 1 on 19 Oct". */
  summary: string;
}

const WEEK_FMT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

function weekLabel(week: string): string {
  const d = new Date(`${week}T00:00:00`);
  return Number.isNaN(d.getTime()) ? week : WEEK_FMT.format(d);
}

const threadsWord = (n: number) => `${n} thread${n === 1 ? "" : "s"}`;

/**
 * The weekly thread counts as a line in a `width` × `height` box (with `pad` inside), scaled
 * to the largest count (at least 1, so a flat zero sits on the floor).
 */
export function trendLine(weeks: readonly WeekPoint[], width = 72, height = 22, pad = 2): TrendLine {
  if (weeks.length === 0) return { path: "", points: [], direction: "flat", summary: "No weekly figures yet" };
  const max = Math.max(1, ...weeks.map((w) => w.threads));
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const step = weeks.length > 1 ? innerW / (weeks.length - 1) : 0;
  const points = weeks.map((w, i) => ({
    x: round(weeks.length > 1 ? pad + i * step : width / 2),
    y: round(pad + innerH - (w.threads / max) * innerH),
    week: w.week,
    threads: w.threads,
    verdict: w.verdict,
  }));
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ");
  const first = weeks[0] as WeekPoint;
  const last = weeks[weeks.length - 1] as WeekPoint;
  const direction = last.threads > first.threads ? "up" : last.threads < first.threads ? "down" : "flat";
  const now = `${threadsWord(last.threads)} in the week of ${weekLabel(last.week)}`;
  const summary =
    weeks.length === 1
      ? now
      : direction === "flat"
        ? `${now}, as in the week of ${weekLabel(first.week)}`
        : `${now}, ${direction} from ${first.threads} in the week of ${weekLabel(first.week)}`;
  return { path, points, direction, summary };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// ---- Roles -----------------------------------------------------------------------------------

/** `roles` with `role` added once, in the buying group's order. */
export function addRole(roles: readonly AccountRole[], role: AccountRole): AccountRole[] {
  return ROLES.filter((r) => r === role || roles.includes(r));
}

export function removeRole(roles: readonly AccountRole[], role: AccountRole): AccountRole[] {
  return roles.filter((r) => r !== role);
}

/** Short column heads by member id: "You" for the user, a first name unless two share it. */
export function shortNames(members: readonly { person: { id: number; display_name: string }; you: boolean }[]): Map<number, string> {
  const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const counts = new Map<string, number>();
  for (const m of members) if (!m.you) counts.set(first(m.person.display_name), (counts.get(first(m.person.display_name)) ?? 0) + 1);
  return new Map(
    members.map((m) => {
      const f = first(m.person.display_name);
      return [m.person.id, m.you ? "You" : (counts.get(f) ?? 0) > 1 ? m.person.display_name : f];
    }),
  );
}
