// Dates and words as the UI shows them. Dates arrive as RFC 3339 strings.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/**
 * "just now", "5 minutes ago", "yesterday", "12 days ago", "3 months ago", "in 2 days".
 * Days count calendar days in local time, so yesterday evening is "yesterday" this morning.
 */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "never";
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return "unknown";
  const diff = then.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 45 * SECOND) return "just now";
  if (abs < 45 * MINUTE) return relative.format(Math.round(diff / MINUTE), "minute");
  const days = calendarDays(then, now);
  if (days === 0 || abs < 6 * HOUR) return relative.format(Math.round(diff / HOUR), "hour");
  if (Math.abs(days) < 31) return relative.format(days, "day");
  const months = Math.round(diff / (30.44 * DAY));
  if (Math.abs(months) < 12) return relative.format(months, "month");
  return relative.format(Math.round(diff / (365.25 * DAY)), "year");
}

/** Whole local calendar days from `now` to `then` (negative in the past). */
function calendarDays(then: Date, now: Date): number {
  const a = Date.UTC(then.getFullYear(), then.getMonth(), then.getDate());
  const b = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((a - b) / DAY);
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "12 Mar 2025". Accepts RFC 3339 or `YYYY-MM-DD` (read as a calendar date, not UTC). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateFmt.format(d);
}

/** "12 Mar 2025, 14:30" in local time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeFmt.format(d);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A `datetime-local` input value (`YYYY-MM-DDTHH:mm`, local time) for `date`. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** Today as `YYYY-MM-DD` in local time (the `max` of a date input). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A `datetime-local` value as RFC 3339 UTC, as the core wants `occurred_at`. Returns the
 * input unchanged when it is not a date, so the core can say what is wrong with it.
 */
export function localInputToRfc3339(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** "1 person", "3 people". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** `former_colleague` → `Former colleague`. */
export function humanize(value: string): string {
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
