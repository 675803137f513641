// The vault in the browser: Settings → Snapshots (take one, restore it after a confirmation,
// the restore undoable), and the banner every page shows while the database is damaged and
// open read-only.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { BIN, expect, screenshot, startServer, stopServer, test, type Sphere } from "./fixtures";

interface Counts {
  people: number;
}
interface AppInfo {
  counts: Counts;
}
interface VaultHealth {
  state: "sound" | "damaged";
  message: string | null;
}

async function open(page: Page, url: string, hash: string) {
  await page.goto(url);
  await expect(page).not.toHaveURL(/token=/);
  await page.evaluate((h) => (location.hash = h), hash);
}

test("a snapshot is taken, restored after a confirmation, and the restore undone", async ({ page, sphere }) => {
  await sphere.api("demo_load", { seed: 7 });
  const before = (await sphere.api<AppInfo>("app_info")).counts.people;
  await open(page, sphere.url, "#/settings");
  const section = page.getByTestId("snapshots-section");
  await expect(section.getByTestId("snapshots-empty")).toBeVisible();
  await section.getByTestId("snapshot-take").click();
  await expect(section.getByTestId("snapshot-row")).toHaveCount(1);
  await expect(section.getByTestId("snapshot-row").first()).toContainText("Taken by you");

  await sphere.api("person_create", { first_name: "Zed", last_name: "Newcomer" });
  expect((await sphere.api<AppInfo>("app_info")).counts.people).toBe(before + 1);

  // Cancel first: nothing changes.
  await section.getByTestId("snapshot-restore").first().click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("current state is kept as a “before restore” snapshot");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect((await sphere.api<AppInfo>("app_info")).counts.people).toBe(before + 1);

  await section.getByTestId("snapshot-restore").first().click();
  await dialog.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("toast").first()).toContainText("Restored the snapshot");
  expect((await sphere.api<AppInfo>("app_info")).counts.people, "Zed is gone with the restore").toBe(before);
  // The undo is listed: the state before the restore.
  await expect(section.getByTestId("snapshot-row")).toHaveCount(2);
  await expect(section.getByTestId("snapshot-row").first()).toContainText("Before a restore");
  await screenshot(page, "settings-snapshots");
  await section.getByTestId("snapshot-restore").first().click();
  await dialog.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("toast").first()).toContainText("Restored the snapshot");
  expect((await sphere.api<AppInfo>("app_info")).counts.people, "the undo brings Zed back").toBe(before + 1);
});

/** Starts a server on `db`; its health (via the API) and how to stop it. */
async function serveOn(db: string) {
  const { child, url } = await startServer(path.dirname(db), db);
  const parsed = new URL(url);
  const token = parsed.searchParams.get("token") ?? "";
  const health = (await (
    await fetch(`${parsed.origin}/api/vault_health`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: "{}",
    })
  ).json()) as VaultHealth;
  return { child, url, health };
}

test("every page says the database is damaged and open read-only", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-e2e-damaged-"));
  try {
    const clean = path.join(dir, "clean.db");
    const made = spawnSync(BIN, ["--db", clean, "demo", "--seed", "7"], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const pages = fs.statSync(clean).size / 4096;
    // Zero one page (searching from the end for one the graph does not need to load, an
    // index page), after a crash (a marker its owner left): Sphere opens the file read-only.
    let server: Awaited<ReturnType<typeof serveOn>> | null = null;
    for (let p = pages - 2; p > pages / 2 && server === null; p -= 3) {
      const db = path.join(dir, `damaged-${p}.db`);
      const bytes = fs.readFileSync(clean);
      bytes.fill(0, p * 4096, (p + 1) * 4096);
      fs.writeFileSync(db, bytes);
      fs.mkdirSync(`${db}.state`, { recursive: true });
      fs.writeFileSync(path.join(`${db}.state`, "open-4000000-0"), "");
      const tried = await serveOn(db).catch(() => null);
      if (tried?.health.state === "damaged") server = tried;
      else if (tried) await stopServer(tried.child);
    }
    expect(server, "a page whose damage leaves the file readable").not.toBeNull();
    if (!server) return;
    try {
      await open(page, server.url, "#/people");
      const banner = page.getByTestId("vault-damaged");
      await expect(banner).toContainText("The database is damaged: Sphere opened it read-only");
      await expect(banner).toContainText("Restore a snapshot");
      await screenshot(page, "vault-damaged");
      await page.evaluate(() => (location.hash = "#/today"));
      await expect(banner).toBeVisible();
      await banner.getByTestId("vault-damaged-snapshots").click();
      await expect(page.getByTestId("snapshots-section")).toBeVisible();
    } finally {
      await stopServer(server.child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
