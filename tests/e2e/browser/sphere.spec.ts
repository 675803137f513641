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
    await expect(page.getByTestId("sphere-stage"), "laid out in a Web Worker").toHaveAttribute("data-layout", "worker");
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

test("people and suggested introductions from the route are highlighted, centred and explained", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const view = await sphere.api<SphereView>("sphere_view", {});
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Two people from Today, and two suggested introductions (one between people of
  // different organizations), the way Today and the suggestions link here.
  const outer = view.people.filter((p) => p.ring === "outer");
  const beyond = view.people.filter((p) => p.ring === "beyond");
  const [a, b] = outer;
  const [c, d] = beyond;
  const pairs = `${a!.id}-${c!.id},${b!.id}-${d!.id}`;
  await page.goto(sphere.url);
  await page.evaluate((h) => (location.hash = h), `#/sphere?highlight=${a!.id},${b!.id},999999&pairs=${pairs}`);
  const canvas = page.getByTestId("sphere-canvas");
  await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 30_000 });

  await test.step("the note and the legend say what is highlighted", async () => {
    const note = page.getByTestId("sphere-marked");
    await expect(note).toContainText("3 people from Today and 2 suggested introductions highlighted");
    // 999999 is nobody: said, not silently dropped.
    await expect(note).toContainText("1 person is no longer in your sphere.");
    await expect(page.getByTestId("legend-today")).toHaveText("Today's items");
    await expect(page.getByTestId("legend-pairs")).toHaveText("Suggested introductions");
  });

  await test.step("each pair is joined by a dashed line, and the view is centred on them", async () => {
    const lines = page.getByTestId("sphere-pair");
    await expect(lines).toHaveCount(2);
    await expect(lines.first()).toHaveCSS("stroke-dasharray", /6(px)?,? 5(px)?/);
    await page.waitForTimeout(800);
    const box = (await canvas.boundingBox())!;
    const ends = await lines.evaluateAll((ls) =>
      ls.flatMap((l) => {
        const r = l.ownerSVGElement!.getBoundingClientRect();
        const n = (name: string) => Number(l.getAttribute(name));
        return [
          { x: r.x + n("x1"), y: r.y + n("y1") },
          { x: r.x + n("x2"), y: r.y + n("y2") },
        ];
      }),
    );
    // The camera frames the highlighted people: every end of every pair is in view.
    for (const p of ends) {
      expect(p.x, "a highlighted person is in view").toBeGreaterThan(box.x);
      expect(p.x).toBeLessThan(box.x + box.width);
      expect(p.y).toBeGreaterThan(box.y);
      expect(p.y).toBeLessThan(box.y + box.height);
    }
    await screenshot(page, "sphere-highlight");
  });

  await test.step("Clear leaves the plain sphere", async () => {
    await page.getByTestId("sphere-marked-clear").click();
    await expect(page.getByTestId("sphere-marked")).toHaveCount(0);
    await expect(page.getByTestId("sphere-pair")).toHaveCount(0);
    await expect(page.getByTestId("legend-pairs")).toHaveCount(0);
  });
  expect(errors, "no errors in the page").toEqual([]);
});

test("an empty sphere says what to do", async ({ page, sphere }) => {
  await page.goto(sphere.url);
  await page.evaluate(() => (location.hash = "#/sphere"));
  await expect(page.getByTestId("sphere-empty")).toContainText("Nobody in your sphere yet");
});
