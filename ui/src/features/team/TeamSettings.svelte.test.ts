import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberInfo, TeamConflict, TeamStatus } from "../../bindings/commands";
import TeamSettings from "./TeamSettings.svelte";
import { team } from "./team.svelte";

const api = vi.hoisted(() => ({
  team_status: vi.fn(),
  team_join: vi.fn(),
  team_leave: vi.fn(),
  team_sync: vi.fn(),
  team_share_set: vi.fn(),
  team_never_share: vi.fn(),
  team_conflicts: vi.fn(),
  team_conflict_resolve: vi.fn(),
  team_invite: vi.fn(),
  person_list: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

const OFF: TeamStatus = {
  connected: false,
  server: null,
  team_name: null,
  me: null,
  members: [],
  share_level: "band",
  never_share: [],
  last_sync: null,
  pending: 0,
  conflicts: 0,
  refused: [],
};

const member = (id: string, name: string, admin: boolean): MemberInfo => ({
  id,
  name,
  admin,
  share_level: "band",
  person: null,
  joined_at: "2026-12-01T09:00:00Z",
  last_sync_at: "2026-12-07T11:00:00Z",
});

const DANA = member("a1", "Dana", true);
const ON: TeamStatus = {
  ...OFF,
  connected: true,
  server: "http://127.0.0.1:8787",
  team_name: "Acme",
  me: DANA,
  members: [DANA, member("b2", "Ben", false)],
  last_sync: { at: "2026-12-07T11:00:00Z", pushed: 3, pulled: 40, conflicts: 1, matched: 0, pending: 0, refused: 0, error: null },
  conflicts: 1,
};

const CONFLICT: TeamConflict = {
  id: 7,
  entity: "person",
  record: "Ana Lima (person)",
  local_id: 12,
  field: "title",
  yours: "Head of Sales",
  theirs: "VP Sales",
  by: "Ben",
  at: "2026-12-07T10:00:00Z",
};

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  team.status = null;
  team.error = null;
  team.syncing = false;
  api.team_conflicts.mockResolvedValue([]);
});

describe("TeamSettings, not connected", () => {
  it("checks the form before asking the core, and sends nothing on bad input", async () => {
    api.team_status.mockResolvedValue(OFF);
    render(TeamSettings);
    await screen.findByTestId("team-join-form");
    await fireEvent.input(screen.getByTestId("team-server"), { target: { value: "team.example.com" } });
    await fireEvent.click(screen.getByTestId("team-join"));
    expect(await screen.findByText(/starts with https:\/\//)).toBeTruthy();
    expect(screen.getByText(/Enter the invitation code/)).toBeTruthy();
    expect(api.team_join).not.toHaveBeenCalled();
  });

  it("shows the core's error when the server refuses the code, then the team once joined", async () => {
    api.team_status.mockResolvedValue(OFF);
    api.team_join.mockRejectedValueOnce({ kind: "unauthorized", message: "the invitation code is not valid or has expired" });
    render(TeamSettings);
    await screen.findByTestId("team-join-form");
    await fireEvent.input(screen.getByTestId("team-server"), { target: { value: "http://127.0.0.1:8787/" } });
    await fireEvent.input(screen.getByTestId("team-invite"), { target: { value: "K7QX-2M9D" } });
    await fireEvent.input(screen.getByTestId("team-device"), { target: { value: "Laptop" } });
    await fireEvent.click(screen.getByTestId("team-join"));
    expect((await screen.findByTestId("team-join-error")).textContent).toContain("not valid or has expired");
    expect(api.team_join).toHaveBeenCalledWith({ server: "http://127.0.0.1:8787", invite: "K7QX-2M9D", device: "Laptop" });

    api.team_join.mockResolvedValueOnce(ON);
    await fireEvent.click(screen.getByTestId("team-join"));
    expect((await screen.findByTestId("team-overview")).textContent).toContain("http://127.0.0.1:8787");
  });

  it("says what failed when the status cannot be read", async () => {
    api.team_status.mockRejectedValue({ kind: "storage", message: "database is locked" });
    render(TeamSettings);
    expect((await screen.findByTestId("team-status-error")).textContent).toContain("database is locked");
  });
});

describe("TeamSettings, connected", () => {
  it("shows the members with the admin badge, the last sync and the share level", async () => {
    api.team_status.mockResolvedValue(ON);
    render(TeamSettings);
    const rows = await screen.findAllByTestId("team-member");
    const cells = (r: HTMLElement) => [...r.querySelectorAll("th, td")].slice(0, 2).map((c) => c.textContent?.replace(/\s+/g, " ").trim());
    // Admins first; you and the admin badge on your row.
    expect(rows.map(cells)).toEqual([
      ["Dana You Admin", "Band"],
      ["Ben", "Band"],
    ]);
    expect(screen.getByTestId("team-sync").dataset.tone).toBe("conflicts");
    expect(screen.getByTestId("team-sync-figures").textContent).toBe("3 sent · 40 received · 1 conflict");
    expect(screen.getByTestId("share-level-band").getAttribute("aria-pressed")).toBe("true");
    // Admins invite.
    expect(screen.getByTestId("team-invite-open")).toBeTruthy();
  });

  it("changes the share level and shows the core's answer", async () => {
    api.team_status.mockResolvedValue(ON);
    api.team_share_set.mockResolvedValue({ ...ON, share_level: "existence" });
    render(TeamSettings);
    await fireEvent.click(await screen.findByTestId("share-level-existence"));
    expect(api.team_share_set).toHaveBeenCalledWith({ level: "existence" });
    await waitFor(() => expect(screen.getByTestId("share-level-existence").getAttribute("aria-pressed")).toBe("true"));
  });

  it("runs one sync at a time and shows the error the sync reported", async () => {
    api.team_status.mockResolvedValue(ON);
    let finish: () => void = () => {};
    api.team_sync.mockReturnValue(new Promise<void>((r) => (finish = r)));
    render(TeamSettings);
    const button = await screen.findByTestId("team-sync-now");
    await fireEvent.click(button);
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
    await fireEvent.click(button);
    expect(api.team_sync).toHaveBeenCalledTimes(1);
    api.team_status.mockResolvedValue({
      ...ON,
      pending: 2,
      conflicts: 0,
      last_sync: { ...ON.last_sync!, error: "the server did not answer: connection refused" },
    });
    finish();
    expect((await screen.findByTestId("team-sync-error")).textContent).toContain("connection refused");
    expect(screen.getByTestId("team-sync").dataset.tone).toBe("error");
    expect(screen.getByTestId("team-pending").textContent).toContain("2 changes waiting to be sent");
  });

  it("lists the changes the server set aside, with the record's link and the server's reason", async () => {
    api.team_status.mockResolvedValue({
      ...ON,
      last_sync: { ...ON.last_sync!, refused: 2 },
      refused: [
        { entity: "person", record: "Ana Lima (person)", local_id: 12, reason: "that person is another member's own person" },
        { entity: "target", record: "Globex (target account)", local_id: 4, reason: "owner: no member b9 on this team" },
        { entity: "organization", record: "team record 0a1b2c3d", local_id: null, reason: "domain: not a domain" },
      ],
    });
    render(TeamSettings);
    const items = await screen.findAllByTestId("team-refused-item");
    expect(items.map((i) => i.querySelector("[data-testid=team-refused-reason]")?.textContent)).toEqual([
      "that person is another member's own person",
      "owner: no member b9 on this team",
      "domain: not a domain",
    ]);
    // A link to the local record where there is one; none for a record not on this computer.
    expect(items.map((i) => i.querySelector("a")?.getAttribute("href") ?? null)).toEqual(["#/people/12", "#/accounts/4", null]);
    expect(screen.getByTestId("team-set-aside").textContent).toContain("3 changes set aside");
    expect(screen.getByTestId("team-sync-figures").textContent).toContain("2 changes set aside");
    expect(screen.getByTestId("team-sync").dataset.tone).toBe("conflicts");
  });

  it("shows no set-aside card when the server refused nothing", async () => {
    api.team_status.mockResolvedValue(ON);
    render(TeamSettings);
    await screen.findAllByTestId("team-member");
    expect(screen.queryByTestId("team-refused")).toBeNull();
    expect(screen.queryByTestId("team-set-aside")).toBeNull();
  });

  it("resolves a conflict with the side chosen", async () => {
    api.team_status.mockResolvedValue(ON);
    api.team_conflicts.mockResolvedValue([CONFLICT]);
    api.team_conflict_resolve.mockResolvedValue([]);
    render(TeamSettings);
    const row = await screen.findByTestId("team-conflict");
    expect(within(row).getByTestId("conflict-yours").textContent).toBe("Head of Sales");
    expect(within(row).getByTestId("conflict-theirs").textContent).toBe("VP Sales");
    expect(row.textContent).toContain("Ben");
    await fireEvent.click(within(row).getByTestId("conflict-take-theirs"));
    expect(api.team_conflict_resolve).toHaveBeenCalledWith({ id: 7, keep: "theirs" });
    await screen.findByTestId("team-conflicts-empty");
  });

  it("takes someone off the never-share list", async () => {
    const ana = { id: 12, display_name: "Ana Lima", title: "VP Sales", organization_name: "Orchard", ring: "inner" as const };
    api.team_status.mockResolvedValue({ ...ON, never_share: [ana] });
    api.team_never_share.mockResolvedValue(ON);
    render(TeamSettings);
    const row = await screen.findByTestId("team-never-share-row");
    await fireEvent.click(within(row).getByTestId("team-never-share-remove"));
    expect(api.team_never_share).toHaveBeenCalledWith({ person_id: 12, never: false });
    await screen.findByTestId("team-never-share-empty");
  });

  it("shows an invitation's code once it is made", async () => {
    api.team_status.mockResolvedValue(ON);
    api.team_invite.mockResolvedValue({ code: "ZX81-QL2A", name: "Cy", expires_at: "2026-12-14T12:00:00Z" });
    render(TeamSettings);
    await fireEvent.click(await screen.findByTestId("team-invite-open"));
    await fireEvent.click(screen.getByTestId("team-invite-create"));
    expect(api.team_invite).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("team-invite-name"), { target: { value: " Cy " } });
    await fireEvent.click(screen.getByTestId("team-invite-admin"));
    await fireEvent.click(screen.getByTestId("team-invite-create"));
    expect(api.team_invite).toHaveBeenCalledWith({ name: "Cy", admin: true });
    expect((await screen.findByTestId("team-invite-code")).textContent).toBe("ZX81-QL2A");
  });

  it("leaves only after the confirmation, withdrawing when asked", async () => {
    api.team_status.mockResolvedValue({ ...ON, me: member("b2", "Ben", false) });
    api.team_leave.mockResolvedValue(OFF);
    render(TeamSettings);
    // Not an admin: no invitations.
    await screen.findByTestId("team-members");
    expect(screen.queryByTestId("team-invite-open")).toBeNull();
    await fireEvent.click(screen.getByTestId("team-leave"));
    expect(api.team_leave).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("team-leave-withdraw"));
    await fireEvent.click(screen.getByTestId("confirm-delete"));
    expect(api.team_leave).toHaveBeenCalledWith({ withdraw: true });
    await screen.findByTestId("team-join-form");
  });
});
