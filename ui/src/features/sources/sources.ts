// The sources capture reads, in words: what kind each is, what its last run counted, and what an
// import or a sync did. Pure, so the page and its tests share one wording.
import type { CalendarSummary, CaptureSource, MailSummary, SyncKind, SyncResult } from "../../bindings/commands";
import { plural } from "../../lib/format";
import type { IconName } from "../../lib/ui/icons";

export interface KindInfo {
  /** "IMAP mail", "mbox file"… */
  label: string;
  icon: IconName;
  /** Read from a server (synced), rather than from a file on this computer (imported). */
  server: boolean;
  /** What its counts describe. */
  reads: "mail" | "calendar" | "contacts";
}

const KINDS: Record<string, KindInfo> = {
  imap: { label: "IMAP mail", icon: "mail", server: true, reads: "mail" },
  caldav: { label: "CalDAV calendar", icon: "calendar", server: true, reads: "calendar" },
  carddav: { label: "CardDAV address book", icon: "contact", server: true, reads: "contacts" },
  mbox: { label: "mbox file", icon: "mail", server: false, reads: "mail" },
  maildir: { label: "Maildir", icon: "folder", server: false, reads: "mail" },
  ics: { label: ".ics file", icon: "calendar", server: false, reads: "calendar" },
};

/** The kind of a source in words, with its icon; an unknown kind (a newer Sphere wrote it) is shown as it is. */
export function kindInfo(kind: string): KindInfo {
  return KINDS[kind] ?? { label: kind, icon: "file", server: false, reads: "mail" };
}

/** The server kinds `sync_add` connects, in the order the connect dialog offers them. */
export const SYNC_KINDS: readonly { value: SyncKind; label: string; hint: string }[] = [
  { value: "imap", label: "Mail (IMAP)", hint: "Message headers only: who wrote to whom, and when." },
  { value: "caldav", label: "Calendar (CalDAV)", hint: "Meetings with their attendees." },
  { value: "carddav", label: "Address book (CardDAV)", hint: "Contacts, reviewed before anything is written." },
];

function num(counts: Record<string, unknown>, key: string): number {
  const v = counts[key];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** The total of an `ignored` count: a map of reason → count (mail) or a list of `{ reason, count }` (calendar). */
function ignoredTotal(value: unknown): number {
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, item) => {
      const c = (item as { count?: unknown } | null)?.count;
      return sum + (typeof c === "number" ? c : 0);
    }, 0);
  }
  if (value && typeof value === "object") {
    return Object.values(value).reduce<number>((sum, c) => sum + (typeof c === "number" ? c : 0), 0);
  }
  return 0;
}

/** Why messages or occurrences were ignored, most frequent first: `[["mailing-list", 12], …]`. */
export function ignoredReasons(value: unknown): [string, number][] {
  const pairs: [string, number][] = Array.isArray(value)
    ? value.flatMap((item) => {
        const i = item as { reason?: unknown; count?: unknown } | null;
        return typeof i?.reason === "string" && typeof i.count === "number" ? [[i.reason, i.count] as [string, number]] : [];
      })
    : value && typeof value === "object"
      ? Object.entries(value).flatMap(([r, c]) => (typeof c === "number" ? [[r, c] as [string, number]] : []))
      : [];
  return pairs.filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** `mailing-list` → "mailing list". */
export function reasonWords(reason: string): string {
  return reason.replace(/[-_]/g, " ");
}

/**
 * What a source's last run counted, as short phrases: "1,204 messages read", "318 kept",
 * "886 ignored", "12 people created". Empty when it has not run (or counted nothing).
 */
export function countsInWords(kind: string, counts: Record<string, unknown> | null | undefined): string[] {
  if (!counts || typeof counts !== "object") return [];
  const c = counts;
  const words: string[] = [];
  const people = num(c, "people_created");
  switch (kindInfo(kind).reads) {
    case "mail": {
      if (!("read" in c) && !("kept" in c)) return [];
      words.push(plural(num(c, "read"), "message read", "messages read"));
      words.push(`${num(c, "kept").toLocaleString("en-GB")} kept`);
      const ignored = ignoredTotal(c.ignored);
      if (ignored) words.push(`${ignored.toLocaleString("en-GB")} ignored`);
      const dup = num(c, "duplicates");
      if (dup) words.push(`${dup.toLocaleString("en-GB")} already stored`);
      const unreadable = num(c, "unreadable");
      if (unreadable) words.push(`${unreadable.toLocaleString("en-GB")} unreadable`);
      break;
    }
    case "calendar": {
      if (!("meetings" in c) && !("events" in c)) return [];
      words.push(plural(num(c, "events"), "event read", "events read"));
      words.push(plural(num(c, "meetings"), "meeting", "meetings"));
      const planned = num(c, "planned");
      if (planned) words.push(`${planned.toLocaleString("en-GB")} planned`);
      const ignored = ignoredTotal(c.ignored);
      if (ignored) words.push(`${ignored.toLocaleString("en-GB")} ignored`);
      break;
    }
    case "contacts": {
      const waiting = num(c, "cards_waiting");
      if ("people_updated" in c || "people_created" in c) {
        words.push(plural(people, "person created", "people created"));
        const updated = num(c, "people_updated");
        if (updated) words.push(`${updated.toLocaleString("en-GB")} updated`);
        return words;
      }
      if (waiting) return [plural(waiting, "card waiting for review", "cards waiting for review")];
      if ("read" in c) return [plural(num(c, "read"), "card read", "cards read")];
      return [];
    }
  }
  if (people) words.push(plural(people, "person created", "people created"));
  return words;
}

/** What a mail import or sync did, as a sentence. */
export function mailResultWords(s: MailSummary, unreadable = 0): string {
  const parts = [
    `${plural(s.read, "message", "messages")} read, ${s.kept.toLocaleString("en-GB")} kept as interactions`,
  ];
  const ignored = ignoredTotal(s.ignored);
  if (ignored) parts.push(`${ignored.toLocaleString("en-GB")} ignored`);
  if (s.duplicates) parts.push(`${s.duplicates.toLocaleString("en-GB")} already stored`);
  if (unreadable) parts.push(`${unreadable.toLocaleString("en-GB")} unreadable`);
  if (s.people_created) parts.push(`${plural(s.people_created, "person", "people")} created`);
  return `${parts.join(", ")}.`;
}

/** What a calendar import or sync did, as a sentence. */
export function calendarResultWords(s: CalendarSummary): string {
  const parts = [
    `${plural(s.events, "event", "events")} read, ${plural(s.meetings, "meeting", "meetings")} with the people you met`,
  ];
  if (s.planned) parts.push(`${s.planned.toLocaleString("en-GB")} planned`);
  const ignored = ignoredTotal(s.ignored) + s.outside_window;
  if (ignored) parts.push(`${ignored.toLocaleString("en-GB")} left out`);
  if (s.people_created) parts.push(`${plural(s.people_created, "person", "people")} created`);
  return `${parts.join(", ")}.`;
}

/** What a sync run did, as a sentence (an address book's waits for review). */
export function syncResultWords(r: SyncResult): string {
  if (r.mail) return mailResultWords(r.mail, r.unreadable);
  if (r.calendar) return calendarResultWords(r.calendar);
  if (r.contacts) {
    return r.read === 0 && r.removed === 0
      ? "No card changed since the last sync."
      : `${plural(r.read, "card", "cards")} changed: review them before anything is written.`;
  }
  return r.read ? `${plural(r.read, "item", "items")} read.` : "Nothing new since the last sync.";
}

/** The file sources import again from their path; the rest sync with their server. */
export function isFileSource(s: CaptureSource): boolean {
  return !kindInfo(s.kind).server;
}

/** The path to import a file source from again (its config's `path`, else its label). */
export function sourcePath(s: CaptureSource): string {
  const p = s.config?.path;
  return typeof p === "string" && p ? p : s.label;
}

/** Where a source stands: never run, failed last time, or fine. */
export function sourceState(s: CaptureSource): "never" | "error" | "ok" {
  if (s.last_error) return "error";
  return s.last_run_at ? "ok" : "never";
}

/** An IMAP port for a security choice, when the user gives none. */
export function defaultPort(security: "tls" | "starttls" | "none"): number {
  return security === "tls" ? 993 : 143;
}

/** A file's name and the folder it is in (`/`, or `\` on Windows); a trailing separator is ignored. */
export function splitPath(path: string): { name: string; folder: string } {
  const trimmed = path.replace(/[/\\]+$/, "");
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  if (cut < 0) return { name: trimmed || path, folder: "" };
  return { name: trimmed.slice(cut + 1), folder: trimmed.slice(0, cut + 1) };
}
