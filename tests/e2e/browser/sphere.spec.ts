// The sphere, end to end: sigma draws the demo network with WebGL in Chromium (SwiftShader),
// filters redraw it, "Find on the sphere" flies to a person whose node then answers the mouse.
import { expect, screenshot, test } from "./fixtures";

interface AppInfo {
  counts: { people: number };
}
interface SphereView {
  people: { id: number; name: string; ring: string; organization_id: number | null; organization_name: string | null }[];
  me: number | null;
}

test("the sphere draws everyone by ring and organization, filters, finds and opens a person", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const info = await sphere.api<AppInfo>("app_info");
  const view = await sphere.api<SphereView>("sphere_view", {});
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(sphere.url);
  await page.getByTestId("nav-sphere").click();
  await expect(page.getByTestId("nav-sphere")).toHaveAttribute("aria-current", "page");

  const canvas = page.getByTestId("sphere-canvas");
  await test.step("sigma renders every person and tie", async () => {
    await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await expect(canvas).toHaveAttribute("data-rendered-nodes", String(info.counts.people));
    await expect(canvas.locator("canvas").first()).toBeVisible();
    await expect(page.getByTestId("sphere-count")).toContainText(`${info.counts.people} people of ${info.counts.people}`);
    await screenshot(page, "sphere");
  });

  await test.step("filter by ring and by organization", async () => {
    const inner = view.people.filter((p) => p.ring === "inner").length;
    await page.getByTestId("sphere-ring-inner").click();
    await expect(canvas).toHaveAttribute("data-rendered-nodes", String(inner + 1)); // and you
    await page.getByTestId("sphere-ring-all").click();
    const org = view.people.find((p) => p.organization_id !== null && p.ring !== "centre")!;
    const atOrg = view.people.filter((p) => p.organization_id === org.organization_id && p.ring !== "centre").length;
    await page.getByTestId("sphere-org-filter").selectOption(String(org.organization_id));
    await expect(canvas).toHaveAttribute("data-rendered-nodes", String(atOrg + 1));
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(canvas).toHaveAttribute("data-rendered-nodes", String(info.counts.people));
  });

  await test.step("find someone: the camera flies to them, hover and click open their page", async () => {
    const target = view.people.find((p) => p.ring === "outer")!;
    await page.getByTestId("sphere-find").fill(target.name);
    await page.getByTestId("picker-option").filter({ hasText: target.name }).first().click();
    const tip = page.getByTestId("sphere-tooltip");
    await expect(tip).toContainText(target.name);
    // The camera centres on the person: their node sits in the middle of the canvas.
    await page.waitForTimeout(800);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(tip).toContainText("Click to open their page");
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId("person-name")).toHaveText(target.name);
  });

  expect(errors, "no errors in the console").toEqual([]);
});

test("a warm path shows on the sphere, and hovering a tie shows its evidence", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const info = await sphere.api<{ me: { id: number } }>("app_info");
  const ties = await sphere.api<{ relationship: { id: number }; other: { id: number; display_name: string }; evidence: string }[]>(
    "tie_list",
    { person_id: info.me.id },
  );
  await page.goto(sphere.url);
  const canvas = page.getByTestId("sphere-canvas");
  const tip = page.getByTestId("sphere-tie-tooltip");
  // A path of one tie is framed on its middle, which lies on the tie itself; unless someone
  // else happens to sit right there, the mouse in the middle of the canvas hovers the tie.
  let shown = null;
  for (const tie of ties.slice(0, 6)) {
    await page.evaluate((h) => (location.hash = h), `#/sphere?path=${info.me.id},${tie.other.id}`);
    await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    await expect(page.getByTestId("sphere-path")).toContainText(tie.other.display_name);
    await page.waitForTimeout(800);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    if (await tip.isVisible().catch(() => false)) {
      shown = tie;
      break;
    }
  }
  expect(shown, "the mouse found a tie in the middle of a framed path").not.toBeNull();
  await expect(tip).toContainText(shown!.other.display_name);
  await expect(tip.getByTestId("tie-evidence")).toHaveText(shown!.evidence);
  await screenshot(page, "sphere-tie");
});

test("an empty sphere says what to do", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.evaluate(() => (location.hash = "#/sphere"));
  await expect(page.getByTestId("sphere-empty")).toContainText("Nobody in your sphere yet");
});
