// Introductions you could make, end to end on the demo network: the Introductions page lists
// suggested pairs with why; a dismissal is undone from its toast; Today lists the best pair,
// and its Introduce drafts a linted note to each side and starts a double opt-in
// introduction; both sides opt in; the introduction is made; both people's ledgers show the
// deposit. Also: the empty state, and
// needs and offers on a person page (a never subject refused with its reason).
import { expect, screenshot, test } from "./fixtures";

interface Ref {
  id: number;
  display_name: string;
}
interface SuggestionPage {
  items: { a: Ref; b: Ref; score: number }[];
}
interface Ledger {
  entries: { direction: string; kind: string; interaction_id: number | null }[];
}

test("no needs or offers yet: the page explains where suggestions come from", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.getByTestId("nav-introductions").click();
  await expect(page.getByTestId("intros-empty")).toBeVisible();
  await expect(page.getByTestId("intros-empty")).toContainText("look for");
  await expect(page.getByTestId("intros-add-need")).toBeVisible();
});

test("Today → introduce a suggested pair: both opt in, the introduction is made, both ledgers show the deposit", async ({ page, sphere }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await sphere.api("demo_load", {});
  const suggested = await sphere.api<SuggestionPage>("intro_suggestions", { limit: 50 });
  expect(suggested.items.length).toBeGreaterThan(2);
  const [first, second] = suggested.items;
  if (!first || !second) throw new Error("two suggestions expected");

  await page.goto(sphere.url);
  await page.getByTestId("nav-introductions").click();
  await expect(page.getByTestId("introductions-title")).toBeVisible();
  const rows = page.getByTestId("intro-suggestion");
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(suggested.items.length);
  await expect(rows.first().getByTestId("intro-chip").first()).toContainText(" needs ");
  await screenshot(page, "introductions");

  await test.step("dismiss the second pair as not now, then undo from the toast", async () => {
    const row = page.locator(`[data-testid="intro-suggestion"][data-a="${second.a.id}"][data-b="${second.b.id}"]`);
    await row.getByTestId("intro-dismiss").click();
    await row.getByTestId("dismiss-reason").filter({ hasText: "Not now" }).click();
    const toast = page.getByTestId("toast").filter({ hasText: "not now" });
    await expect(toast).toBeVisible();
    await expect(row.getByTestId("intro-chip").filter({ hasText: "dismissed" })).toBeVisible();
    await toast.getByTestId("toast-action").click();
    await expect(row.getByTestId("intro-chip").filter({ hasText: "dismissed" })).toHaveCount(0);
  });

  await test.step("Today lists the best pair; Introduce: two linted notes, then the introduction starts", async () => {
    await page.goto(sphere.url);
    await expect(page.getByTestId("nav-today")).toHaveAttribute("aria-current", "page");
    const [lo, hi] = [first.a.id, first.b.id].sort((x, y) => x - y);
    const item = page.locator(`[data-testid="today-item"][data-key="introduction:${lo}:${hi}"]`);
    await expect(item).toBeVisible();
    await expect(item).toContainText(`Introduce ${first.a.display_name} and ${first.b.display_name}`);
    await expect(item.getByRole("list", { name: "Why" })).toContainText(" needs ");
    await item.getByTestId("today-introduce").click();
    const dialog = page.getByTestId("introduce-dialog");
    await expect(dialog.getByTestId("note-a").locator("textarea")).toHaveValue(new RegExp(`^Hi ${first.a.display_name.split(" ")[0]},`));
    await expect(dialog.getByTestId("note-b").locator("textarea")).toHaveValue(new RegExp(first.a.display_name));
    await screenshot(page, "introduce-dialog");
    await dialog.getByTestId("introduce-start").click();
    await expect(page.getByTestId("request-title")).toContainText(`Introduce ${first.a.display_name} ↔ ${first.b.display_name}`);
  });

  await test.step("both sides opt in, then the introduction is made", async () => {
    const sideA = page.locator('[data-testid="connect-side"][data-side="a"]');
    const sideB = page.locator('[data-testid="connect-side"][data-side="b"]');
    await expect(page.locator('[data-testid="move"][data-to="introduced"]')).toHaveCount(0);
    await sideA.getByTestId("opt-in").click();
    await expect(sideA).toHaveAttribute("data-answer", "opted_in");
    await expect(page.getByRole("main").getByText(`${first.a.display_name.split(" ")[0]} opted in · waiting on`)).toBeVisible();
    await sideB.getByTestId("opt-in").click();
    await expect(sideB).toHaveAttribute("data-answer", "opted_in");
    await page.locator('[data-testid="move"][data-to="introduced"]').click();
    await expect(page.getByTestId("introduction-made")).toBeVisible();
    await screenshot(page, "introduction-made");
  });

  await test.step("both people's ledgers show the deposit", async () => {
    for (const p of [first.a, first.b]) {
      await page.goto(`${sphere.origin}/#/people/${p.id}`);
      const ledger = page.getByTestId("ledger");
      await expect(ledger.locator('[data-testid="ledger-entry"][data-direction="deposit"][data-kind="introduction"]').first()).toBeVisible();
      const stored = await sphere.api<Ledger>("ledger_get", { id: p.id });
      expect(stored.entries.some((e) => e.direction === "deposit" && e.interaction_id !== null)).toBe(true);
    }
  });

  await test.step("the pair is no longer suggested", async () => {
    const after = await sphere.api<SuggestionPage>("intro_suggestions", { limit: 50 });
    expect(after.items.some((s) => s.a.id === first.a.id && s.b.id === first.b.id)).toBe(false);
  });
  expect(errors).toEqual([]);
});

test("needs and offers on a person page: added, refused when personal, removed", async ({ page, sphere }) => {
  const me = await sphere.api<Ref>("person_create", { first_name: "Sam", ring: "centre" });
  const ana = await sphere.api<Ref>("person_create", { first_name: "Ana", last_name: "Alvarez" });
  await sphere.api("tie_create", { person_a: me.id, person_b: ana.id, kind: "friend" });
  await page.goto(`${sphere.url}`);
  await page.goto(`${sphere.origin}/#/people/${ana.id}`);
  const card = page.getByTestId("needs-card");
  await expect(card.getByTestId("needs-empty")).toBeVisible();

  await card.getByTestId("need-add").click();
  await card.getByTestId("need-term").fill("a new job");
  await card.getByTestId("need-save").click();
  await expect(card.getByTestId("need-form")).toContainText("never");
  await expect(card.getByTestId("need-entry")).toHaveCount(0);

  await card.getByTestId("need-term").fill("seed investors");
  await card.getByTestId("need-detail").fill("pre-seed, B2B");
  await card.getByTestId("need-save").click();
  await expect(card.getByTestId("need-entry")).toHaveCount(1);
  await expect(card.getByTestId("need-entry")).toContainText("seed investors");
  await expect(card.getByTestId("need-entry")).toContainText("until");

  await card.getByTestId("openness").getByRole("button", { name: "Open", exact: true }).click();
  await expect(card.getByTestId("openness")).toHaveAttribute("data-open", "yes");
  await screenshot(page, "needs-offers");

  await card.getByTestId("need-remove").click();
  await page.getByRole("button", { name: "Remove" }).last().click();
  await expect(card.getByTestId("need-entry")).toHaveCount(0);
});
