// People, end to end: a real browser, a real `sphere serve`, a real SQLite file.
import type { Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface Counts {
  people: number;
  organizations: number;
}

async function counts(sphere: Sphere): Promise<Counts> {
  return (await sphere.api<{ counts: Counts }>("app_info")).counts;
}

async function open(page: Page, sphere: Sphere) {
  await page.goto(sphere.url);
  // The token leaves the address bar at once.
  await expect(page).not.toHaveURL(/token=/);
}

async function fillPerson(page: Page, fields: Partial<Record<string, string>>) {
  for (const [name, value] of Object.entries(fields)) {
    await page.getByTestId(`field-${name}`).fill(value ?? "");
  }
}

test("an empty sphere explains itself and offers three ways in", async ({ page, sphere }) => {
  await open(page, sphere);
  const empty = page.getByTestId("empty-state");
  await expect(empty).toBeVisible();
  await expect(empty).toContainText("Sphere");
  await expect(page.getByTestId("load-demo")).toBeVisible();
  await expect(page.getByTestId("empty-add-person")).toBeVisible();
  await expect(page.getByTestId("empty-import")).toBeVisible();
  // The app opens on Today, which shows the welcome until there is someone in the sphere.
  await expect(page.getByTestId("nav-today")).toHaveAttribute("aria-current", "page");
  await screenshot(page, "empty");
});

test("add, find, edit and delete a person", async ({ page, sphere }) => {
  await open(page, sphere);

  await test.step("add a person from the empty state and land on their page", async () => {
    await page.getByTestId("empty-add-person").click();
    await fillPerson(page, {
      first_name: "Ada",
      last_name: "Lovelace",
      emails: "ada@analytical.example, ada.l@example.org",
      phones: "+44 20 7946 0958",
      title: "Analyst",
      tags: "mathematics, engines",
      notes: "Met at the Royal Society lecture.",
    });
    await page.getByTestId("field-ring").selectOption("inner");
    await page.getByTestId("save-person").click();
    await expect(page.getByTestId("person-name")).toHaveText("Ada Lovelace");
    await expect(page.getByTestId("person-title")).toHaveText("Analyst");
    await expect(page.getByRole("link", { name: "ada.l@example.org" })).toHaveAttribute("href", "mailto:ada.l@example.org");
    await expect(page.getByTestId("toast")).toContainText("Ada Lovelace");
  });

  await test.step("add a second person, with a new organization made inline", async () => {
    await page.getByTestId("nav-people").click();
    await expect(page.getByTestId("person-row")).toHaveCount(1);
    await page.getByTestId("new-person").click();
    await fillPerson(page, { first_name: "Grace", last_name: "Hopper", title: "Rear Admiral" });
    await page.getByTestId("field-organization").selectOption({ label: "+ New organization…" });
    await page.getByTestId("new-organization-name").fill("United States Navy");
    await page.getByTestId("create-organization").click();
    await expect(page.getByTestId("field-organization").locator("option:checked")).toHaveText("United States Navy");
    await page.getByTestId("save-person").click();
    await expect(page.getByTestId("person-name")).toHaveText("Grace Hopper");
    await expect(page.getByTestId("person-organization")).toHaveText("United States Navy");
  });

  await test.step("both are in the list", async () => {
    await page.getByTestId("nav-people").click();
    await expect(page.getByTestId("person-row")).toHaveCount(2);
    await expect(page.getByTestId("people-total")).toHaveText("2");
    await expect(page.getByTestId("person-row").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  });

  await test.step("search as you type finds Ada and hides Grace", async () => {
    await page.keyboard.press("/");
    await expect(page.getByTestId("people-search")).toBeFocused();
    await page.keyboard.type("lovel");
    await expect(page.getByTestId("person-row")).toHaveCount(1);
    await expect(page.getByTestId("person-row")).toContainText("Ada Lovelace");
    await expect(page.getByTestId("people-total")).toHaveText("1");
    // Arrow down and Enter open the row.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("person-name")).toHaveText("Ada Lovelace");
  });

  await test.step("edit the title", async () => {
    await page.getByTestId("edit-person").click();
    await expect(page.getByTestId("field-first_name")).toHaveValue("Ada");
    await expect(page.getByTestId("field-emails")).toHaveValue("ada@analytical.example\nada.l@example.org");
    await page.getByTestId("field-title").fill("Chief Analyst");
    await page.getByTestId("save-person").click();
    await expect(page.getByTestId("person-title")).toHaveText("Chief Analyst");
    await expect(page.getByTestId("save-person")).toBeHidden();
  });

  await test.step("relate Ada to Grace and log a meeting", async () => {
    await page.getByTestId("add-relationship").click();
    await page.getByTestId("relationship-person").fill("grace");
    await page.getByTestId("picker-option").filter({ hasText: "Grace Hopper" }).click();
    await page.getByTestId("relationship-kind").selectOption("former_colleague");
    await page.getByTestId("relationship-since").fill("2019-05-01");
    await page.getByTestId("relationship-how-met").fill("Both spoke at the engines symposium");
    await page.getByTestId("save-relationship").click();
    const tie = page.getByTestId("relationship-row");
    await expect(tie).toHaveCount(1);
    await expect(tie).toContainText("Grace Hopper");
    await expect(tie).toContainText("Former colleague");

    await page.getByTestId("log-interaction").click();
    await page.getByTestId("interaction-participants").fill("grace");
    await page.getByTestId("picker-option").filter({ hasText: "Grace Hopper" }).click();
    await page.getByTestId("interaction-kind").selectOption("meal");
    await page.getByTestId("interaction-note").fill("Lunch about the difference engine");
    await page.getByTestId("interaction-outcome").selectOption("advance");
    await page.getByTestId("save-interaction").click();
    await expect(page.getByTestId("interaction-row")).toHaveCount(1);
    await expect(page.getByTestId("interaction-row")).toContainText("Lunch about the difference engine");
    await expect(tie).toContainText("1 shared interaction");
    await screenshot(page, "person");
  });

  await test.step("delete Ada after confirming, and she is gone", async () => {
    await page.getByTestId("delete-person").click();
    const dialog = page.getByRole("dialog", { name: "Delete Ada Lovelace?" });
    await expect(dialog).toContainText("Ada Lovelace");
    await expect(dialog).toContainText("1 relationship");
    await page.getByTestId("confirm-delete").click();
    await expect(page.getByTestId("toast").filter({ hasText: "Ada Lovelace was deleted" })).toBeVisible();
    await expect(page).toHaveURL(/#\/people$/);
    await page.getByTestId("people-search").fill("");
    await expect(page.getByTestId("person-row")).toHaveCount(1);
    await expect(page.getByTestId("person-row")).toContainText("Grace Hopper");
    expect((await counts(sphere)).people).toBe(1);
  });
});

test("bad input shows the core's errors next to the field and writes nothing", async ({ page, sphere }) => {
  await open(page, sphere);
  await page.getByTestId("empty-add-person").click();

  await test.step("a blank first name", async () => {
    await fillPerson(page, { first_name: "   ", last_name: "Nobody" });
    await page.getByTestId("save-person").click();
    const error = page.locator('[data-testid="field-error"][data-field="first_name"]');
    await expect(error).toBeVisible();
    await expect(error).toContainText("first_name must not be empty");
    await expect(page.getByTestId("field-first_name")).toHaveAttribute("aria-invalid", "true");
    expect((await counts(sphere)).people).toBe(0);
  });

  await test.step("an invalid email", async () => {
    await fillPerson(page, { first_name: "Ada", emails: "ada@example.com\nnot-an-email" });
    await page.getByTestId("save-person").click();
    const error = page.locator('[data-testid="field-error"][data-field="emails"]');
    await expect(error).toBeVisible();
    await expect(error).toContainText("not-an-email");
    await expect(page.locator('[data-testid="field-error"][data-field="first_name"]')).toHaveCount(0);
    await screenshot(page, "form-error");
    expect((await counts(sphere)).people).toBe(0);
  });

  await test.step("cancel leaves the sphere empty", async () => {
    await page.getByTestId("cancel").click();
    await expect(page.getByTestId("empty-state")).toBeVisible();
    expect((await counts(sphere)).people).toBe(0);
  });
});

test("the demo network loads about 300 people, with filters and pages", async ({ page, sphere }) => {
  await open(page, sphere);
  await page.getByTestId("load-demo").click();
  // The demo lands on Today; the people list is one click away.
  await expect(page.getByTestId("today-item").first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("nav-people").click();

  const total = page.getByTestId("people-total");
  await expect(total).toBeVisible({ timeout: 60_000 });
  const n = Number((await total.textContent())?.replace(/\D/g, ""));
  expect(n, "the demo network has about 300 people").toBeGreaterThanOrEqual(250);
  expect(n).toBeLessThanOrEqual(350);
  await expect(page.getByTestId("person-row")).toHaveCount(50);
  await expect(page.getByTestId("show-more")).toBeVisible();

  await test.step("sort by last contact puts recent contacts first", async () => {
    await page.getByTestId("people-sort").selectOption("last_contact");
    await expect(page.getByTestId("person-row").first()).toContainText(/ago|just now|yesterday|today/);
  });
  await screenshot(page, "people");

  await test.step("filter by ring", async () => {
    await page.getByTestId("ring-filter-inner").click();
    await expect(async () => {
      const inner = Number((await total.textContent())?.replace(/\D/g, ""));
      expect(inner).toBeGreaterThan(0);
      expect(inner).toBeLessThan(n);
    }).toPass();
    await expect(page.locator('[data-testid="person-row"] [data-ring]').first()).toHaveAttribute("data-ring", "inner");
    await page.getByTestId("ring-filter-all").click();
  });

  await test.step("a person page shows relationships and interactions", async () => {
    await page.getByTestId("person-row").first().click();
    await expect(page.getByTestId("person-name")).toBeVisible();
    await expect(page.getByTestId("relationship-row").first()).toBeVisible();
    await expect(page.getByTestId("interaction-row").first()).toBeVisible();
    await screenshot(page, "demo-person");
  });

  await test.step("organizations list with people counts, and a click shows their people", async () => {
    await page.getByTestId("nav-organizations").click();
    await expect(page.getByTestId("nav-organizations")).toHaveAttribute("aria-current", "page");
    const rows = page.getByTestId("org-row");
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(20);
    await screenshot(page, "organizations");
    const name = (await rows.first().locator(".name").textContent()) ?? "";
    await rows.first().locator("a").click();
    await expect(page).toHaveURL(/#\/people\?organization=\d+/);
    await expect(page.getByTestId("person-row").first()).toContainText(name.trim());
    await expect(page.getByTestId("org-filter")).toHaveValue(/\d+/);
    // Back to everyone through the filter itself.
    await page.getByTestId("org-filter").selectOption({ label: "All organizations" });
    await expect(page).toHaveURL(/#\/people$/);
    await expect(page.getByTestId("people-total")).toHaveText(n.toLocaleString("en-GB"));
  });
});

test("the API needs the token", async ({ page, request, sphere }) => {
  const none = await request.post(`${sphere.origin}/api/app_info`, { data: {} });
  expect(none.status()).toBe(401);
  expect((await none.json()).kind).toBe("unauthorized");

  const wrong = await request.post(`${sphere.origin}/api/app_info`, {
    data: {},
    headers: { Authorization: "Bearer not-the-token" },
  });
  expect(wrong.status()).toBe(401);

  const right = await request.post(`${sphere.origin}/api/app_info`, {
    data: {},
    headers: { Authorization: `Bearer ${sphere.token}` },
  });
  expect(right.status()).toBe(200);

  // A page opened without the link's token says what to do.
  await page.goto(`${sphere.origin}/`);
  await expect(page.getByTestId("unauthorized")).toContainText("sphere serve");
});

test("the link's token becomes an HttpOnly session the page's scripts never see", async ({ page, sphere }) => {
  await sphere.api("person_create", { first_name: "Ada", last_name: "Lovelace" });
  await page.goto(`${sphere.url}#/people`);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByText("Ada Lovelace")).toBeVisible();
  // The session cookie is HttpOnly and nothing is kept in the tab's storage.
  expect(await page.evaluate(() => [document.cookie, sessionStorage.getItem("sphere.token")])).toEqual(["", null]);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => [c.httpOnly, c.sameSite])).toEqual([[true, "Strict"]]);
  // A reload keeps working on the cookie alone.
  await page.reload();
  await expect(page.getByText("Ada Lovelace")).toBeVisible();
});

test("the ring filter tells Beyond (known through someone) from Not connected", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  await sphere.api("person_create", { first_name: "Hedy", last_name: "Lamarr", ring: "beyond" });
  const total = async (connected: boolean) =>
    (await sphere.api<{ total: number }>("person_list", { ring: "beyond", connected, limit: 1 })).total;
  const known = await total(true);
  const unconnected = await total(false);
  expect(unconnected, "Hedy has no relationship with anyone").toBeGreaterThanOrEqual(1);

  await open(page, sphere);
  await page.getByTestId("nav-people").click();
  const shown = page.getByTestId("people-total");
  await page.getByTestId("ring-filter-unconnected").click();
  await expect(shown).toHaveText(unconnected.toLocaleString("en-GB"));
  await expect(page.getByTestId("person-row").filter({ hasText: "Hedy Lamarr" })).toContainText("Not connected");

  await page.getByTestId("ring-filter-beyond").click();
  await expect(shown).toHaveText(known.toLocaleString("en-GB"));
  await expect(page.getByTestId("person-row").filter({ hasText: "Not connected" })).toHaveCount(0);
});
