// Organizations, end to end.
import { expect, test } from "./fixtures";

test("create, rename and delete an organization; its people stay", async ({ page, sphere }) => {
  const org = await sphere.api<{ id: number }>("org_create", { name: "Analytical Engines Limited" });
  await sphere.api("person_create", { first_name: "Ada", last_name: "Lovelace", organization_id: org.id });

  await page.goto(sphere.url);
  await page.getByTestId("nav-organizations").click();
  const rows = page.getByTestId("org-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Analytical Engines Limited");
  await expect(rows.first()).toContainText("1");

  await test.step("the core's error for a clash shows in the form", async () => {
    await page.getByTestId("new-organization").click();
    await page.getByTestId("org-field-name").fill("analytical engines limited");
    await page.getByTestId("save-organization").click();
    await expect(page.getByTestId("form-error")).toContainText("already exists");
    await page.getByTestId("org-field-name").fill("Difference Engines Limited");
    await page.getByTestId("org-field-domain").fill("not a domain");
    await page.getByTestId("save-organization").click();
    const error = page.locator('[data-testid="field-error"][data-field="domain"]');
    await expect(error).toContainText("not a web domain");
    await page.getByTestId("org-field-domain").fill("difference.example");
    await page.getByTestId("save-organization").click();
    await expect(rows).toHaveCount(2);
  });

  await test.step("search as you type", async () => {
    await page.getByTestId("org-search").fill("differ");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Difference Engines Limited");
    await page.getByTestId("org-search").fill("");
    await expect(rows).toHaveCount(2);
  });

  await test.step("rename", async () => {
    await rows.filter({ hasText: "Difference Engines Limited" }).getByTestId("edit-organization").click();
    await page.getByTestId("org-field-name").fill("Difference Engine Works");
    await page.getByTestId("save-organization").click();
    await expect(rows.filter({ hasText: "Difference Engine Works" })).toHaveCount(1);
  });

  await test.step("delete after confirming; the people who worked there stay", async () => {
    await rows.filter({ hasText: "Analytical Engines Limited" }).getByTestId("delete-organization").click();
    await expect(page.getByRole("dialog")).toContainText("1 person stays");
    await page.getByTestId("confirm-delete").click();
    await expect(rows).toHaveCount(1);
    await page.getByTestId("nav-people").click();
    await expect(page.getByTestId("person-row")).toHaveCount(1);
    await expect(page.getByTestId("person-row")).toContainText("Ada Lovelace");
  });
});

test("an unknown person shows the core's not-found error with a retry", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.goto(`${sphere.origin}/#/people/424242`);
  const banner = page.getByTestId("error-banner");
  await expect(banner).toHaveAttribute("data-kind", "not_found");
  await expect(banner).toContainText("424242");
  await expect(banner.getByRole("button", { name: "Retry" })).toBeVisible();
});
