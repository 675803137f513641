import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CaptureSource, ImportPreview, SyncResult, SyncRunRequest } from "../../bindings/commands";
import SourcesPage from "./SourcesPage.svelte";

const api = vi.hoisted(() => ({
  capture_sources_list: vi.fn(),
  capture_source_remove: vi.fn(),
  sync_run: vi.fn(),
  sync_commit: vi.fn(),
  sync_remove: vi.fn(),
  sync_add: vi.fn(),
  mail_import: vi.fn(),
  calendar_import: vi.fn(),
  import_progress: vi.fn(),
  import_cancel: vi.fn(),
  app_info: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

function source(over: Partial<CaptureSource>): CaptureSource {
  return {
    id: 1,
    kind: "imap",
    label: "ada@mail.example",
    config: { host: "mail.example" },
    created_at: "2026-01-01T10:00:00Z",
    last_run_at: null,
    last_ok_at: null,
    last_error: null,
    counts: {},
    ...over,
  };
}

const PREVIEW = {
  file_name: "contacts",
  format: "vcard",
  layout: "vCard",
  owner: null,
  blocker: null,
  records: 2,
  new: 2,
  updated: 0,
  merged: 0,
  unchanged: 0,
  skipped: [],
  rows: [],
  duplicates: [],
  organizations_new: [],
  organizations_matched: 0,
  abbreviations: [],
  relationships_new: 2,
  facts_new: 0,
  never_facts_new: 0,
  related_people_new: 0,
  photos: 0,
  assumptions: [],
} as ImportPreview;

const result = (s: CaptureSource, over: Partial<SyncResult> = {}): SyncResult => ({
  source: s,
  read: 0,
  removed: 0,
  unreadable: 0,
  mail: null,
  calendar: null,
  contacts: null,
  ...over,
});

beforeEach(() => {
  vi.clearAllMocks();
  api.import_progress.mockResolvedValue({ job: "j", running: true, cancel_requested: false, progress: null });
  api.app_info.mockResolvedValue({ version: "0", db_path: null, schema_version: 1, counts: { people: 0, organizations: 0, relationships: 0, interactions: 0 }, me: null });
});

describe("SourcesPage", () => {
  it("explains what it reads and never keeps when there is no source, with the three actions", async () => {
    api.capture_sources_list.mockResolvedValue([]);
    render(SourcesPage);
    const empty = await screen.findByTestId("sources-empty");
    expect(empty.textContent).toContain("never keeps message bodies");
    for (const id of ["import-mail", "import-calendar", "connect-account"]) expect(screen.getByTestId(id)).toBeTruthy();
  });

  it("shows the core's message when the sources cannot be read", async () => {
    api.capture_sources_list.mockRejectedValue({ kind: "storage", message: "database is locked" });
    render(SourcesPage);
    expect((await screen.findByTestId("error-banner")).textContent).toContain("database is locked");
  });

  it("shows a source's last error in words", async () => {
    api.capture_sources_list.mockResolvedValue([
      source({ last_run_at: "2026-01-02T10:00:00Z", last_error: "the server refused the login for ada@mail.example" }),
    ]);
    render(SourcesPage);
    expect((await screen.findByTestId("source-error")).textContent).toContain("refused the login");
    expect(screen.getByTestId("source-kind").textContent).toBe("IMAP mail");
  });

  it("asks for a password the computer does not keep, then syncs with it", async () => {
    const s = source({});
    api.capture_sources_list.mockResolvedValue([s]);
    api.sync_run
      .mockRejectedValueOnce({ kind: "invalid_input", field: "password", message: "the password for `ada@mail.example` is not kept on this machine; give it to sync" })
      .mockResolvedValueOnce(result(s, { read: 2 }));
    render(SourcesPage);
    await fireEvent.click(await screen.findByTestId("source-sync"));
    const field = (await screen.findByTestId("sync-password")) as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "app-password" } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(api.sync_run).toHaveBeenCalledTimes(2));
    const second = api.sync_run.mock.calls[1]![0] as SyncRunRequest;
    expect(second).toMatchObject({ id: 1, password: "app-password" });
    expect(second.job).toMatch(/^import-/);
    expect((api.sync_run.mock.calls[0]![0] as SyncRunRequest).password, "the first try sends none").toBeUndefined();
  });

  it("shows an address book's changes for review and writes them only on commit", async () => {
    const s = source({ id: 4, kind: "carddav", label: "ada@dav.example" });
    api.capture_sources_list.mockResolvedValue([s]);
    api.sync_run.mockResolvedValue(result(s, { read: 2, contacts: PREVIEW }));
    api.sync_commit.mockResolvedValue({ source: s, result: { preview: PREVIEW, people_created: 2, people_updated: 0, organizations_created: 0, relationships_created: 2, facts_created: 0, photos_saved: 0, photo_error: null } });
    render(SourcesPage);
    await fireEvent.click(await screen.findByTestId("source-sync"));
    const commit = await screen.findByTestId("contacts-review-commit");
    expect(screen.getByTestId("count-new").dataset.value).toBe("2");
    expect(api.sync_commit, "nothing is written before the user commits").not.toHaveBeenCalled();
    await fireEvent.click(commit);
    await waitFor(() => expect(api.sync_commit).toHaveBeenCalledTimes(1));
    expect(api.sync_commit.mock.calls[0]![0]).toMatchObject({ id: 4, merges: [] });
  });

  it("records an address book's cards as read when they hold nothing to import", async () => {
    const s = source({ id: 5, kind: "carddav", label: "ada@dav.example" });
    api.capture_sources_list.mockResolvedValue([s]);
    api.sync_run.mockResolvedValue(result(s, { read: 3, contacts: { ...PREVIEW, new: 0, relationships_new: 0, unchanged: 3 } }));
    api.sync_commit.mockResolvedValue({ source: s, result: {} });
    render(SourcesPage);
    await fireEvent.click(await screen.findByTestId("source-sync"));
    await waitFor(() => expect(api.sync_commit).toHaveBeenCalledWith({ id: 5 }));
    expect(screen.queryByTestId("contacts-review-commit"), "nothing to review").toBeNull();
  });

  it("removes a server with sync_remove and a file with capture_source_remove, after confirming", async () => {
    const server = source({ id: 1 });
    const file = source({ id: 2, kind: "mbox", label: "/home/ada/mail.mbox", config: { path: "/home/ada/mail.mbox" } });
    api.capture_sources_list.mockResolvedValue([server, file]);
    api.sync_remove.mockResolvedValue(server);
    api.capture_source_remove.mockResolvedValue(file);
    render(SourcesPage);
    const [removeServer, removeFile] = await screen.findAllByTestId("source-remove");
    await fireEvent.click(removeServer!);
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("The interactions it brought in stay");
    await fireEvent.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => expect(api.sync_remove).toHaveBeenCalledWith({ id: 1 }));
    await fireEvent.click(removeFile!);
    await fireEvent.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => expect(api.capture_source_remove).toHaveBeenCalledWith({ id: 2 }));
  });
});
