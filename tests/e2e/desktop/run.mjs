#!/usr/bin/env node
// Desktop end-to-end suite: the real Sphere binary (target/debug/sphere-desktop) in a real
// WebKitGTK window, driven by tauri-driver + WebKitWebDriver through WebdriverIO.
//
//   node tests/e2e/desktop/run.mjs        (from the repository root; `npm run e2e:desktop`)
//
// Needs: the built binary (`npm run build && cargo build -p sphere-desktop`), tauri-driver
// (`cargo install tauri-driver --version ^2 --locked`) and WebKitWebDriver (Debian:
// webkit2gtk-driver). Without a DISPLAY it starts its own Xvfb. The app runs on a fresh
// database in a temp folder, handed over in SPHERE_DB through tauri-driver's environment
// (tauri-driver → WebKitWebDriver → the app). Screenshots go to target/e2e-screenshots/.
//
// Overrides: SPHERE_DESKTOP_BIN (app binary), TAURI_DRIVER, WEBKIT_WEBDRIVER,
// TAURI_DRIVER_PORT (default: a free port), E2E_KEEP_DB=1 (keep the temp database).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  SetupError,
  appPids,
  checkPrerequisites,
  children,
  openSession as openAppSession,
  printChildOutput,
  startTauriDriver,
  startXvfb,
  stopGroup,
  waitFor,
} from "./harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.resolve(ROOT, process.env.SPHERE_DESKTOP_BIN ?? "target/debug/sphere-desktop");
const SCREENSHOTS = path.join(ROOT, "target/e2e-screenshots");
const WAIT_MS = 20_000; // for anything the UI does after a click
const SUITE_TIMEOUT_MS = 6 * 60_000; // the whole run, so CI never hangs
// The CLI beside the app (`cargo build -p sphere-cli -p sphere-desktop` builds both).
const CLI_BIN = path.resolve(ROOT, process.env.SPHERE_CLI_BIN ?? path.join(path.dirname(BIN), "sphere"));
const IMPORT_FIXTURE = path.join(ROOT, "tests/data/import/linkedin/connections-2025.csv");

let browser; // the current WebDriver session
let workDir; // temp folder holding the database
let warm; // the warm-path target the steps share: { person, paths }

// ---- Steps ------------------------------------------------------------------------------

const results = [];

/** Runs the steps in order; after a failure the rest are skipped (each needs the one before). */
async function runSteps(steps) {
  let failed = false;
  for (const [name, fn] of steps) {
    if (failed) {
      results.push({ name, status: "skipped" });
      console.log(`  - ${name} (skipped)`);
      continue;
    }
    const start = Date.now();
    try {
      await fn();
      results.push({ name, status: "passed" });
      console.log(`  ✓ ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
    } catch (error) {
      failed = true;
      results.push({ name, status: "failed", error });
      console.log(`  ✗ ${name}\n${indent(describe(error))}`);
      await screenshot("desktop-failure.png").catch(() => {});
      printChildOutput();
    }
  }
}

// ---- Driving the app ---------------------------------------------------------------------

const byId = (id) => `[data-testid="${id}"]`;

async function find(id, { timeout = WAIT_MS } = {}) {
  const el = await browser.$(byId(id));
  await el.waitForDisplayed({ timeout, timeoutMsg: `no visible [data-testid="${id}"] after ${timeout} ms` });
  return el;
}

async function click(id) {
  const el = await find(id);
  await el.waitForClickable({ timeout: WAIT_MS, timeoutMsg: `[data-testid="${id}"] is not clickable` });
  await el.click();
}

async function fill(id, text) {
  const el = await find(id);
  await el.setValue(text);
  assert.equal(await el.getValue(), text, `the field ${id} should hold what was typed`);
}

/** Waits until some `person-row` contains `name`. */
async function waitForRow(name) {
  let seen = [];
  try {
    await browser.waitUntil(
      async () => {
        seen = [];
        // textContent, not getText(): WebKitWebDriver's visible-text atom drops the row's
        // ellipsized name spans (it returns "GH Outer — 0" for a row showing Grace Hopper).
        for (const row of await browser.$$(byId("person-row"))) {
          if (await row.isDisplayed()) seen.push(normalize(await row.getProperty("textContent")));
        }
        return seen.some((text) => text.includes(name));
      },
      { timeout: WAIT_MS },
    );
  } catch {
    throw new Error(`no person-row containing "${name}" after ${WAIT_MS} ms; rows: ${JSON.stringify(seen)}`);
  }
}

const normalize = (text) => String(text ?? "").replace(/\s+/g, " ").trim();

/** Calls a core command through the app's own IPC, as the UI does (to check facts, not to drive). */
async function invoke(cmd, req = {}) {
  const answer = await browser.executeAsync(
    (cmd, req, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, { req }).then(
        (ok) => done({ ok }),
        (error) => done({ error: JSON.stringify(error) }),
      );
    },
    cmd,
    req,
  );
  if (answer.error) throw new Error(`${cmd} failed in the app: ${answer.error}`);
  return answer.ok;
}

async function screenshot(name) {
  if (!browser) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  await browser.saveScreenshot(file);
  console.log(`    screenshot: ${path.relative(ROOT, file)}`);
}

async function openSession(port) {
  browser = await openAppSession(port, BIN);
}

/** Ends the session; WebKitWebDriver closes the window and the app quits. */
async function closeSession() {
  const b = browser;
  browser = undefined;
  if (b) await b.deleteSession();
}

// ---- The suite ---------------------------------------------------------------------------

async function main() {
  checkPrerequisites(BIN, "the desktop e2e suite", "run `npm run build && cargo build -p sphere-desktop` (or set SPHERE_DESKTOP_BIN)");
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-desktop-e2e-"));
  const db = path.join(workDir, "sphere.db");
  const display = process.env.DISPLAY || (await startXvfb());
  let driver = await startTauriDriver({ display, db });
  const port = driver.port;
  console.log(`desktop e2e: ${path.relative(ROOT, BIN)} on DISPLAY ${display}, database ${db}`);

  await runSteps([
    [
      "the app opens a window titled Sphere on the given database, on Today, showing the empty state",
      async () => {
        await openSession(port);
        assert.equal(await browser.getTitle(), "Sphere", "the window title");
        await find("empty-state");
        const first = await find("nav-today");
        assert.equal(await first.getAttribute("aria-current"), "page", "the first page is Today");
        const hash = await browser.execute(() => location.hash);
        assert.ok(hash === "" || hash === "#/today", `the app opens on Today, not ${hash}`);
        const csp = await probeCsp();
        assert.equal(csp.inlineScriptRan, false, `the CSP must block inline scripts: ${JSON.stringify(csp)}`);
        assert.equal(csp.ipc, "reached", `the CSP must let the IPC protocol through: ${JSON.stringify(csp)}`);
        const info = await invoke("app_info");
        assert.equal(info.db_path, db, "SPHERE_DB should reach the app through tauri-driver");
        assert.equal(info.counts.people, 0, "a fresh database has no people");
        assert.equal(appPids(BIN).length, 1, "exactly one app process runs for the session");
      },
    ],
    [
      "adding Grace Hopper through the form opens her page",
      async () => {
        // The empty state's own button; the list's `new-person` once people exist.
        const add = (await (await browser.$(byId("new-person"))).isDisplayed()) ? "new-person" : "empty-add-person";
        await click(add);
        await fill("field-first_name", "Grace");
        await fill("field-last_name", "Hopper");
        await fill("field-title", "Rear Admiral");
        await click("save-person");
        const heading = await find("person-name");
        let reads = "";
        await browser
          .waitUntil(async () => (reads = await heading.getText()) === "Grace Hopper", { timeout: WAIT_MS })
          .catch(() => assert.fail(`person-name should read "Grace Hopper", reads "${reads}"`));
        await screenshot("desktop-person.png");
      },
    ],
    [
      "the people list shows her",
      async () => {
        await click("nav-people");
        await waitForRow("Grace Hopper");
        await toastsGone();
        await screenshot("desktop-people.png");
      },
    ],
    [
      "ending the session quits the app",
      async () => {
        await closeSession();
        await waitFor(() => appPids(BIN).length === 0, 10_000, `${path.basename(BIN)} is still running after the session ended`);
      },
    ],
    [
      "relaunched on the same database, Grace Hopper is still there",
      async () => {
        await openSession(port);
        assert.equal(await browser.getTitle(), "Sphere", "the window title");
        const first = await find("nav-today");
        assert.equal(await first.getAttribute("aria-current"), "page", "it opens on Today again");
        await click("nav-people");
        await waitForRow("Grace Hopper");
        const info = await invoke("app_info");
        assert.equal(info.db_path, db, "the relaunched app should open the same database");
        assert.equal(info.counts.people, 1, "exactly one person was stored");
        await closeSession();
      },
    ],
    [
      "on another empty database, the empty state's button loads the demo network",
      async () => {
        // SPHERE_DB is fixed per tauri-driver (the app inherits its environment): start another.
        await stopGroup(driver.child);
        const demoDb = path.join(workDir, "demo.db");
        driver = await startTauriDriver({ display, db: demoDb });
        await openSession(driver.port);
        await click("load-demo");
        await browser.waitUntil(async () => (await browser.$$(byId("today-item"))).length > 0, {
          timeout: 60_000,
          timeoutMsg: "the demo network did not fill Today within 60 s",
        });
        await toastsGone();
        await screenshot("desktop-today.png");
        await click("nav-people");
        await browser.waitUntil(async () => (await browser.$$(byId("person-row"))).length > 10, {
          timeout: 60_000,
          timeoutMsg: "the demo network did not fill the people list within 60 s",
        });
        const info = await invoke("app_info");
        assert.equal(info.db_path, demoDb, "the second app opened the demo database");
        assert.ok(info.counts.people > 100, `the demo has a few hundred people, got ${info.counts.people}`);
        await toastsGone();
        await screenshot("desktop-demo.png");
      },
    ],
    [
      "Warm paths: a target typed and picked gets ranked paths, every hop explained",
      async () => {
        warm = await pickTarget();
        await click("nav-paths");
        await fill("target-search", warm.person.display_name.slice(0, -2));
        const option = await waitForText("target-option", warm.person.display_name);
        await option.click();
        const chip = await find("target-chip");
        assert.match(normalize(await chip.getProperty("textContent")), new RegExp(warm.person.display_name));
        await browser.waitUntil(async () => (await browser.$$(byId("path-card"))).length === warm.paths.length, {
          timeout: WAIT_MS,
          timeoutMsg: `expected ${warm.paths.length} path cards`,
        });
        const first = await browser.$(`${byId("path-card")}[data-rank="1"]`);
        const hops = await first.$$(byId("hop"));
        assert.equal(hops.length, warm.paths[0].hops.length, "one explanation per hop");
        const hop = normalize(await hops[0].getProperty("textContent"));
        assert.ok(hop.includes(`You → ${warm.paths[0].hops[0].to.display_name}`), `the first hop reads who → who: ${hop}`);
        assert.match(hop, /known since|interactions? logged|last contact/, "the hop's evidence is shown");
        assert.match(hop, /\d+%/, "the hop's strength is shown");
      },
    ],
    [
      "choosing the second path shows its draft; Copy puts it on the clipboard and says Copied",
      async () => {
        await (await browser.$(`${byId("path-card")}[data-rank="2"] ${byId("select-path")}`)).click();
        await browser.waitUntil(async () => (await (await find("path-graph")).getAttribute("data-selected")) === "2", {
          timeout: WAIT_MS,
          timeoutMsg: "the path graph should highlight path 2",
        });
        await browser.execute(() => document.querySelector("[data-testid='paths-summary']")?.scrollIntoView({ block: "start" }));
        await browser.pause(200);
        await screenshot("desktop-warm-paths.png");
        const text = await find("draft-text");
        const draft = await text.getValue();
        assert.match(draft, /^Subject: Would you introduce me to /, "the draft starts with its subject");
        assert.ok(draft.includes(`Hi ${warm.paths[1].draft.connector.display_name.split(" ")[0]},`), "the draft greets the connector");
        const open = Number(await (await find("draft-blanks")).getAttribute("data-open"));
        assert.ok(open > 0, "the draft has blanks to fill");
        await click("copy-draft");
        await browser
          .waitUntil(async () => (await (await find("copy-draft")).getText()).trim() === "Copied", { timeout: WAIT_MS })
          .catch(async () => assert.fail(`the Copy button should say Copied; toasts: ${await toastTexts()}`));
        assert.ok((await toastTexts()).some((t) => t.startsWith("Draft copied")), "a toast confirms the copy");
        assert.equal(await text.getValue(), draft, "copying leaves the draft as it was");
        await screenshot("desktop-warm-paths-copied.png");
      },
    ],
    [
      "Ask on the second path saves a referral request, shown on the Requests page",
      async () => {
        await toastsGone();
        await click("ask-draft");
        await find("ask-dialog");
        await fill("ask-why-now", "Budget season starts next month");
        await click("ask-save-draft");
        await browser
          .waitUntil(async () => (await toastTexts()).some((t) => t.includes(`Request to ${warm.person.display_name} saved as a draft`)), {
            timeout: WAIT_MS,
          })
          .catch(async () => assert.fail(`a toast should confirm the request; toasts: ${await toastTexts()}`));
        await toastsGone();
        await click("nav-requests");
        // The demo network has requests of its own: the new one is the newest.
        const stored = await invoke("ask_list", {});
        const mine = stored.items.reduce((a, b) => (b.id > a.id ? b : a));
        assert.equal(mine.target_person?.id, warm.person.id, "the request is for the path's target");
        assert.equal(mine.state, "draft", "a saved request starts as a draft");
        assert.equal(mine.connectors[0].person.id, warm.paths[1].draft.connector.id, "the chosen path's connector is asked first");
        const row = await browser.$(`[data-testid="request-row"][data-id="${mine.id}"]`);
        await row.waitForExist({ timeout: WAIT_MS });
        assert.equal(await row.getAttribute("data-state"), "draft", "the Requests page shows it as a draft");
        assert.ok(normalize(await row.getProperty("textContent")).includes(warm.paths[1].draft.connector.display_name), "the row names the connector");
        await screenshot("desktop-requests.png");
      },
    ],
    [
      "Coverage: the target accounts × the team, riskiest first, with a verdict each",
      async () => {
        // The demo carries target accounts of its own; an older demo has none, so a few of its
        // organizations are marked here (through the app's IPC, as the Organizations page does).
        if ((await invoke("target_list", {})).length === 0) {
          const orgs = (await invoke("org_list", {})).filter((o) => o.people_count >= 3).slice(0, 6);
          for (const [i, o] of orgs.entries()) await invoke("target_set", { organization_id: o.organization.id, tier: 1 + (i % 3) });
        }
        const report = await invoke("coverage", {});
        assert.ok(report.accounts.length > 0, "there are target accounts to show");
        await toastsGone();
        await click("nav-coverage");
        await find("coverage-grid");
        await browser.waitUntil(async () => (await browser.$$(byId("coverage-row"))).length === report.accounts.length, {
          timeout: WAIT_MS,
          timeoutMsg: `the grid should show ${report.accounts.length} accounts`,
        });
        const rows = await browser.$$(byId("coverage-row"));
        assert.equal(await rows[0].getAttribute("data-account"), String(report.accounts[0].organization.id), "the riskiest account comes first");
        for (const [i, row] of rows.entries()) {
          assert.equal(await row.getAttribute("data-verdict"), report.accounts[i].verdict, "each row shows the core's verdict");
        }
        assert.equal((await browser.$$(byId("member-col"))).length, report.members.length, "one column per team member");
        assert.equal(normalize(await (await browser.$(byId("member-col"))).getProperty("textContent")), "You", "you come first");
        const cells = await browser.$$(byId("coverage-cell"));
        assert.equal(cells.length, report.accounts.length * report.members.length, "a cell for each account and member");
        await screenshot("desktop-coverage.png");
      },
    ],
    [
      "the Sphere draws the whole demo network with WebGL, and a person found on it opens with Enter",
      async () => {
        const info = await invoke("app_info");
        await click("nav-sphere");
        const canvas = await find("sphere-canvas");
        await browser
          .waitUntil(async () => (await canvas.getAttribute("data-state")) === "ready", { timeout: 30_000 })
          .catch(async () => {
            const noWebgl = await (await browser.$(byId("sphere-no-webgl"))).isDisplayed();
            assert.fail(noWebgl ? "WebKitGTK has no WebGL in this window" : "sigma did not finish its first render within 30 s");
          });
        assert.equal(Number(await canvas.getAttribute("data-rendered-nodes")), info.counts.people, "every person is drawn");
        // WebKitGTK runs the layout worker under the app's CSP (it falls back to the page otherwise).
        assert.equal(await (await find("sphere-stage")).getAttribute("data-layout"), "worker", "the sphere is laid out in a Web Worker");
        await browser.pause(400);
        await screenshot("desktop-sphere.png");

        const view = await invoke("sphere_view");
        const target = view.people.find((p) => p.ring === "outer");
        await fill("sphere-find", target.name);
        await (await waitForText("picker-option", target.name)).click();
        await waitForText("sphere-tooltip", target.name);
        // The person found is pinned: the tooltip names them and says how to open them. Mouse
        // hover over WebGL is covered by the browser suite; here the keyboard path opens them
        // (WebKitWebDriver's pointer lands off sigma's coordinates under Xvfb).
        await waitForText("sphere-tooltip", "Enter opens their page");
        const stage = await canvas.$(".stage");
        await browser.execute((el) => el.focus(), stage);
        await browser.keys("Enter");
        const heading = await find("person-name");
        await browser.waitUntil(async () => (await heading.getText()) === target.name, {
          timeout: WAIT_MS,
          timeoutMsg: `Enter on the sphere should open ${target.name}'s page`,
        });
      },
    ],
    [
      "Import: a LinkedIn export previews, commits in the app, and its people are stored",
      async () => {
        // The demo database already holds a few hundred people: assert what the import adds.
        const before = (await invoke("app_info")).counts;
        await click("nav-import");
        await find("import-drop");
        await setFile("import-file", IMPORT_FIXTURE);
        await browser
          .waitUntil(async () => (await (await find("import-file-name")).getText()) === path.basename(IMPORT_FIXTURE), {
            timeout: WAIT_MS,
          })
          .catch(() => assert.fail("the preview should name the file picked"));
        assert.equal(await countOf("skipped"), 2, "the two blank LinkedIn rows are skipped");
        const read = (await countOf("new")) + (await countOf("updated")) + (await countOf("merged")) + (await countOf("unchanged"));
        assert.equal(read, 8, "every other record of the file is accounted for");
        assert.ok(normalize(await (await find("preview-notice")).getText()).includes("nothing has been written"), "the preview says nothing is written");
        // Decide as a user would: merge Christopher into Chris, write the organization in full.
        if ((await browser.$$(`${byId("duplicate")}[data-line="11"]`)).length) {
          await (await browser.$(`${byId("duplicate")}[data-line="11"] ${byId("duplicate-merge")}`)).click();
        }
        if ((await browser.$$(byId("abbreviation-input"))).length) {
          await fill("abbreviation-input", "American Society of Association Executives");
          await waitForText("abbreviation-ok", "American Society of Association Executives");
        }
        const adding = await countOf("new");
        const commit = await find("import-commit");
        await browser.waitUntil(async () => await commit.isEnabled(), { timeout: WAIT_MS, timeoutMsg: "the commit button stays disabled" });
        await browser.execute(() => window.scrollTo(0, 0));
        await browser.execute(() => document.querySelector("main.main")?.scrollTo({ top: 0 }));
        // A toast left by an earlier step (the copied draft) can sit over the commit bar.
        await toastsGone();
        await screenshot("desktop-import-preview.png");
        await commit.click();
        await waitForText("import-result-title", `Imported ${path.basename(IMPORT_FIXTURE)}`);
        const after = (await invoke("app_info")).counts;
        assert.equal(after.people - before.people, adding, "the import adds the people the preview counted as new");
        const orgs = await invoke("org_list", {});
        assert.ok(
          orgs.some((o) => o.organization.name === "American Society of Association Executives"),
          "the organization is stored under its full name",
        );
        await toastsGone();
        await screenshot("desktop-import-done.png");
        await closeSession();
      },
    ],
    [
      "on an encrypted database the app starts locked; a wrong passphrase is refused, the right one opens Today",
      async () => {
        // The CLI makes the encrypted database (SPHERE_PASSPHRASE), as a user's script would.
        await stopGroup(driver.child);
        const vaultDb = path.join(workDir, "vault.db");
        const pass = "correct horse battery staple";
        const cli = (args) =>
          execFileSync(CLI_BIN, args, { env: { ...process.env, SPHERE_DB: vaultDb, SPHERE_PASSPHRASE: pass }, stdio: "pipe" });
        cli(["init", "--encrypt"]);
        cli(["person", "add", "Zebulon", "--last", "Quillfeather", "--ring", "centre"]);
        driver = await startTauriDriver({ display, db: vaultDb });
        await openSession(driver.port);
        await find("unlock-screen");
        const status = await invoke("vault_status");
        assert.equal(status.encrypted && status.locked, true, `the app starts locked: ${JSON.stringify(status)}`);
        const field = await find("unlock-passphrase");
        assert.equal(await field.isFocused(), true, "the passphrase field has the focus: type and press Enter");
        await field.setValue("not the passphrase");
        await browser.keys("Enter");
        await waitForText("field-error", "wrong passphrase for");
        await screenshot("desktop-unlock-wrong.png");
        await (await find("unlock-passphrase")).setValue(pass);
        await browser.keys("Enter");
        const today = await find("nav-today");
        assert.equal(await today.getAttribute("aria-current"), "page", "unlocked, the app shows Today");
        const info = await invoke("app_info");
        assert.equal(info.counts.people, 1, "the encrypted database's person is there");
        await browser.waitUntil(async () => (await browser.$$(byId("loading"))).length === 0, {
          timeout: WAIT_MS,
          timeoutMsg: "Today was still loading after unlocking",
        });
        await toastsGone();
        await screenshot("desktop-unlocked.png");
        // Settings → Security says it is encrypted, and "Lock now" shows the unlock screen again.
        await click("nav-settings");
        await waitForText("security-status", "Encrypted.");
        await click("security-lock-now");
        await find("unlock-screen");
        await screenshot("desktop-unlock.png");
        await closeSession();
      },
    ],
  ]);
}

/** Someone beyond the user's contacts with at least two warm paths, each an introduction. */
async function pickTarget() {
  const beyond = await invoke("person_list", { ring: "beyond", sort: "name", limit: 60 });
  for (const person of beyond.items) {
    const r = await invoke("path_find", { to_person: person.id });
    if (r.paths.length >= 2 && r.paths[0].draft && r.paths[1].draft) return { person, paths: r.paths };
  }
  throw new Error("the demo network has no one beyond with two warm paths");
}

/** A preview count tile's number (`count-new`, `count-skipped`…). */
async function countOf(key) {
  return Number(await (await find(`count-${key}`)).getAttribute("data-value"));
}

/**
 * Puts a file on an `<input type=file>` and fires `change`, as picking it would. WebDriver
 * file upload is not reliable in WebKitWebDriver, so the page builds the File from the text.
 */
async function setFile(id, file) {
  const text = fs.readFileSync(file, "utf8");
  const ok = await browser.execute(
    (selector, name, text) => {
      const input = document.querySelector(selector);
      if (!input) return false;
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: "text/csv" }));
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    },
    byId(id),
    path.basename(file),
    text,
  );
  assert.ok(ok, `no [data-testid="${id}"] to put the file on`);
}

/** Waits for an element with this test id whose text contains `text`, and returns it. */
async function waitForText(id, text) {
  let found;
  let seen = [];
  await browser
    .waitUntil(
      async () => {
        seen = [];
        for (const el of await browser.$$(byId(id))) {
          const t = normalize(await el.getProperty("textContent"));
          seen.push(t);
          if (t.includes(text) && (await el.isDisplayed())) {
            found = el;
            return true;
          }
        }
        return false;
      },
      { timeout: WAIT_MS },
    )
    .catch(() => assert.fail(`no [data-testid="${id}"] containing "${text}" after ${WAIT_MS} ms; saw ${JSON.stringify(seen)}`));
  return found;
}

async function toastTexts() {
  const out = [];
  for (const t of await browser.$$(byId("toast"))) out.push(normalize(await t.getProperty("textContent")));
  return out;
}

/**
 * Checks that the CSP is really applied in the window (an injected inline script must not
 * run) and lets the IPC through: Tauri's fetch to its `ipc:` protocol (an OPTIONS request,
 * which reaches no command) must not be blocked, or every call would take the slower
 * postMessage fallback after a CSP violation.
 */
async function probeCsp() {
  return browser.executeAsync((done) => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const script = document.createElement("script");
    script.textContent = "window.__sphereInlineScriptRan = true";
    document.head.append(script);
    const url = window.__TAURI_INTERNALS__.convertFileSrc("csp-probe", "ipc");
    fetch(url, { method: "OPTIONS" })
      .then(
        () => "reached",
        (e) => `blocked (${e})`,
      )
      .then((ipc) =>
        setTimeout(() => done({ inlineScriptRan: window.__sphereInlineScriptRan === true, ipc, url, violations }), 100),
      );
  });
}

/** Best effort: lets confirmation toasts fade before a screenshot meant for people to read. */
async function toastsGone() {
  await browser
    .waitUntil(async () => (await browser.$$(byId("toast"))).length === 0, { timeout: 10_000 })
    .catch(() => {});
}

// ---- Processes ---------------------------------------------------------------------------

/** Ends everything this run started: the session, then tauri-driver's and Xvfb's process groups. */
async function cleanup() {
  if (browser) await Promise.race([closeSession().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
  for (const child of [...children].reverse()) await stopGroup(child);
  if (workDir && !process.env.E2E_KEEP_DB) fs.rmSync(workDir, { recursive: true, force: true });
}

function describe(error) {
  if (error instanceof SetupError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function indent(text) {
  return text
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
}

function summary(setupFailed) {
  const count = (s) => results.filter((r) => r.status === s).length;
  const failed = count("failed") + (setupFailed ? 1 : 0);
  const skipped = count("skipped");
  return `desktop e2e: ${count("passed")} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${setupFailed ? " (could not start)" : ""}`;
}

// ---- Entry -------------------------------------------------------------------------------

process.on("exit", () => children.forEach(stopGroup)); // last resort, e.g. on an uncaught error
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    children.forEach(stopGroup);
    process.exit(130);
  });
}

const watchdog = setTimeout(() => {
  console.log(`desktop e2e: gave up after ${SUITE_TIMEOUT_MS / 1000} s`);
  children.forEach(stopGroup);
  process.exit(1);
}, SUITE_TIMEOUT_MS);
watchdog.unref();

let setupError;
try {
  await main();
} catch (error) {
  setupError = error;
  console.log(`desktop e2e: ${describe(error)}`);
  printChildOutput();
} finally {
  await cleanup();
}
const failed = setupError || results.some((r) => r.status !== "passed");
console.log(summary(Boolean(setupError)));
process.exitCode = failed ? 1 : 0;
