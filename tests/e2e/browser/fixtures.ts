// A real `sphere serve` per test, on a database in a fresh temporary folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export const ROOT = path.resolve(__dirname, "../../..");
export const BIN = path.resolve(ROOT, process.env.SPHERE_BIN ?? "target/debug/sphere");
const UI_DIR = path.join(ROOT, "ui/dist");
export const SCREENSHOTS = path.join(ROOT, "target/e2e-screenshots");

export interface Sphere {
  /** The link `sphere serve` printed: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  origin: string;
  token: string;
  /** Calls a command directly (to check what is stored, not to drive the UI). */
  api<T = unknown>(command: string, body?: unknown): Promise<T>;
}

export function startServer(dir: string, db = path.join(dir, "e2e.db")): Promise<{ child: ChildProcess; url: string }> {
  if (!fs.existsSync(BIN)) {
    throw new Error(`No sphere binary at ${BIN}: run \`cargo build -p sphere-cli\` first (or set SPHERE_BIN).`);
  }
  if (!fs.existsSync(path.join(UI_DIR, "index.html"))) {
    throw new Error(`No built UI in ${UI_DIR}: run \`npm run build\` first.`);
  }
  const child = spawn(BIN, ["--db", db, "serve", "--port", "0", "--ui-dir", UI_DIR], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_BACKTRACE: "1" },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sphere serve printed no URL within 20 s.\nstderr:\n${stderr}`));
    }, 20_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(line);
      if (match) {
        clearTimeout(timer);
        lines.removeAllListeners("line");
        child.stdout?.resume(); // keep draining, so the server never blocks on a full pipe
        resolve({ child, url: match[0] });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`sphere serve exited (${code ?? signal}) before printing its URL.\nstderr:\n${stderr}`));
    });
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT"); // graceful shutdown (Ctrl-C)
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

async function apiCall<T>(request: APIRequestContext, origin: string, token: string, command: string, body: unknown): Promise<T> {
  const res = await request.post(`${origin}/api/${command}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: body ?? {},
  });
  const json = (await res.json()) as T;
  if (!res.ok()) throw new Error(`${command} failed (${res.status()}): ${JSON.stringify(json)}`);
  return json;
}

export const test = base.extend<{ sphere: Sphere }>({
  sphere: async ({ request }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-e2e-"));
    const { child, url } = await startServer(dir);
    const parsed = new URL(url);
    const token = parsed.searchParams.get("token") ?? "";
    const origin = parsed.origin;
    try {
      await use({
        url,
        origin,
        token,
        api: (command, body) => apiCall(request, origin, token, command, body),
      });
    } finally {
      await stopServer(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Dismiss toasts and let transitions settle, so the picture shows the page itself.
  const toasts = page.getByTestId("toast");
  for (let i = 0; i < 6 && (await toasts.count()) > 0; i++) {
    // A toast may time out on its own meanwhile.
    await toasts.first().getByRole("button", { name: "Dismiss" }).click({ timeout: 1_000 }).catch(() => undefined);
  }
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `browser-${name}.png`), fullPage: false });
}
