// What the desktop suites share (tests/e2e/desktop/run.mjs, crates/sphere-cli/benches/cold_start.mjs):
// the machine's prerequisites, Xvfb when there is no DISPLAY, tauri-driver with WebKitWebDriver,
// WebDriver sessions that launch the app binary, and the processes each run started.

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

/** The processes this run started (through `start`), ended by pid with their groups. */
export const children = [];

/** A problem with the machine, not with the app: reported without a stack trace. */
export class SetupError extends Error {}

/** Throws a SetupError listing what `what` (a suite's name) needs and this machine lacks. */
export function checkPrerequisites(bin, what, buildHint) {
  const missing = [];
  if (!fs.existsSync(bin)) {
    missing.push(`the app binary ${bin}: ${buildHint}`);
  }
  if (!tauriDriverPath()) {
    missing.push("tauri-driver: run `cargo install tauri-driver --version ^2 --locked` (or set TAURI_DRIVER)");
  }
  if (!fs.existsSync(webkitWebDriverPath())) {
    missing.push(`WebKitWebDriver at ${webkitWebDriverPath()}: install the webkit2gtk-driver package (or set WEBKIT_WEBDRIVER)`);
  }
  if (!process.env.DISPLAY && !onPath("Xvfb")) {
    missing.push("Xvfb (no DISPLAY is set): install the xvfb package");
  }
  if (missing.length) throw new SetupError(`cannot run ${what}; missing:\n${missing.map((m) => `  - ${m}`).join("\n")}`);
}

/** A WebDriver session on tauri-driver at `port`: WebKitWebDriver launches `bin` in a window. */
export function openSession(port, bin) {
  return remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryCount: 0,
    connectionRetryTimeout: 60_000,
    capabilities: {
      "tauri:options": { application: bin },
      // WebKitWebDriver speaks classic WebDriver only; don't ask for a BiDi socket.
      "wdio:enforceWebDriverClassic": true,
    },
  });
}

export function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function tauriDriverPath() {
  if (process.env.TAURI_DRIVER) return fs.existsSync(process.env.TAURI_DRIVER) ? process.env.TAURI_DRIVER : undefined;
  const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo"), "bin", "tauri-driver");
  return onPath("tauri-driver") ?? (fs.existsSync(cargoBin) ? cargoBin : undefined);
}

export function webkitWebDriverPath() {
  return process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";
}

/** Starts a child in its own process group, so cleanup can end it and everything it spawned. */
export function start(name, command, args, options = {}) {
  const child = spawn(command, args, { detached: true, ...options });
  child.label = name;
  child.output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk) => {
      child.output = (child.output + chunk.toString()).slice(-20_000);
    });
  }
  children.push(child);
  return child;
}

/** Starts Xvfb on a free display number (it picks one and reports it on fd 3). */
export function startXvfb() {
  const xvfb = start("Xvfb", "Xvfb", ["-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s:\n${xvfb.output}`)), 10_000);
    xvfb.stdio[3].on("data", (chunk) => {
      out += chunk.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    xvfb.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready:\n${xvfb.output}`));
    });
  });
}

export async function startTauriDriver({ display, db }) {
  const port = Number(process.env.TAURI_DRIVER_PORT) || (await freePort());
  const nativePort = await freePort(port);
  const driver = start(
    "tauri-driver",
    tauriDriverPath(),
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", webkitWebDriverPath()],
    {
      stdio: ["ignore", "pipe", "pipe"],
      // Everything here reaches the app: tauri-driver → WebKitWebDriver → sphere-desktop.
      env: { ...process.env, DISPLAY: display, SPHERE_DB: db, RUST_BACKTRACE: "1" },
    },
  );
  let exited = false;
  driver.once("exit", () => (exited = true));
  await waitFor(
    async () => {
      if (exited) throw new Error(`tauri-driver exited at start:\n${driver.output}`);
      return (await canConnect(port)) && (await canConnect(nativePort));
    },
    15_000,
    `tauri-driver did not listen on ${port} within 15 s:\n${driver.output}`,
  );
  return { port, child: driver };
}

export function freePort(avoid) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => (port === avoid ? freePort(avoid).then(resolve, reject) : resolve(port)));
    });
  });
}

export function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Pids of `bin` processes started under this run's tauri-driver (read from /proc). */
export function appPids(bin) {
  const target = fs.realpathSync(bin);
  const ours = new Set(children.map((c) => c.pid));
  const parentOf = (pid) => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ")".
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return 0;
    }
  };
  const startedByUs = (pid) => {
    for (let p = parentOf(pid); p > 1; p = parentOf(p)) if (ours.has(p)) return true;
    return false;
  };
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/exe`) === target && startedByUs(Number(entry))) pids.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

export async function waitFor(check, timeout, message) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends SIGTERM to the child's process group; the promise settles when the child has exited. */
export function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return Promise.resolve(); // already gone
  }
  return Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
}

/** What tauri-driver (and, through it, WebKitWebDriver and the app) printed: for failures. */
export function printChildOutput() {
  for (const child of children) {
    if (child.output.trim()) console.log(`--- ${child.label} output (last 20 kB) ---\n${child.output}`);
  }
}
