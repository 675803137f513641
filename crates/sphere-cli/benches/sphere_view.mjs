// The Sphere view at scale (run by scripts/bench.sh): a network served by a real `sphere
// serve`, drawn by the real UI in Debian's Chromium, then panned and zoomed with the mouse.
// Prints the time from opening the view to the first complete drawing, and the frame
// intervals while the camera moves (p50, p95, max, frames over 50 ms), measured in the page
// with requestAnimationFrame, separately while panning (drag) and while zooming (wheel). It
// also prints where the first drawing's time went: the API call (and its payload size), the
// layout (in a Web Worker) and building + drawing the scene, from the page's performance marks.
// bench.sh runs it on 5,000 people / 20,000 relationships and on 30,000 / 120,000 (a big
// LinkedIn network with about 4 relationships each).
//
// Chromium runs headless with WebGL through SwiftShader, a CPU renderer: on a machine with a
// GPU the same drawing is cheaper, so these figures are an upper bound.
//
//   node benches/sphere_view.mjs --db FILE --as-of RFC3339 [--bin target/release/sphere]
//        [--screenshot PNG]
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const { values: args } = parseArgs({
  options: {
    db: { type: "string" },
    "as-of": { type: "string" },
    bin: { type: "string", default: path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target", "release/sphere") },
    screenshot: { type: "string" },
  },
});
if (!args.db || !args["as-of"]) {
  console.error("usage: node benches/sphere_view.mjs --db FILE --as-of RFC3339 [--bin PATH] [--screenshot PNG]");
  process.exit(2);
}

function serve() {
  const child = spawn(args.bin, ["--db", args.db, "--as-of", args["as-of"], "serve", "--port", "0", "--ui-dir", path.join(ROOT, "ui/dist")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sphere serve printed no link within 30 s")), 30_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(line);
      if (m) {
        clearTimeout(timer);
        lines.removeAllListeners("line");
        child.stdout.resume();
        resolve({ child, url: m[0] });
      }
    });
    child.once("exit", (code) => reject(new Error(`sphere serve exited (${code}) before printing its link:\n${stderr}`)));
  });
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const { child, url } = await serve();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByTestId("nav-people").waitFor();
  const canvas = page.getByTestId("sphere-canvas");
  let payload = 0;
  page.on("response", async (res) => {
    if (res.url().endsWith("/api/sphere_view")) payload = (await res.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.evaluate(() => performance.clearMarks());
  const opened = Date.now();
  const openedAt = await page.evaluate(() => performance.now());
  await page.getByTestId("nav-sphere").click();
  await canvas.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  const firstDraw = Date.now() - opened;
  // People and ties handed to the renderer at the whole-sphere zoom (a crowded sphere draws
  // organizations as clusters there).
  const [drawnPeople, drawnTies] = ((await canvas.getAttribute("data-drawn")) ?? "? ?").split(" ");
  const info = await page.getByTestId("sphere-count").textContent();
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));

  // Frame intervals while the camera moves: pan (drag) back and forth, then zoom in and out
  // with the wheel, one notch per frame or so. Each phase is measured on its own.
  const startFrames = () =>
    page.evaluate(() => {
      window.__frames = [];
      const tick = (t) => {
        window.__frames.push(t);
        window.__raf = requestAnimationFrame(tick);
      };
      window.__raf = requestAnimationFrame(tick);
    });
  const stopFrames = async () => {
    await page.waitForTimeout(300);
    const frames = await page.evaluate(() => {
      cancelAnimationFrame(window.__raf);
      return window.__frames;
    });
    return frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  };
  const box = await canvas.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await startFrames();
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(cx - 200, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 200, cy + 60, { steps: 40 });
    await page.mouse.move(cx - 200, cy, { steps: 40 });
    await page.mouse.up();
  }
  const pan = await stopFrames();
  await page.mouse.move(cx, cy);
  await startFrames();
  for (const dir of [-1, 1]) {
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, dir * 120);
      await page.waitForTimeout(16);
    }
  }
  const zoom = await stopFrames();
  if (args.screenshot) await page.screenshot({ path: args.screenshot });
  const mark = (name) => (marks[name] === undefined ? "?" : `${Math.round(marks[name] - openedAt)} ms`);
  const stats = (intervals) =>
    `p50 ${quantile(intervals, 0.5).toFixed(1)} ms   p95 ${quantile(intervals, 0.95).toFixed(1)} ms   max ${quantile(intervals, 1).toFixed(1)} ms   ` +
    `(${intervals.length} frames; ${intervals.filter((d) => d > 50).length} over 50 ms, ${intervals.filter((d) => d > 100).length} over 100 ms)`;
  console.log(`\n== Sphere view in Chromium (${info?.replace(/\s+/g, " ").trim()}; WebGL through SwiftShader, no GPU) ==`);
  console.log(`${"open the view to first drawing".padEnd(34)} ${(firstDraw / 1000).toFixed(2)} s   (${drawnPeople} people and ${drawnTies} ties drawn, the rest as clusters)`);
  console.log(
    `${"  of which".padEnd(34)} data in ${mark("sphere:data")} (payload ${(payload / 1e6).toFixed(2)} MB), ` +
      `laid out ${mark("sphere:layout")}, first drawing ${mark("sphere:drawn")}`,
  );
  console.log(`${"frames while panning".padEnd(34)} ${stats(pan)}`);
  console.log(`${"frames while zooming".padEnd(34)} ${stats(zoom)}`);
  if (errors.length) {
    console.error(`errors in the page:\n  ${errors.join("\n  ")}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  child.kill("SIGINT");
}
