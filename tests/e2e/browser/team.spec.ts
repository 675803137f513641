// Team mode, end to end against a real team server on a real PostgreSQL: `sphere team init`
// makes the team Acme with Dana as its admin, `sphere team serve` serves it on loopback, and
// Dana (this browser, on the demo network) joins from Settings → Team, chooses what the team
// sees, keeps someone out of it, syncs, invites Ben, reads the team's coverage and paths, meets
// a conflict made by Ben's device while hers was offline, resolves it, and leaves.
//
// It needs PostgreSQL: `scripts/servers.sh start DIR; . DIR/env` exports SPHERE_TEST_PG (the
// application role's URL); `scripts/test.sh` does so in its real-servers stage. Without it the
// test is skipped and says why.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { APIRequestContext, Page } from "@playwright/test";
import { BIN, ROOT, SCREENSHOTS, expect, screenshot, startServer, stopServer, test } from "./fixtures";

const PG = process.env.SPHERE_TEST_PG;

interface PersonSummary {
  id: number;
  display_name: string;
  first_name: string;
  last_name: string;
  title: string;
  organization_id: number | null;
  primary_email: string | null;
}
interface Person {
  id: number;
  first_name: string;
  last_name: string;
  emails: string[];
  phones: string[];
  title: string;
  organization_id: number | null;
  tags: string[];
  notes: string;
}
interface OrgSummary {
  organization: { id: number; name: string };
  people_count: number;
}
interface TeamStatus {
  connected: boolean;
  share_level: string;
  never_share: { id: number }[];
  pending: number;
  conflicts: number;
  last_sync: { pushed: number; pulled: number; error: string | null } | null;
}
interface Conflict {
  id: number;
  field: string;
  yours: string;
  theirs: string;
  by: string;
}

/** Runs the CLI to the end; its standard output, or an error with what it said. */
function cli(args: string[]): string {
  const run = spawnSync(BIN, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) {
    throw new Error(`sphere ${args.join(" ")} failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  }
  return run.stdout;
}

/** `sphere team init`: a team with its first admin, whose invitation code it answers with (once). */
function initTeam(team: string, admin: string): string {
  const out = cli(["--json", "team", "init", "--database-url", PG!, "--team", team, "--admin", admin]);
  const { invite } = JSON.parse(out) as { invite?: string };
  if (!invite) throw new Error(`sphere team init answered no invitation code:\n${out}`);
  return invite;
}

interface TeamServer {
  child: ChildProcess;
  url: string;
}

/** `sphere team serve` on loopback (a free port, or the one given); resolves once it prints its address. */
function serveTeam(listen = "127.0.0.1:0"): Promise<TeamServer> {
  const child = spawn(BIN, ["team", "serve", "--database-url", PG!, "--listen", listen], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_BACKTRACE: "1" },
  });
  let said = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sphere team serve printed no address within 30 s:\n${said}`));
    }, 30_000);
    const watch = (stream: NodeJS.ReadableStream) => {
      const lines = readline.createInterface({ input: stream });
      lines.on("line", (line) => {
        said += `${line}\n`;
        const match = /https?:\/\/127\.0\.0\.1:\d+/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ child, url: match[0] });
        }
      });
    };
    watch(child.stdout!);
    watch(child.stderr!);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`sphere team serve exited (${code ?? signal}) before printing its address:\n${said}`));
    });
  });
}

interface Device {
  child: ChildProcess;
  api: <T = unknown>(command: string, body?: unknown) => Promise<T>;
}

/** A second device (Ben's): its own `sphere serve` and database, driven through its API. */
async function device(request: APIRequestContext, dir: string): Promise<Device> {
  const { child, url } = await startServer(dir);
  const parsed = new URL(url);
  const token = parsed.searchParams.get("token") ?? "";
  const api = async <T = unknown>(command: string, body: unknown = {}): Promise<T> => {
    const res = await request.post(`${parsed.origin}/api/${command}`, { headers: { Authorization: `Bearer ${token}` }, data: body });
    const json = (await res.json()) as T;
    if (!res.ok()) throw new Error(`${command} on Ben's device failed (${res.status()}): ${JSON.stringify(json)}`);
    return json;
  };
  return { child, api };
}

async function openTeamSettings(page: Page) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-tab-team").click();
  await expect(page).toHaveURL(/#\/settings\/team$/);
}

async function syncNow(page: Page) {
  const button = page.getByTestId("team-sync-now");
  await button.click();
  await expect(button).toBeEnabled({ timeout: 30_000 });
}

// Skipped before any server starts when there is no PostgreSQL to run the team server on.
test.skip(!PG, "needs PostgreSQL: set SPHERE_TEST_PG (scripts/servers.sh start DIR; . DIR/env), as scripts/test.sh does");

/** With SPHERE_KEEP_SCREENSHOTS=1, the picture also goes to docs/screenshots (the README's). */
function keepScreenshot(name: string) {
  if (process.env.SPHERE_KEEP_SCREENSHOTS !== "1") return;
  fs.copyFileSync(path.join(SCREENSHOTS, `browser-${name}.png`), path.join(ROOT, "docs/screenshots", `${name}.png`));
}

test("join a team, share, keep someone out, sync, team coverage and paths, resolve a conflict, leave", async ({ page, sphere, request }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  const code = initTeam("Acme", "Dana");
  let server = await serveTeam();
  const port = new URL(server.url).port;
  const benDir = fs.mkdtempSync(path.join(os.tmpdir(), "sphere-e2e-ben-"));
  let ben: Device | null = null;
  /** Ben's own record of the person both know. */
  let benPerson = 0;

  try {
    await sphere.api("demo_load", {});
    // Two target accounts with people, so the team's coverage has rows.
    const orgs = (await sphere.api<OrgSummary[]>("org_list", {})).filter((o) => o.people_count >= 3);
    for (const o of orgs.slice(0, 2)) await sphere.api("target_set", { organization_id: o.organization.id, tier: 1 });
    const people = (await sphere.api<{ items: PersonSummary[] }>("person_list", { limit: 200 })).items;
    const shared = people.find((p) => p.primary_email && p.title && p.last_name);
    const secret = people.find((p) => p !== shared && p.last_name);
    if (!shared || !secret) throw new Error("the demo has too few people with an email and a title");

    await page.goto(sphere.url);

    await test.step("not connected: the join form checks its fields, then shows the server's refusal", async () => {
      await openTeamSettings(page);
      const form = page.getByTestId("team-join-form");
      await expect(form).toBeVisible();
      await expect(page.getByTestId("team-device")).not.toHaveValue("");
      await page.getByTestId("team-server").fill("team.example.com");
      await page.getByTestId("team-join").click();
      await expect(form.getByText("starts with https://")).toBeVisible();
      await page.getByTestId("team-server").fill(server.url);
      await page.getByTestId("team-invite").fill("not-a-valid-code");
      await page.getByTestId("team-join").click();
      // The team server's refusal is shown on the form, in its words; this page keeps its own session.
      await expect(form.getByRole("alert").filter({ hasText: "invitation code is not known" })).toBeVisible();
      await expect(form).toBeVisible();
      await screenshot(page, "team-join");
      keepScreenshot("team-join");
    });

    await test.step("join with Dana's invitation", async () => {
      await page.getByTestId("team-invite").fill(code);
      await page.getByTestId("team-join").click();
      await expect(page.getByTestId("team-overview")).toContainText(server.url);
      await expect(page.getByTestId("team-member")).toHaveCount(1);
      await expect(page.getByTestId("team-member").first()).toContainText("Admin");
      await expect(page.getByTestId("team-indicator")).toContainText("Acme");
    });

    await test.step("share level: how we met; keep one person out of the team's graph", async () => {
      await page.getByTestId("share-level-how_met").click();
      await expect(page.getByTestId("share-level-how_met")).toHaveAttribute("aria-pressed", "true");
      await page.getByTestId("team-never-share-picker").fill(secret.display_name);
      await page.getByTestId("picker-option").filter({ hasText: secret.display_name }).first().click();
      await expect(page.getByTestId("team-never-share-row")).toHaveCount(1);
      const status = await sphere.api<TeamStatus>("team_status", {});
      expect(status.share_level).toBe("how_met");
      expect(status.never_share.map((p) => p.id)).toEqual([secret.id]);
    });

    await test.step("sync: what is shared goes out, and the indicator turns green", async () => {
      await syncNow(page);
      await expect(page.getByTestId("team-sync")).toHaveAttribute("data-tone", "synced");
      // The figures say what went and came (a sync of its own may have sent the most already).
      await expect(page.getByTestId("team-sync-headline")).toContainText("Synced");
      await expect(page.getByTestId("team-sync-figures")).toBeVisible();
      await expect(page.getByTestId("team-indicator")).toHaveAttribute("data-tone", "synced");
      await screenshot(page, "team-settings");
      keepScreenshot("team-settings");
    });

    let benCode = "";
    await test.step("invite Ben: the code is shown once", async () => {
      await page.getByTestId("team-invite-open").click();
      await page.getByTestId("team-invite-name").fill("Ben");
      await page.getByTestId("team-invite-create").click();
      benCode = (await page.getByTestId("team-invite-code").textContent())?.trim() ?? "";
      expect(benCode.length).toBeGreaterThan(5);
      await page.getByTestId("team-invite-close").click();
    });

    await test.step("Ben joins from his own device and knows the same person", async () => {
      const benDevice = await device(request, benDir);
      ben = benDevice;
      await benDevice.api("team_join", { server: server.url, invite: benCode, device: "Ben's laptop" });
      const created = await benDevice.api<Person>("person_create", {
        first_name: shared.first_name,
        last_name: shared.last_name,
        emails: [shared.primary_email],
        title: shared.title,
      });
      await benDevice.api("team_sync", {});
      benPerson = created.id;
    });

    await test.step("team coverage: the shared graph by default, and a cell opens the team's paths", async () => {
      await page.getByTestId("nav-coverage").click();
      await expect(page.getByTestId("coverage-scope-team")).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByTestId("coverage-valued")).toContainText("team server");
      await expect(page.getByTestId("coverage-row").first()).toBeVisible();
      await screenshot(page, "team-coverage");
      keepScreenshot("team-coverage");
      // A cell with a path in (Dana's own ties reach some of her accounts): the team's paths, hop by hop.
      const reached = page.locator('[data-testid="coverage-cell"]:not([data-band="none"])').first();
      await expect(reached).toBeVisible();
      await reached.click();
      const panel = page.getByTestId("team-paths-panel");
      await expect(panel).toBeVisible();
      await expect(panel.getByTestId("team-path").first()).toBeVisible();
      await expect(panel.getByTestId("team-path").first().getByTestId("team-path-step").first()).toContainText("Dana");
      await screenshot(page, "team-paths");
      keepScreenshot("team-paths");
      await page.keyboard.press("Escape");
      await expect(panel).toBeHidden();
      // This file's graph is one click away, with its own links.
      await page.getByTestId("coverage-scope-file").click();
      await expect(page.getByTestId("coverage-cell").first()).toHaveAttribute("href", /#\/paths\?organization=/);
    });

    await test.step("offline: Dana's edit waits while the server is down, and the sync says why", async () => {
      await stopServer(server.child);
      const detail = await sphere.api<{ person: Person }>("person_get", { id: shared.id });
      const p = detail.person;
      await sphere.api("person_update", {
        id: p.id,
        person: { first_name: p.first_name, last_name: p.last_name, emails: p.emails, phones: p.phones, title: "Head of Partnerships", organization_id: p.organization_id, tags: p.tags, notes: p.notes },
      });
      await openTeamSettings(page);
      await syncNow(page);
      await expect(page.getByTestId("team-sync")).toHaveAttribute("data-tone", "error");
      await expect(page.getByTestId("team-sync-error")).toBeVisible();
      await expect(page.getByTestId("team-pending")).toBeVisible();
      await expect(page.getByTestId("team-indicator-pending")).toBeVisible();
    });

    await test.step("Ben changes the same title while Dana is offline; Dana's late change loses: a conflict", async () => {
      server = await serveTeam(`127.0.0.1:${port}`);
      const benDevice = ben as Device | null;
      if (!benDevice) throw new Error("Ben's device did not start");
      const mine = await benDevice.api<{ person: Person }>("person_get", { id: benPerson });
      const q = mine.person;
      await benDevice.api("person_update", {
        id: q.id,
        person: { first_name: q.first_name, last_name: q.last_name, emails: q.emails, phones: q.phones, title: "Chief Revenue Officer", organization_id: q.organization_id, tags: q.tags, notes: q.notes },
      });
      await benDevice.api("team_sync", {});
      await syncNow(page);
      const conflict = page.getByTestId("team-conflict").first();
      await expect(conflict).toBeVisible();
      await expect(conflict.getByTestId("conflict-yours")).toHaveText("Head of Partnerships");
      await expect(conflict.getByTestId("conflict-theirs")).toHaveText("Chief Revenue Officer");
      await expect(page.getByTestId("team-indicator-conflicts")).toBeVisible();
      await screenshot(page, "team-conflict");
      keepScreenshot("team-conflict");
    });

    await test.step("keep mine: the conflict goes, and Dana's title goes to the team with the next sync", async () => {
      await page.getByTestId("team-conflict").first().getByTestId("conflict-keep-mine").click();
      await expect(page.getByTestId("team-conflicts-empty")).toBeVisible();
      expect(await sphere.api<Conflict[]>("team_conflicts", {})).toEqual([]);
      await syncNow(page);
      await expect(page.getByTestId("team-indicator-conflicts")).toHaveCount(0);
    });

    await test.step("leave, withdrawing what was shared, after the confirmation", async () => {
      await page.getByTestId("team-leave").click();
      await expect(page.getByTestId("team-leave-dialog")).toBeVisible();
      await page.getByTestId("team-leave-withdraw").check();
      await page.getByTestId("confirm-delete").click();
      await expect(page.getByTestId("team-join-form")).toBeVisible();
      await expect(page.getByTestId("team-indicator")).toHaveCount(0);
      const status = await sphere.api<TeamStatus>("team_status", {});
      expect(status.connected).toBe(false);
      // The local network is untouched.
      const after = await sphere.api<{ person: Person }>("person_get", { id: shared.id });
      expect(after.person.title).toBe("Head of Partnerships");
    });

    expect(errors, "no uncaught errors in the page").toEqual([]);
  } finally {
    const benDevice = ben as Device | null;
    if (benDevice) await stopServer(benDevice.child);
    await stopServer(server.child);
    fs.rmSync(benDir, { recursive: true, force: true });
  }
});
