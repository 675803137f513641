// Capture, end to end: a small mbox and a small .ics written at test time (mail both ways
// between the demo's centre person and someone they know, one accepted meeting), imported
// through the Sources page; the counts, the source rows, the interactions on the person's page,
// and a source removed with its interactions kept.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface PersonDetail {
  person: { id: number; display_name: string; emails: string[] };
  interaction_count: number;
}

interface Pair {
  me: { id: number; name: string; email: string };
  them: { id: number; name: string; email: string };
}

/** The demo network, its centre person and someone in the outer ring with an email address. */
async function demoPair(sphere: Sphere): Promise<Pair> {
  await sphere.api("demo_load", {});
  const info = await sphere.api<{ me: { id: number } | null }>("app_info");
  if (!info.me) throw new Error("the demo has no centre person");
  const me = await sphere.api<PersonDetail>("person_get", { id: info.me.id });
  let myEmail = me.person.emails[0];
  if (!myEmail) {
    myEmail = "me@sphere-e2e.example";
    await sphere.api("settings_update", { my_addresses: [myEmail] });
  }
  const page = await sphere.api<{ items: { id: number }[] }>("person_list", { ring: "outer", limit: 40 });
  for (const { id } of page.items) {
    const d = await sphere.api<PersonDetail>("person_get", { id });
    const email = d.person.emails[0];
    if (email && email !== myEmail) {
      return {
        me: { id: me.person.id, name: me.person.display_name, email: myEmail },
        them: { id, name: d.person.display_name, email },
      };
    }
  }
  throw new Error("no one in the demo's outer ring has an email address");
}

/** An RFC 5322 date (`Mon, 07 Dec 2026 09:12:00 +0000`). */
function mailDate(d: Date): string {
  return d.toUTCString().replace("GMT", "+0000");
}

/** An mbox of five messages: two from the user, one answer, a newsletter and a no-reply notice. */
function writeMbox(dir: string, p: Pair, now: number): string {
  const news = { name: "The Weekly Digest", email: "digest@lists.example.org" };
  const robot = { name: "Accounts", email: "no-reply@accounts.example.com" };
  const messages = [
    { from: news, to: p.me, hoursAgo: 8, subject: "This week in networking", extra: ["List-Id: <digest.lists.example.org>"] },
    { from: p.me, to: p.them, hoursAgo: 5, subject: "Lunch next week?", extra: [] },
    { from: robot, to: p.me, hoursAgo: 4.5, subject: "Your sign-in code", extra: [] },
    { from: p.them, to: p.me, hoursAgo: 4, subject: "Re: Lunch next week?", extra: [] },
    { from: p.me, to: p.them, hoursAgo: 3, subject: "Re: Lunch next week?", extra: [] },
  ];
  const text = messages
    .map((m, i) => {
      const date = new Date(now - m.hoursAgo * 3_600_000);
      return [
        `From ${m.from.email} ${date.toUTCString()}`,
        `From: ${m.from.name} <${m.from.email}>`,
        `To: ${m.to.name} <${m.to.email}>`,
        `Subject: ${m.subject}`,
        `Date: ${mailDate(date)}`,
        `Message-ID: <e2e-${i}-${now}@sphere.test>`,
        ...m.extra,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Shall we say Thursday?",
        "",
      ].join("\n");
    })
    .join("\n");
  const file = path.join(dir, "All mail Including Spam and Trash.mbox");
  fs.writeFileSync(file, text);
  return file;
}

/** `20261207T091200Z`. */
function icsTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** One meeting two hours ago that the other person accepted. */
function writeIcs(dir: string, p: Pair, now: number): string {
  const start = new Date(now - 2 * 3_600_000);
  const end = new Date(now - 1 * 3_600_000);
  const text = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Sphere e2e//EN",
    "BEGIN:VEVENT",
    `UID:e2e-meeting-${now}@sphere.test`,
    `DTSTAMP:${icsTime(start)}`,
    `DTSTART:${icsTime(start)}`,
    `DTEND:${icsTime(end)}`,
    "SUMMARY:Quarterly catch-up",
    `ORGANIZER;CN=${p.me.name}:mailto:${p.me.email}`,
    `ATTENDEE;CN=${p.me.name};PARTSTAT=ACCEPTED:mailto:${p.me.email}`,
    `ATTENDEE;CN=${p.them.name};PARTSTAT=ACCEPTED:mailto:${p.them.email}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
  const file = path.join(dir, "work-calendar.ics");
  fs.writeFileSync(file, text);
  return file;
}

async function openSources(page: Page, sphere: Sphere) {
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);
  await page.getByTestId("nav-sources").click();
  await expect(page.getByRole("heading", { name: "Sources", level: 1 })).toBeVisible();
  await expect(page.getByTestId("nav-sources")).toHaveAttribute("aria-current", "page");
}

async function importFile(page: Page, button: "import-mail" | "import-calendar", file: string) {
  await page.getByTestId(button).click();
  const dialog = page.getByTestId("file-import-dialog");
  await expect(dialog.getByTestId("file-import-path")).toBeFocused();
  await dialog.getByTestId("file-import-path").fill(file);
  await dialog.getByTestId("file-import-path").press("Enter");
  await expect(dialog.getByTestId("file-import-result")).toBeVisible({ timeout: 20_000 });
  return dialog;
}

test("import mail and a calendar from files: counts, source rows, the person's interactions, remove", async ({ page, sphere }) => {
  const pair = await demoPair(sphere);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-capture-"));
  const now = Date.now();
  const mbox = writeMbox(dir, pair, now);
  const ics = writeIcs(dir, pair, now);
  const before = (await sphere.api<PersonDetail>("person_get", { id: pair.them.id })).interaction_count;

  try {
    await openSources(page, sphere);

    await test.step("the empty state says what Sphere reads and never keeps, with the three actions", async () => {
      const empty = page.getByTestId("sources-empty");
      await expect(empty).toContainText("never keeps message bodies");
      await expect(empty.getByTestId("import-mail")).toBeVisible();
      await expect(empty.getByTestId("import-calendar")).toBeVisible();
      await expect(empty.getByTestId("connect-account")).toBeVisible();
    });

    await test.step("a path that is not there: the core's words next to the field, nothing recorded", async () => {
      await page.getByTestId("import-mail").click();
      const dialog = page.getByTestId("file-import-dialog");
      await dialog.getByTestId("file-import-submit").click();
      await expect(dialog.locator('[data-field="path"]')).toContainText("Name the mbox file");
      await dialog.getByTestId("file-import-path").fill(path.join(dir, "missing.mbox"));
      await dialog.getByTestId("file-import-submit").click();
      await expect(dialog.getByRole("alert")).toContainText("missing.mbox");
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      expect(await sphere.api<unknown[]>("capture_sources_list"), "a failed import records no source").toHaveLength(0);
    });

    await test.step("import the mbox: the result in words", async () => {
      const dialog = await importFile(page, "import-mail", mbox);
      await expect(dialog.getByTestId("file-import-words")).toContainText("5 messages read, 3 kept as interactions, 2 ignored");
      await screenshot(page, "capture-import");
      await dialog.getByTestId("file-import-close").click();
      await expect(dialog).toBeHidden();
    });

    await test.step("the mbox is listed with its counts", async () => {
      const row = page.locator('[data-testid="source-row"][data-kind="mbox"]');
      await expect(row).toContainText("All mail Including Spam and Trash.mbox");
      await expect(row.getByTestId("source-kind")).toHaveText("mbox file");
      await expect(row.getByTestId("source-counts")).toHaveText(/5 messages read\s*3 kept\s*2 ignored/);
      await expect(row.getByTestId("source-when")).toHaveText("just now");
      await expect(row.getByTestId("source-when")).toHaveAttribute("title", /\d{4}, \d{2}:\d{2}/);
    });

    await test.step("import the calendar: one meeting", async () => {
      const dialog = await importFile(page, "import-calendar", ics);
      await expect(dialog.getByTestId("file-import-words")).toContainText("1 event read, 1 meeting");
      await dialog.getByTestId("file-import-close").click();
      const row = page.locator('[data-testid="source-row"][data-kind="ics"]');
      await expect(row.getByTestId("source-kind")).toHaveText(".ics file");
      await expect(row.getByTestId("source-counts")).toContainText("1 meeting");
      await expect(page.getByTestId("source-row")).toHaveCount(2);
      await screenshot(page, "capture-sources");
    });

    await test.step("the messages and the meeting are on the person's page", async () => {
      const after = (await sphere.api<PersonDetail>("person_get", { id: pair.them.id })).interaction_count;
      expect(after - before, "three messages and one meeting with them").toBe(4);
      await page.goto(`${sphere.origin}/#/people/${pair.them.id}`);
      await expect(page.getByRole("heading", { name: pair.them.name, level: 1 })).toBeVisible();
      const rows = page.getByTestId("interaction-row");
      // Newest first: the meeting two hours ago, then the three messages.
      await expect(rows.nth(0)).toContainText("Meeting");
      for (const i of [1, 2, 3]) await expect(rows.nth(i)).toContainText("Email");
    });

    await test.step("importing the same file again adds nothing", async () => {
      await openSources(page, sphere);
      await page.locator('[data-testid="source-row"][data-kind="mbox"]').getByTestId("source-sync").click();
      await expect(page.locator('[data-testid="source-row"][data-kind="mbox"]').getByTestId("source-counts")).toHaveText(
        /5 messages read\s*0 kept\s*5 already stored/,
      );
      const again = (await sphere.api<PersonDetail>("person_get", { id: pair.them.id })).interaction_count;
      expect(again - before, "a message already stored counts once").toBe(4);
    });

    await test.step("remove the mbox source: confirmed, and its interactions stay", async () => {
      await page.locator('[data-testid="source-row"][data-kind="mbox"]').getByTestId("source-remove").click();
      const confirm = page.getByTestId("confirm-dialog");
      await expect(confirm).toContainText("The interactions it brought in stay");
      await confirm.getByTestId("confirm-delete").click();
      await expect(confirm).toBeHidden();
      await expect(page.getByTestId("source-row")).toHaveCount(1);
      await expect(page.locator('[data-testid="source-row"][data-kind="mbox"]')).toHaveCount(0);
      const kept = (await sphere.api<PersonDetail>("person_get", { id: pair.them.id })).interaction_count;
      expect(kept - before, "removing a source keeps what it brought in").toBe(4);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the connect dialog checks its fields before asking the server", async ({ page, sphere }) => {
  await openSources(page, sphere);
  await page.getByTestId("connect-account").click();
  const dialog = page.getByTestId("connect-dialog");
  await expect(dialog.getByTestId("connect-host")).toBeFocused();
  await dialog.getByTestId("connect-port").fill("99999");
  await dialog.getByTestId("connect-submit").click();
  await expect(dialog.locator('[data-field="host"]')).toBeVisible();
  await expect(dialog.locator('[data-field="port"]')).toContainText("1 to 65,535");
  await expect(dialog.locator('[data-field="password"]')).toBeVisible();
  await dialog.getByTestId("connect-kind-caldav").click();
  await expect(dialog.getByTestId("connect-url")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await sphere.api<unknown[]>("capture_sources_list"), "nothing is connected").toHaveLength(0);
});

test("Settings: your other addresses, the most recipients and keep subjects", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.getByTestId("nav-settings").click();
  const form = page.getByTestId("capture-settings");
  await expect(form.getByTestId("keep-subjects"), "subjects are not kept unless asked").not.toBeChecked();

  await test.step("an address that is not one is named, and not added", async () => {
    await form.getByTestId("my-address-input").fill("ada at work");
    await form.getByTestId("my-address-input").press("Enter");
    await expect(form.locator('[data-field="my_addresses"]')).toContainText("“ada at work” is not an email address");
    await expect(form.getByTestId("my-addresses")).toHaveCount(0);
  });

  await test.step("a number out of range: the core's words next to the field, nothing saved", async () => {
    await form.getByTestId("my-address-input").fill("Ada@Old-Work.example");
    await form.getByTestId("my-address-add").click();
    await expect(form.getByTestId("my-addresses")).toContainText("ada@old-work.example");
    await form.getByTestId("max-recipients").fill("900");
    await form.getByTestId("save-capture").click();
    await expect(form.locator('[data-field="max_recipients"]')).toBeVisible();
    const settings = await sphere.api<{ my_addresses: string[]; max_recipients: number }>("settings_get");
    expect(settings.my_addresses, "a refused save writes nothing").toEqual([]);
  });

  await test.step("saved", async () => {
    await form.getByTestId("max-recipients").fill("25");
    await form.getByTestId("keep-subjects").check();
    await form.getByTestId("save-capture").click();
    await expect(form.getByTestId("save-capture")).toBeDisabled();
    const settings = await sphere.api<{ my_addresses: string[]; max_recipients: number; keep_subjects: boolean }>("settings_get");
    expect(settings).toMatchObject({ my_addresses: ["ada@old-work.example"], max_recipients: 25, keep_subjects: true });
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, "capture-settings");
  });
});
