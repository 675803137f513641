// Referral requests, end to end: Ask on a warm path (sent), the request moved through the
// double opt-in pipeline to won, the Requests page and its funnel, the connector's ledger
// showing the withdrawal, and the referral sources ranked for a target.
import type { Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface Ref {
  id: number;
  display_name: string;
}
interface PathResult {
  paths: { rank: number; people: Ref[]; draft: { connector: Ref } | null }[];
}
interface AskStats {
  total: number;
  funnel: { state: string; reached: number }[];
}
interface PersonPage {
  items: (Ref & { ring: string })[];
}

/** Someone beyond the user's own contacts with at least two warm paths, the best one an introduction. */
async function pickTarget(sphere: Sphere): Promise<{ person: Ref; paths: PathResult["paths"] }> {
  const beyond = await sphere.api<PersonPage>("person_list", { ring: "beyond", sort: "name", limit: 60 });
  for (const person of beyond.items) {
    const r = await sphere.api<PathResult>("path_find", { to_person: person.id });
    if (r.paths.length >= 2 && r.paths[0]?.draft && r.paths[1]?.draft) return { person, paths: r.paths };
  }
  throw new Error("the demo network has no one beyond with two warm paths");
}

async function pickInSearch(page: Page, name: string) {
  const search = page.getByTestId("target-search");
  await search.pressSequentially(name.slice(0, -2), { delay: 20 });
  const option = page.getByTestId("target-option").filter({ hasText: name });
  await expect(option.first()).toBeVisible();
  await option.first().click();
}

test("ask through a warm path, move the request to won, see the funnel and the connector's ledger", async ({ page, sphere }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);

  await test.step("no request yet: the Requests page says how to make one", async () => {
    await page.getByTestId("nav-requests").click();
    await expect(page.getByTestId("nav-requests")).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("requests-empty")).toBeVisible();
  });

  // The demo network comes with requests in every state.
  await sphere.api("demo_load", {});
  const before = await sphere.api<AskStats>("ask_stats", {});
  const reached = (state: string) => before.funnel.find((f) => f.state === state)!.reached;
  const { person: target, paths } = await pickTarget(sphere);
  const connector = paths[0]!.draft!.connector;
  await page.reload();

  await test.step("the demo's requests, overdue first", async () => {
    await page.getByTestId("nav-requests").click();
    const rows = page.getByTestId("request-row");
    await expect(rows).toHaveCount(before.total);
    await expect(page.getByTestId("funnel-total")).toHaveText(String(before.total));
  });

  let requestId = 0;
  await test.step("Warm paths → Ask on the best path, and send it", async () => {
    await page.getByTestId("nav-paths").click();
    await pickInSearch(page, target.display_name);
    const first = page.getByTestId("path-card").first();
    await expect(first.getByTestId("path-chain")).toContainText(target.display_name);
    await first.getByTestId("ask-path").click();
    const dialog = page.getByTestId("ask-dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`To ${connector.display_name}`);
    await expect(page.getByTestId("ask-subject")).toHaveValue(/introduce/i);
    await expect(page.getByTestId("ask-message")).not.toHaveValue("");
    await page.getByTestId("ask-why-target").fill("They are rebuilding their data platform");
    await page.getByTestId("ask-why-now").fill("Budget season starts next month");
    await page.getByTestId("ask-send").click();
    await expect(dialog).toBeHidden();
    const toast = page.getByTestId("toast").filter({ hasText: `Request to ${target.display_name} sent` });
    await expect(toast).toBeVisible();
    await toast.getByTestId("toast-action").click();
    await expect(page).toHaveURL(/#\/requests\/\d+$/);
    requestId = Number(/#\/requests\/(\d+)$/.exec(page.url())![1]);
    await expect(page.getByTestId("request-title")).toContainText(target.display_name);
    await expect(page.getByTestId("request-state")).toHaveAttribute("data-state", "asked");
    await expect(page.getByTestId("why-target")).toHaveText("They are rebuilding their data platform");
  });

  await test.step("move it through the pipeline with exactly the allowed buttons", async () => {
    // The double opt-in: an introduction needs the target's opt-in first.
    await expect(page.getByTestId("move").and(page.locator("[data-to='introduced']"))).toHaveCount(0);
    for (const to of ["agreed", "opted_in", "introduced", "meeting_set", "met", "opportunity"]) {
      await page.locator(`[data-testid='move'][data-to='${to}']`).click();
      await expect(page.getByTestId("request-state")).toHaveAttribute("data-state", to);
    }
    await page.getByTestId("opp-name").fill("Data platform deal");
    await page.getByTestId("opp-value").fill("25000");
    await page.getByTestId("opp-stage").fill("proposal");
    await page.getByTestId("save-opportunity").click();
    await expect(page.getByTestId("toast").filter({ hasText: "Opportunity saved" })).toBeVisible();
    await page.locator("[data-testid='move'][data-to='won']").click();
    await expect(page.getByTestId("request-state")).toHaveAttribute("data-state", "won");
    await expect(page.getByTestId("no-moves")).toBeVisible();
    // Created as a draft, sent, then seven moves.
    await expect(page.getByTestId("event")).toHaveCount(9);
    await expect(page.getByTestId("connector").first()).toHaveAttribute("data-status", "agreed");
    await screenshot(page, "request-detail");
  });

  await test.step("the Requests page shows it won, and the funnel counts it", async () => {
    await page.getByTestId("back-to-requests").click();
    const row = page.locator(`[data-testid='request-row'][data-id='${requestId}']`);
    await expect(row).toHaveAttribute("data-state", "won");
    await expect(row).toContainText(target.display_name);
    await expect(row).toContainText(connector.display_name);
    await expect(page.getByTestId("funnel-total")).toHaveText(String(before.total + 1));
    await expect(page.locator("[data-testid='funnel-stage'][data-state='won']")).toHaveAttribute("data-reached", String(reached("won") + 1));
    await expect(page.locator("[data-testid='funnel-stage'][data-state='asked']")).toHaveAttribute("data-reached", String(reached("asked") + 1));
    await expect(page.getByTestId("connector-rate").filter({ hasText: connector.display_name })).toHaveCount(1);
    // The state filter: it is not open any more.
    await page.getByTestId("filter-state").selectOption("open");
    await expect(page.getByTestId("request-row").first()).toBeVisible();
    await expect(row).toHaveCount(0);
    await page.getByTestId("clear-filters").click();
    await expect(row).toHaveCount(1);
    await screenshot(page, "requests");
  });

  await test.step("the connector's page: the request, and the withdrawal in the ledger", async () => {
    await page.evaluate((id) => (location.hash = `#/people/${id}`), connector.id);
    await expect(page.getByTestId("person-request").filter({ hasText: target.display_name }).first()).toBeVisible();
    const ledger = page.getByTestId("ledger");
    await expect(ledger.locator("[data-testid='ledger-entry'][data-direction='withdrawal']").first()).toBeVisible();
    await expect(ledger.locator("[data-testid='ledger-entry'][data-direction='withdrawal']").first()).toContainText(/from a referral request|from the interaction log/);
    // A deposit typed by hand, then deleted with confirmation.
    await page.getByTestId("ledger-add").click();
    await page.getByTestId("ledger-note").fill("Introduced them to our CFO");
    await page.getByTestId("ledger-save").click();
    const typed = ledger.locator("[data-testid='ledger-entry'][data-direction='deposit']").filter({ hasText: "our CFO" });
    await expect(typed).toBeVisible();
    await page.getByTestId("ledger").scrollIntoViewIfNeeded();
    await screenshot(page, "ledger");
    await typed.getByTestId("ledger-delete").click();
    await page.locator("dialog[open]").getByTestId("confirm-delete").click();
    await expect(typed).toHaveCount(0);
  });

  expect(errors, "no errors in the console").toEqual([]);
});

test("referral sources: pick targets, rank the contacts who reach them", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const { person: target } = await pickTarget(sphere);
  await page.goto(sphere.url);
  await page.getByTestId("nav-requests").click();
  await page.getByTestId("view-sources").click();
  await expect(page).toHaveURL(/#\/requests\?view=sources$/);
  await expect(page.getByTestId("sources-start")).toBeVisible();
  await pickInSearch(page, target.display_name);
  await expect(page.getByTestId("source-target")).toContainText(target.display_name);
  await page.getByTestId("run-sources").click();
  const rows = page.getByTestId("source-row");
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText("1 of 1");
  await screenshot(page, "sources");
});
