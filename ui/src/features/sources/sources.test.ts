import { describe, expect, it } from "vitest";
import type { CalendarSummary, CaptureSource, MailSummary, SyncResult } from "../../bindings/commands";
import {
  calendarResultWords,
  countsInWords,
  ignoredReasons,
  isFileSource,
  kindInfo,
  mailResultWords,
  sourcePath,
  sourceState,
  splitPath,
  syncResultWords,
} from "./sources";

const MAIL: MailSummary = {
  read: 1204,
  kept: 318,
  interactions_created: 318,
  planned: 0,
  people_created: 12,
  relationships_created: 12,
  duplicates: 0,
  earlier_counted: 0,
  ignored: { "mailing-list": 700, "no-reply": 186, "one-way": 0 },
  first_at: null,
  last_at: null,
};

const CALENDAR: CalendarSummary = {
  resources: 1,
  events: 5,
  instances: 9,
  outside_window: 1,
  instances_kept: 4,
  meetings: 6,
  planned: 2,
  meetings_added: 6,
  meetings_removed: 0,
  ignored: [
    { reason: "no attendees", count: 3 },
    { reason: "declined", count: 1 },
  ],
  people_created: 1,
  people_matched: 3,
  relationships_created: 1,
};

function source(over: Partial<CaptureSource>): CaptureSource {
  return {
    id: 1,
    kind: "mbox",
    label: "/home/ada/mail.mbox",
    config: { path: "/home/ada/mail.mbox" },
    created_at: "2026-01-01T10:00:00Z",
    last_run_at: null,
    last_ok_at: null,
    last_error: null,
    counts: {},
    ...over,
  };
}

describe("kindInfo", () => {
  it.each([
    ["imap", "IMAP mail", "mail", true],
    ["caldav", "CalDAV calendar", "calendar", true],
    ["carddav", "CardDAV address book", "contact", true],
    ["mbox", "mbox file", "mail", false],
    ["maildir", "Maildir", "folder", false],
    ["ics", ".ics file", "calendar", false],
  ])("%s is shown as “%s”", (kind, label, icon, server) => {
    expect(kindInfo(kind)).toMatchObject({ label, icon, server });
  });

  it("shows a kind it does not know as written, rather than failing", () => {
    expect(kindInfo("jmap")).toMatchObject({ label: "jmap", icon: "file" });
  });
});

describe("countsInWords", () => {
  it("says what a mail run read, kept and ignored, and whom it created", () => {
    expect(countsInWords("mbox", { ...MAIL, unreadable: 2 })).toEqual([
      "1,204 messages read",
      "318 kept",
      "886 ignored",
      "2 unreadable",
      "12 people created",
    ]);
  });

  it("leaves out what is zero, and says one in the singular", () => {
    expect(countsInWords("imap", { ...MAIL, read: 1, kept: 1, ignored: {}, people_created: 1 })).toEqual([
      "1 message read",
      "1 kept",
      "1 person created",
    ]);
  });

  it("counts a calendar's meetings, planned ones and what it ignored (a list of reasons)", () => {
    expect(countsInWords("ics", CALENDAR as unknown as Record<string, unknown>)).toEqual([
      "5 events read",
      "6 meetings",
      "2 planned",
      "4 ignored",
      "1 person created",
    ]);
  });

  it("says an address book's cards wait for review until they are committed", () => {
    expect(countsInWords("carddav", { read: 8, removed: 0, unreadable: 0, cards_waiting: 8 })).toEqual([
      "8 cards waiting for review",
    ]);
    expect(countsInWords("carddav", { people_created: 5, people_updated: 2 })).toEqual(["5 people created", "2 updated"]);
  });

  it("says nothing for a source that has not run, or counts of another shape", () => {
    expect(countsInWords("mbox", {})).toEqual([]);
    expect(countsInWords("ics", null)).toEqual([]);
    expect(countsInWords("mbox", { read: "many" })).toEqual(["0 messages read", "0 kept"]);
  });
});

describe("ignoredReasons", () => {
  it("lists reasons most frequent first, from a map or a list, without the zeros", () => {
    expect(ignoredReasons(MAIL.ignored)).toEqual([
      ["mailing-list", 700],
      ["no-reply", 186],
    ]);
    expect(ignoredReasons(CALENDAR.ignored)).toEqual([
      ["no attendees", 3],
      ["declined", 1],
    ]);
    expect(ignoredReasons(undefined)).toEqual([]);
  });
});

describe("result sentences", () => {
  it("sums up a mail import", () => {
    expect(mailResultWords(MAIL, 3)).toBe(
      "1,204 messages read, 318 kept as interactions, 886 ignored, 3 unreadable, 12 people created.",
    );
  });

  it("sums up a calendar import, counting occurrences outside the window as left out", () => {
    expect(calendarResultWords(CALENDAR)).toBe(
      "5 events read, 6 meetings with the people you met, 2 planned, 5 left out, 1 person created.",
    );
  });

  it("says an address book's changes wait for review", () => {
    const r: SyncResult = { source: source({ kind: "carddav" }), read: 4, removed: 0, unreadable: 0, mail: null, calendar: null, contacts: null };
    expect(syncResultWords(r)).toBe("4 items read.");
    expect(syncResultWords({ ...r, contacts: {} as SyncResult["contacts"] })).toBe(
      "4 cards changed: review them before anything is written.",
    );
    expect(syncResultWords({ ...r, read: 0, contacts: {} as SyncResult["contacts"] })).toBe("No card changed since the last sync.");
  });
});

describe("sources", () => {
  it("imports a file source again from its path, and syncs a server", () => {
    expect(isFileSource(source({ kind: "ics" }))).toBe(true);
    expect(isFileSource(source({ kind: "caldav" }))).toBe(false);
    expect(sourcePath(source({ label: "label", config: { path: "/p/cal.ics" } }))).toBe("/p/cal.ics");
    expect(sourcePath(source({ label: "/p/x.mbox", config: {} }))).toBe("/p/x.mbox");
  });

  it("tells a source that never ran, failed or is fine apart", () => {
    expect(sourceState(source({}))).toBe("never");
    expect(sourceState(source({ last_run_at: "2026-01-02T00:00:00Z" }))).toBe("ok");
    expect(sourceState(source({ last_run_at: "2026-01-02T00:00:00Z", last_error: "login refused" }))).toBe("error");
  });
});

describe("splitPath", () => {
  it.each([
    ["/home/ada/Takeout/All mail.mbox", "All mail.mbox", "/home/ada/Takeout/"],
    ["/home/ada/Maildir/", "Maildir", "/home/ada/"],
    ["C:\\Users\\ada\\cal.ics", "cal.ics", "C:\\Users\\ada\\"],
    ["cal.ics", "cal.ics", ""],
    ["/", "/", ""],
  ])("%s is %s in %s", (path, name, folder) => {
    expect(splitPath(path)).toEqual({ name, folder });
  });
});
