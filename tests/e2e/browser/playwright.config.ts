// Browser end-to-end suite: Debian's Chromium against a real `sphere serve` (see fixtures.ts).
// Run from the repository root:
//   npx playwright test --config tests/e2e/browser/playwright.config.ts
import path from "node:path";
import { defineConfig } from "@playwright/test";

const root = path.resolve(__dirname, "../../..");

export default defineConfig({
  testDir: __dirname,
  testMatch: "*.spec.ts",
  outputDir: path.join(root, "target/e2e-browser-results"),
  // Every test starts its own server on a fresh database, so tests are independent; one
  // worker keeps a 2-core CI machine calm.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: 1,
    locale: "en-GB",
    timezoneId: "Europe/London",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; never `npx playwright install`.
      executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        // WebGL (the sphere, drawn by sigma) through ANGLE's software renderer: no GPU here,
        // and Chromium no longer falls back to SwiftShader for WebGL without being told.
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
});
