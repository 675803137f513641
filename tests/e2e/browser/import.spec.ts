// Importing contacts, end to end: pick a LinkedIn export, decide on the preview, commit, and
// check what the core stored; then a second import of the same file, and a bad file.
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, ROOT, screenshot, test, type Sphere } from "./fixtures";

const LINKEDIN = path.join(ROOT, "tests/data/import/linkedin/connections-2025.csv");
const ABBREVIATED = "Am. Soc. of Assn. Exec.";
const FULL_NAME = "American Society of Association Executives";

interface Counts {
  people: number;
  organizations: number;
}

async function counts(sphere: Sphere): Promise<Counts> {
  return (await sphere.api<{ counts: Counts }>("app_info")).counts;
}

async function openImport(page: Page, sphere: Sphere) {
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);
  await page.getByTestId("nav-import").click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
}

async function expectCount(page: Page, key: string, value: number) {
  await expect(page.getByTestId(`count-${key}`), `the preview's ${key} count`).toHaveAttribute("data-value", String(value));
}

test("the empty state leads to the import screen", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.getByTestId("empty-import").click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
  await expect(page.getByTestId("nav-import")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("import-drop")).toBeVisible();
});

test("import a LinkedIn export: preview, decide, commit, and import it again", async ({ page, sphere }) => {
  await sphere.api("person_create", { first_name: "Dana", last_name: "Reyes", ring: "centre" });
  await openImport(page, sphere);

  await test.step("the preview counts what would happen, and writes nothing", async () => {
    await page.getByTestId("import-file").setInputFiles(LINKEDIN);
    await expect(page.getByTestId("import-file-name")).toHaveText("connections-2025.csv");
    await expect(page.getByTestId("preview-notice")).toContainText("nothing has been written yet");
    await expectCount(page, "new", 7);
    await expectCount(page, "merged", 1);
    await expectCount(page, "skipped", 2);
    await expect(page.getByTestId("import-file-bar")).toContainText("the connections of Dana Reyes");
    await expect(page.getByTestId("preview-row")).toHaveCount(8);
    await expect(page.locator('[data-testid="preview-row"][data-line="14"]')).toContainText("into line 5");
    expect((await counts(sphere)).people, "a preview writes nothing").toBe(1);
  });

  await test.step("it proposes line 11 as a likely duplicate and asks for the abbreviated name in full", async () => {
    const dup = page.locator('[data-testid="duplicate"][data-line="11"]');
    await expect(dup).toContainText("Christopher Lee");
    await expect(dup).toContainText("Chris Lee");
    await expect(dup.getByTestId("duplicate-keep")).toHaveAttribute("aria-pressed", "true");
    const abbr = page.locator(`[data-testid="abbreviation"][data-name="${ABBREVIATED}"]`);
    await expect(abbr).toContainText(ABBREVIATED);
    await expect(abbr).toContainText("line 9");
    await screenshot(page, "import-preview");
  });

  await test.step("the full name and the merge re-preview", async () => {
    const abbr = page.locator(`[data-testid="abbreviation"][data-name="${ABBREVIATED}"]`);
    await abbr.getByTestId("abbreviation-input").fill(FULL_NAME);
    await expect(abbr.getByTestId("abbreviation-ok")).toContainText(FULL_NAME);
    await page.locator('[data-testid="duplicate"][data-line="11"]').getByTestId("duplicate-merge").click();
    await expectCount(page, "new", 6);
    await expectCount(page, "merged", 2);
    await expect(page.locator('[data-testid="duplicate"][data-line="11"]').getByTestId("duplicate-merge")).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(page.getByTestId("import-commit")).toHaveText("Import 6 people");
  });

  await test.step("the skipped rows and what was assumed are one tab away", async () => {
    await page.getByTestId("tab-skipped").click();
    await expect(page.getByTestId("skipped-row")).toHaveCount(2);
    await expect(page.getByTestId("skipped-row").first()).toContainText("Line 8");
    await page.getByTestId("tab-skipped").press("ArrowRight");
    await expect(page.getByTestId("tab-assumptions")).toBeFocused();
    await expect(page.getByTestId("assumptions")).toContainText("header is on line 4");
    await page.getByTestId("tab-records").click();
  });

  await test.step("commit: a result, a toast, and the people and organization stored", async () => {
    await page.getByTestId("import-commit").click();
    await expect(page.getByTestId("import-result")).toBeVisible();
    await expect(page.getByTestId("import-result-title")).toHaveText("Imported connections-2025.csv");
    await expect(page.getByTestId("import-result")).toContainText("6 people added");
    await expect(page.getByTestId("toast")).toContainText("Imported 6 people");
    const stored = await counts(sphere);
    expect(stored.people, "6 people from the file, plus you").toBe(7);
    const orgs = await sphere.api<{ organization: { name: string } }[]>("org_list", {});
    const names = orgs.map((o) => o.organization.name);
    expect(names, "the abbreviated organization is stored under its full name").toContain(FULL_NAME);
    expect(names).not.toContain(ABBREVIATED);
    const lees = await sphere.api<{ items: { display_name: string }[] }>("person_list", { search: "Lee" });
    expect(
      lees.items.map((p) => p.display_name).filter((n) => n.endsWith("Lee")).length,
      "Chris and Christopher were merged: Jordan Lee and one of them",
    ).toBe(2);
    await expect(page.getByTestId("nav-people")).toContainText("7");
    await screenshot(page, "import-done");
  });

  await test.step("importing the same file again adds no one", async () => {
    await page.getByTestId("import-another").click();
    await page.getByTestId("import-file").setInputFiles(LINKEDIN);
    await expect(page.getByTestId("import-file-name")).toHaveText("connections-2025.csv");
    // The core remembers both decisions: the full name (no question this time) and that
    // Christopher is the Chris Lee it stored (matched by his profile URL, not proposed).
    await expect(page.getByTestId("count-new")).toBeVisible();
    await expect(page.locator('[data-testid="abbreviation"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="duplicate"]')).toHaveCount(0);
    await expectCount(page, "new", 0);
    await expectCount(page, "unchanged", 6);
    await expect(page.getByTestId("import-commit")).toBeDisabled();
    await expect(page.getByTestId("import-commit")).toHaveText("Nothing new to import");
  });

  await test.step("the result links to People", async () => {
    await page.getByTestId("nav-people").click();
    await expect(page.getByTestId("person-row")).toHaveCount(7);
  });
});

test("a file that is not an address book shows the core's message and writes nothing", async ({ page, sphere }) => {
  await sphere.api("person_create", { first_name: "Dana", last_name: "Reyes", ring: "centre" });
  await openImport(page, sphere);

  await test.step("an empty file", async () => {
    await page.getByTestId("import-file").setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
    await expect(page.getByTestId("import-error")).toContainText("empty.csv: the file is empty");
  });

  await test.step("a binary file, then a good one picked after it", async () => {
    const binary = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01]);
    await page.getByTestId("import-file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: binary });
    await expect(page.getByTestId("import-error")).toContainText("contacts.csv");
    await expect(page.getByTestId("import-error")).toHaveAttribute("data-kind", "invalid_input");
    await expect(page.getByTestId("import-commit")).toHaveCount(0);
    await expect(page.getByTestId("import-choose")).toBeVisible();
    await screenshot(page, "import-error");
    expect((await counts(sphere)).people, "a bad file writes nothing").toBe(1);

    await page.getByTestId("import-file").setInputFiles(LINKEDIN);
    await expectCount(page, "new", 7);
    await expect(page.getByTestId("import-error")).toHaveCount(0);
  });
});

test("without anyone at the centre, the preview says why and offers to add you", async ({ page, sphere }) => {
  await openImport(page, sphere);
  await page.getByTestId("import-file").setInputFiles(LINKEDIN);
  await expect(page.getByTestId("import-blocker")).toContainText("No one is marked as you yet");
  await expect(page.getByTestId("import-commit")).toBeDisabled();
  await page.getByTestId("blocker-first").fill("Dana");
  await page.getByTestId("blocker-last").fill("Reyes");
  await page.getByTestId("blocker-add-me").click();
  await expect(page.getByTestId("import-blocker")).toHaveCount(0);
  await expect(page.getByTestId("import-commit")).toBeEnabled();
  await expect(page.getByTestId("import-file-bar")).toContainText("the connections of Dana Reyes");
});
