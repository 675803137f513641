// Today, end to end: the app opens on Today; items say why; logging a touch takes an item off,
// a snooze hides one; the Keep in touch and Network health views; the demo's Today pictured.
import type { Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface Ref {
  id: number;
  display_name: string;
}

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY - 3_600_000).toISOString();

async function person(sphere: Sphere, first_name: string, ring: string): Promise<Ref> {
  return sphere.api<Ref>("person_create", { first_name, last_name: "Test", ring });
}

async function meet(sphere: Sphere, me: Ref, them: Ref, days: number, kind = "meeting") {
  await sphere.api("interaction_log", { occurred_at: ago(days), kind, participants: [me.id, them.id] });
}

async function open(page: Page, sphere: Sphere) {
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);
}

const item = (page: Page, name: string, kind: string) =>
  page.locator(`[data-testid="today-item"][data-kind="${kind}"]`).filter({ hasText: name });

test("Today lists what is due with its reason; a touch or a snooze takes an item off", async ({ page, sphere }) => {
  const me = await person(sphere, "Me", "centre");
  const ana = await person(sphere, "Ana", "inner");
  const bo = await person(sphere, "Bo", "inner");
  const cy = await person(sphere, "Cy", "outer");
  await meet(sphere, me, ana, 70);
  await meet(sphere, me, bo, 80);
  await meet(sphere, me, cy, 10);
  const soon = new Date(Date.now() + 2 * DAY);
  const mmdd = `${String(soon.getMonth() + 1).padStart(2, "0")}-${String(soon.getDate()).padStart(2, "0")}`;
  await sphere.api("fact_create", { person_id: cy.id, category: "birthday", value: `Birthday: 1985-${mmdd}` });

  await open(page, sphere);
  await test.step("the app opens on Today, first in the sidebar", async () => {
    await expect(page.getByTestId("nav-today")).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
    await expect(page.getByTestId("today-item")).toHaveCount(3);
  });

  await test.step("each item says why", async () => {
    await expect(item(page, "Ana Test", "keep_in_touch").getByTestId("today-reason")).toContainText("past the maximum of 60");
    await expect(item(page, "Bo Test", "keep_in_touch")).toBeVisible();
    const birthday = item(page, "Cy Test", "birthday");
    await expect(birthday).toContainText("in 2 days");
    await expect(birthday.getByTestId("today-usable")).toContainText("Too personal to mention yet");
  });

  await test.step("log a call with Ana: her item leaves", async () => {
    const row = item(page, "Ana Test", "keep_in_touch");
    await row.getByTestId("today-log-touch").click();
    await row.getByTestId("touch-call").click();
    await expect(page.getByTestId("toast")).toContainText("Call with Ana Test logged");
    await expect(item(page, "Ana Test", "keep_in_touch")).toHaveCount(0);
    await expect(page.getByTestId("today-item")).toHaveCount(2);
  });

  await test.step("snooze Bo until tomorrow: his item leaves, and he shows as snoozed", async () => {
    const row = item(page, "Bo Test", "keep_in_touch");
    await row.getByTestId("today-snooze").click();
    await row.getByTestId("snooze-preset").first().click();
    await expect(item(page, "Bo Test", "keep_in_touch")).toHaveCount(0);
    const list = await sphere.api<{ items: { status: string }[] }>("cadence_list", { person: bo.id });
    expect(list.items[0]?.status).toBe("snoozed");
  });

  await test.step("the birthday marked done: You're all caught up", async () => {
    await item(page, "Cy Test", "birthday").getByTestId("today-done").click();
    await expect(page.getByTestId("today-empty")).toContainText("You're all caught up");
  });

  await test.step("Keep in touch lists everyone by status", async () => {
    await page.getByTestId("view-keep").click();
    await expect(page).toHaveURL(/#\/today\?view=keep$/);
    const rows = page.getByTestId("keep-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: "Bo Test" })).toHaveAttribute("data-status", "snoozed");
    await page.getByTestId("status-fresh").click();
    await expect(rows).toHaveCount(2);
  });

  await test.step("Network health per ring", async () => {
    await page.getByTestId("view-health").click();
    await expect(page.getByTestId("health-ring")).toHaveCount(3);
    // Ana is fresh after the call; Bo's snooze hides his reminder but he is still overdue.
    await expect(page.locator('[data-ring="inner"]').getByTestId("health-fresh")).toHaveText("50%");
  });
});

test("the demo's Today: every kind of item, reachable by keyboard", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  await open(page, sphere);
  const items = page.getByTestId("today-item");
  await expect(items).toHaveCount(7);
  const kinds = new Set(await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind"))));
  expect(kinds.has("request") && kinds.has("keep_in_touch") && kinds.has("birthday"), [...kinds].join(", ")).toBe(true);
  await expect(page.getByTestId("today-count")).toContainText("more waiting");

  // The first item's action is reached with the keyboard and opens its choices.
  const touch = page.getByTestId("today-log-touch").first();
  await touch.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("touch-call").first()).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("touch-call")).toHaveCount(0);

  // target/e2e-screenshots/browser-today.png (docs/screenshots/today.png is a copy of it).
  await screenshot(page, "today");

  await page.getByTestId("view-keep").click();
  await expect(page.getByTestId("keep-row").first()).toHaveAttribute("data-status", "overdue");
  await screenshot(page, "today-keep");
  await page.getByTestId("view-health").click();
  await expect(page.getByTestId("health-ring")).toHaveCount(3);
  await expect(page.locator('[data-ring="inner"] svg path.line')).toHaveAttribute("d", /^M0\.0 /);
  await screenshot(page, "today-health");
});

test("cadences are set in Settings and on a person's page; bad days are named and not saved", async ({ page, sphere }) => {
  const me = await person(sphere, "Me", "centre");
  const ana = await person(sphere, "Ana", "inner");
  await meet(sphere, me, ana, 40);
  await open(page, sphere);

  await test.step("Settings: the inner ring every 60 days makes Ana fresh", async () => {
    await page.getByTestId("nav-settings").click();
    const inner = page.locator('[data-testid="ring-cadences"] li[data-ring="inner"]');
    await expect(inner).toContainText("every 30 days, at most 60");
    await inner.getByTestId("cadence-ideal").fill("60");
    await inner.getByTestId("cadence-max").fill("20");
    await inner.getByTestId("cadence-save").click();
    await expect(inner.locator('[data-testid="field-error"][data-field="max_days"]')).toContainText("at least the ideal");
    const rules = await sphere.api<{ rings: { ring: string; custom: boolean }[] }>("cadence_rules", {});
    expect(rules.rings.find((r) => r.ring === "inner")?.custom, "nothing saved").toBe(false);
    await inner.getByTestId("cadence-max").fill("120");
    await inner.getByTestId("cadence-save").click();
    await expect(inner).toContainText(/every 60 days, at most 120\s*\(default: every 30 days, at most 60\)/);
  });

  await test.step("her page: her own cadence, then paused and resumed", async () => {
    await page.goto(`${sphere.origin}/#/people/${ana.id}`);
    const card = page.getByTestId("cadence-card");
    await expect(card).toHaveAttribute("data-status", "fresh");
    await page.getByTestId("cadence-edit").click();
    await page.locator("#person-cadence-ideal").fill("14");
    await page.locator("#person-cadence-max").fill("30");
    await page.locator('[data-testid="cadence-form"]').getByTestId("cadence-save").click();
    await expect(card).toHaveAttribute("data-status", "overdue");
    await expect(card).toContainText("set for them");
    await page.getByTestId("cadence-pause").click();
    await expect(card).toHaveAttribute("data-status", "paused");
    await page.getByTestId("cadence-resume").click();
    await expect(card).toHaveAttribute("data-status", "overdue");
    await page.getByTestId("cadence-clear").click();
    await expect(card).toHaveAttribute("data-status", "fresh");
  });
});
