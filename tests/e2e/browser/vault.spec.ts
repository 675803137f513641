// An encrypted database in the browser: `sphere serve` started without its passphrase serves a
// locked Sphere; the page shows the unlock screen (the desktop app's own), refuses a wrong
// passphrase, and opens the page the link named once the right one is typed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, expect, screenshot, startServer, stopServer, test } from "./fixtures";

const PASS = "correct horse battery staple";

test("a locked server shows the unlock screen, refuses a wrong passphrase and keeps the route", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-e2e-vault-"));
  const db = path.join(dir, "vault.db");
  const cli = (args: string[]) =>
    execFileSync(BIN, ["--db", db, ...args], { env: { ...process.env, SPHERE_PASSPHRASE: PASS }, stdio: "pipe" });
  cli(["init", "--encrypt"]);
  cli(["person", "add", "Zebulon", "--last", "Quillfeather"]);
  const { child, url } = await startServer(dir, db);
  try {
    await page.goto(`${url}#/people`);
    const screen = page.getByTestId("unlock-screen");
    await expect(screen).toBeVisible();
    await expect(screen).toContainText(db);
    await expect(page.getByTestId("unlock-passphrase")).toBeFocused();
    await expect(page.getByTestId("nav-people"), "nothing of the app shows while locked").toHaveCount(0);

    await page.getByTestId("unlock-passphrase").fill("not it");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("field-error")).toContainText("wrong passphrase for");
    await expect(page.getByTestId("unlock-passphrase")).toHaveValue("");
    await screenshot(page, "unlock-wrong");

    await page.getByTestId("unlock-passphrase").fill(PASS);
    await page.keyboard.press("Enter");
    // The page the link named, not Today: locking never loses the route.
    await expect(page.getByTestId("nav-people")).toHaveAttribute("aria-current", "page");
    await expect(page.getByText("Zebulon Quillfeather")).toBeVisible();

    await page.getByTestId("nav-settings").click();
    await expect(page.getByTestId("security-status")).toContainText("Encrypted.");
    await page.getByTestId("security-lock-now").click();
    await expect(page.getByTestId("unlock-screen")).toBeVisible();
    await expect(page.getByTestId("nav-settings")).toHaveCount(0);
  } finally {
    await stopServer(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
