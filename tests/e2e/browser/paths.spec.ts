// Warm paths, end to end: the demo network, a target typed and picked, the ranked paths with
// every hop explained, a path chosen, its draft request filled in and copied.
import type { Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface Ref {
  id: number;
  display_name: string;
}
interface PathResult {
  paths: { rank: number; people: Ref[]; hops: { to: Ref; recent_asks: number }[]; draft: { connector: Ref } | null }[];
}
interface PersonPage {
  items: (Ref & { ring: string })[];
}
interface AppInfo {
  me: Ref | null;
  counts: { people: number };
}

async function loadDemo(sphere: Sphere): Promise<AppInfo> {
  await sphere.api("demo_load", {});
  return sphere.api<AppInfo>("app_info");
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

async function open(page: Page, sphere: Sphere, hash = "") {
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);
  if (hash) await page.evaluate((h) => (location.hash = h), hash);
}

test("find warm paths to a person, choose one, fill and copy its draft request", async ({ page, context, sphere }) => {
  const info = await loadDemo(sphere);
  const { person: target, paths } = await pickTarget(sphere);
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page, sphere);

  await test.step("type the target's name and pick them with the keyboard", async () => {
    await page.getByTestId("nav-paths").click();
    await expect(page.getByTestId("nav-paths")).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("paths-start")).toBeVisible();
    const search = page.getByTestId("target-search");
    await expect(search).toBeFocused();
    await search.pressSequentially(target.display_name.slice(0, -2), { delay: 20 });
    const option = page.getByTestId("target-option").filter({ hasText: target.display_name });
    await expect(option).toBeVisible();
    // Arrow to the option, then Enter.
    for (let i = 0; i < 8 && (await option.getAttribute("aria-selected")) !== "true"; i++) await search.press("ArrowDown");
    await search.press("Enter");
    await expect(page.getByTestId("target-chip")).toContainText(target.display_name);
  });

  const cards = page.getByTestId("path-card");
  await test.step("the ranked paths show, each hop explained", async () => {
    await expect(page.getByTestId("paths-summary")).toContainText(`to ${target.display_name}`);
    await expect(cards).toHaveCount(paths.length);
    const first = cards.first();
    await expect(first.getByTestId("path-chain")).toContainText("You");
    await expect(first.getByTestId("path-chain")).toContainText(target.display_name);
    const hops = first.getByTestId("hop");
    await expect(hops).toHaveCount(paths[0]!.hops.length);
    // Who → who, the relationship's kind, its strength and the evidence in words.
    await expect(hops.first()).toContainText(`You → ${paths[0]!.hops[0]!.to.display_name}`);
    await expect(hops.first().getByRole("meter")).toHaveAttribute("aria-valuenow", /\d+/);
    await expect(first.getByTestId("hop-evidence").first()).toContainText(/known since|interactions? logged|last contact/);
    await expect(first.getByTestId("path-strength")).toHaveAttribute("aria-valuenow", /\d+/);
    await expect(page.getByTestId("path-graph")).toHaveAttribute("data-selected", "1");
  });

  await test.step("choose the second path: the graph and the draft follow", async () => {
    await cards.nth(1).getByTestId("select-path").click();
    await expect(cards.nth(1).getByTestId("select-path")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("path-graph")).toHaveAttribute("data-selected", "2");
    const connector = paths[1]!.draft!.connector.display_name;
    await expect(page.getByTestId("draft")).toContainText(`To ${connector}`);
    await expect(page.getByTestId("draft-text")).toHaveValue(/^Subject: Would you introduce me to /);
    // Keyboard: up goes back to the first path.
    await page.keyboard.press("ArrowUp");
    await expect(page.getByTestId("path-graph")).toHaveAttribute("data-selected", "1");
    await page.keyboard.press("ArrowDown");
    await expect(page.getByTestId("path-graph")).toHaveAttribute("data-selected", "2");
    await page.getByTestId("paths-summary").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await screenshot(page, "warm-paths");
  });

  await test.step("the draft's blanks are listed, and count down as they are filled", async () => {
    const blanks = page.getByTestId("draft-blanks");
    const open = Number(await blanks.getAttribute("data-open"));
    expect(open).toBeGreaterThan(0);
    await expect(blanks).toContainText(`Fill ${open} blank`);
    const text = page.getByTestId("draft-text");
    const filled = (await text.inputValue()).replace(/\[[^\]]+\]/, "late deliveries");
    await text.fill(filled);
    await expect(blanks).toHaveAttribute("data-open", String(open - 1));
    await expect(page.getByTestId("restore-draft")).toBeVisible();
    await screenshot(page, "warm-paths-draft");
  });

  await test.step("copy the draft: the clipboard holds it, the button says so", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: sphere.origin });
    const expected = await page.getByTestId("draft-text").inputValue();
    await page.getByTestId("copy-draft").click();
    await expect(page.getByTestId("copy-draft")).toHaveText("Copied");
    await expect(page.getByTestId("toast").filter({ hasText: "Draft copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  });

  await test.step("show the path on the sphere", async () => {
    await page.getByTestId("show-on-sphere").click();
    await expect(page).toHaveURL(new RegExp(`#/sphere\\?path=${paths[1]!.people.map((p) => p.id).join(",")}$`));
    const canvas = page.getByTestId("sphere-canvas");
    await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await expect(canvas).toHaveAttribute("data-rendered-nodes", String(info.counts.people));
    await expect(page.getByTestId("sphere-path")).toContainText(target.display_name);
    await screenshot(page, "sphere-path");
  });

  expect(errors, "no errors in the console").toEqual([]);
});

test("an organization with a title filter, its empty states, and the options", async ({ page, sphere }) => {
  await loadDemo(sphere);
  const orgs = await sphere.api<{ organization: { id: number; name: string }; people_count: number }[]>("org_list", {});
  const org = orgs.find((o) => o.people_count >= 4)!;
  await open(page, sphere);

  await test.step("from the organizations list, with the organization chosen", async () => {
    await page.getByTestId("nav-organizations").click();
    await page.getByTestId("org-row").filter({ hasText: org.organization.name }).getByTestId("org-paths").click();
    await expect(page).toHaveURL(new RegExp(`#/paths\\?organization=${org.organization.id}$`));
    await expect(page.getByTestId("target-chip")).toContainText(org.organization.name);
    await expect(page.getByTestId("paths-summary")).toContainText(`to anyone at ${org.organization.name}`);
    await expect(page.getByTestId("path-card").first()).toBeVisible();
  });

  await test.step("a title nobody there has: say so, and offer any title", async () => {
    await page.getByTestId("path-title").fill("Chief Wizard, Grand Vizier");
    const none = page.getByTestId("paths-no-targets");
    await expect(none).toContainText(`Nobody at ${org.organization.name} has “Chief Wizard” or “Grand Vizier” in their title`);
    await page.getByTestId("suggest-any-title").click();
    await expect(page.getByTestId("path-title")).toHaveValue("");
    await expect(page.getByTestId("path-card").first()).toBeVisible();
  });

  await test.step("the options change the search: how many, from whom, my relationships first", async () => {
    const cards = page.getByTestId("path-card");
    await expect(cards.first()).toBeVisible();
    await page.getByTestId("path-k").selectOption("3");
    await expect(cards).toHaveCount(3);
    await page.getByTestId("from-team").click();
    await expect(page.getByTestId("from-team")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("path-first-hop-mine")).toBeDisabled();
    await expect(cards.first()).toBeVisible();
    await page.getByTestId("from-me").click();
    await page.getByTestId("path-first-hop-mine").check();
    await expect(cards.first()).toBeVisible();
  });
});

test("no path within the bound offers more hops; recent asks count against a connector", async ({ page, sphere }) => {
  const info = await loadDemo(sphere);
  const { person: target, paths } = await pickTarget(sphere);
  const best = paths[0]!;
  const connector = best.hops[0]!.to;
  // Introduction requests with the best path's first connector this week, until their give/ask
  // ledger is overdrawn (the demo gives some connectors credit).
  for (let days = 1; days < 20; days++) {
    await sphere.api("interaction_log", {
      occurred_at: new Date(Date.now() - days * 86_400_000).toISOString(),
      kind: "intro_request",
      participants: [info.me!.id, connector.id],
      initiator_id: info.me!.id,
    });
    const ledger = await sphere.api<{ balance: number }>("ledger_get", { id: connector.id });
    if (ledger.balance < 0 && days >= 2) break;
  }
  const yearAgo = Date.now() - 365 * 86_400_000;
  const asks = (await sphere.api<{ entries: { direction: string; at: string }[] }>("ledger_get", { id: connector.id })).entries.filter(
    (e) => e.direction === "withdrawal" && Date.parse(e.at) > yearAgo,
  ).length;
  await open(page, sphere, `#/paths?person=${target.id}`);
  await expect(page.getByTestId("target-chip")).toContainText(target.display_name);

  await test.step("the asked connector is flagged, and the path's strength says why it dropped", async () => {
    await page.getByTestId("path-k").selectOption("20");
    const card = page
      .getByTestId("path-card")
      .filter({ has: page.getByTestId("hop-ledger").filter({ hasText: connector.display_name }) })
      .first();
    const times = asks === 1 ? "once" : asks === 2 ? "twice" : `${asks} times`;
    await expect(card.getByTestId("hop-ledger").filter({ hasText: connector.display_name })).toContainText(
      `${connector.display_name}: you asked them ${times}`,
    );
    await expect(card.getByTestId("ask-penalty")).toContainText(`you have asked more of ${connector.display_name} than you gave`);
    await page.getByTestId("path-ask-penalty").uncheck();
    // Doubtful ties (a declined request in the demo) still count; the ledger no longer does.
    await expect(page.getByTestId("ask-penalty").filter({ hasText: "than you gave" })).toHaveCount(0);
  });

  await test.step("one hop is not enough to reach someone beyond", async () => {
    await page.getByTestId("path-hops").selectOption("1");
    const none = page.getByTestId("paths-none");
    await expect(none).toContainText("No warm path within 1 hop");
    await page.getByTestId("suggest-more-hops").click();
    await expect(page.getByTestId("path-hops")).toHaveValue("2");
    await expect(page.getByTestId("path-card").first()).toBeVisible();
  });
});

test("warm paths need people, and someone at the centre", async ({ page, sphere }) => {
  await open(page, sphere, "#/paths");
  await expect(page.getByTestId("paths-no-people")).toBeVisible();
  await sphere.api("person_create", { first_name: "Ada", last_name: "Lovelace" });
  await page.reload();
  await page.evaluate(() => (location.hash = "#/paths"));
  const noCentre = page.getByTestId("paths-no-centre");
  await expect(noCentre).toContainText("Set yourself as Centre");
  await screenshot(page, "paths-no-centre");
});

test("a person page shows each relationship's strength and evidence, and leads to warm paths", async ({ page, sphere }) => {
  const info = await loadDemo(sphere);
  const { person: target } = await pickTarget(sphere);
  await open(page, sphere, `#/people/${info.me!.id}`);

  await test.step("strength bars and evidence, strongest first; the formula on demand", async () => {
    const rows = page.getByTestId("relationship-row");
    await expect(rows.first()).toBeVisible();
    const values = await page.getByTestId("relationship-strength").evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute("data-strength"))),
    );
    expect(values.length).toBeGreaterThan(3);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await expect(rows.first().getByTestId("relationship-evidence")).toContainText(/known since|last contact/);
    await page.getByTestId("strength-help-open").click();
    const help = page.getByTestId("strength-help-dialog");
    await expect(help).toContainText("Meal");
    await expect(help).toContainText("1 − e");
    await expect(help).toContainText("90 days");
    await screenshot(page, "strength-help");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
  });

  await test.step("Find warm paths from someone's page", async () => {
    await page.evaluate((id) => (location.hash = `#/people/${id}`), target.id);
    await expect(page.getByTestId("person-name")).toHaveText(target.display_name);
    await page.getByTestId("find-paths").click();
    await expect(page).toHaveURL(new RegExp(`#/paths\\?person=${target.id}$`));
    await expect(page.getByTestId("target-chip")).toContainText(target.display_name);
    await expect(page.getByTestId("path-card").first()).toBeVisible();
  });
});

test("settings: the half-life, with the core's validation next to the field", async ({ page, sphere }) => {
  await open(page, sphere, "#/settings");
  const field = page.getByTestId("half-life");
  await expect(field).toHaveValue("90");
  await field.fill("5");
  await page.getByTestId("save-settings").click();
  const error = page.locator('[data-testid="field-error"][data-field="half_life_days"]');
  await expect(error).toContainText("between 7 and 3650");
  await field.fill("120");
  await page.getByTestId("save-settings").click();
  await expect(page.getByTestId("toast").filter({ hasText: "Half-life set to 120 days" })).toBeVisible();
  await expect(error).toHaveCount(0);
  expect((await sphere.api<{ half_life_days: number }>("settings_get")).half_life_days).toBe(120);
  await screenshot(page, "settings");
});
