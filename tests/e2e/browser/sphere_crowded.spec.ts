// A crowded sphere (3,000 people from `sphere synth`): organizations as clusters zoomed out,
// people appear as you zoom in, and "Find on the sphere" still reaches anyone.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, expect, screenshot, startServer, stopServer, test } from "./fixtures";

test("a crowded sphere shows organizations as clusters, then the people as you zoom in", async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-e2e-crowded-"));
  const db = path.join(dir, "crowded.db");
  const made = spawnSync(BIN, ["--db", db, "--as-of", "2026-01-01T00:00:00Z", "synth", "--people", "3000", "--ties", "9000", "--seed", "3"], {
    encoding: "utf8",
  });
  expect(made.status, made.stderr).toBe(0);
  const { child, url } = await startServer(dir, db);
  try {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.getByTestId("nav-sphere").click();
    const canvas = page.getByTestId("sphere-canvas");
    await expect(canvas).toHaveAttribute("data-state", "ready", { timeout: 60_000 });
    await expect(canvas).toHaveAttribute("data-rendered-nodes", "3000");

    await test.step("zoomed out: clusters, and only you as a person", async () => {
      await expect(page.getByTestId("sphere-lod")).toHaveText("People grouped by organization · zoom in to see them");
      await expect(canvas).toHaveAttribute("data-drawn", "1 0");
      await expect(page.getByTestId("sphere-stage")).toHaveAttribute("data-layout", "worker");
    });

    await test.step("zoomed in with the keyboard: people and the strongest ties among them, within the budgets", async () => {
      await canvas.locator(".stage").focus();
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press("+");
        await page.waitForTimeout(300);
      }
      await expect(page.getByTestId("sphere-lod")).not.toHaveText(/grouped by organization/);
      const [people, ties] = (await canvas.getAttribute("data-drawn"))!.split(" ").map(Number);
      expect(people, "people are drawn once zoomed in").toBeGreaterThan(20);
      expect(people, "never more than the budget").toBeLessThanOrEqual(1201);
      expect(ties, "ties among them, within the budget").toBeGreaterThan(0);
      expect(ties).toBeLessThanOrEqual(1500);
      await screenshot(page, "sphere-crowded");
    });

    await test.step("Find on the sphere reaches someone anywhere, and pins them", async () => {
      await page.keyboard.press("0");
      const view = (await (
        await page.request.post(`${new URL(url).origin}/api/sphere_view`, {
          headers: { Authorization: `Bearer ${new URL(url).searchParams.get("token")}` },
          data: {},
        })
      ).json()) as { people: { id: number; name: string; ring: string }[] };
      const target = view.people.filter((p) => p.ring === "beyond").at(-1)!;
      await page.getByTestId("sphere-find").fill(target.name);
      await page.getByTestId("picker-option").filter({ hasText: target.name }).first().click();
      await expect(page.getByTestId("sphere-tooltip")).toContainText(target.name);
    });
    expect(errors, "no errors in the page").toEqual([]);
  } finally {
    await stopServer(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
