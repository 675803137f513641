import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportFileRequest, ImportPreview, JobStatus } from "../../bindings/commands";
import ImportPage from "./ImportPage.svelte";

const api = vi.hoisted(() => ({
  team_list: vi.fn(),
  app_info: vi.fn(),
  import_preview: vi.fn(),
  import_commit: vi.fn(),
  import_progress: vi.fn(),
  import_cancel: vi.fn(),
  person_create: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

const PREVIEW: ImportPreview = {
  file_name: "connections.csv",
  format: "linkedin",
  layout: "LinkedIn Connections.csv (current layout)",
  owner: { id: 1, display_name: "Dana Reyes", title: "", organization_name: null, ring: "centre" },
  blocker: null,
  records: 10,
  new: 7,
  updated: 0,
  merged: 1,
  unchanged: 0,
  skipped: [{ line: 8, reason: "blank except the date" }],
  rows: [],
  duplicates: [
    {
      line: 11,
      name: "Christopher Lee",
      organization: "Northwind Traders Inc",
      person: null,
      other_line: 10,
      other_name: "Chris Lee",
      reason: "a shortened first name at the same organization",
      accepted: false,
    },
  ],
  organizations_new: ["Northwind Traders"],
  organizations_matched: 0,
  abbreviations: [{ name: "Am. Soc. of Assn. Exec.", words: ["Am.", "Soc."], lines: [9], full_name: null }],
  relationships_new: 7,
  facts_new: 2,
  never_facts_new: 2,
  related_people_new: 0,
  photos: 0,
  assumptions: ["the header is on line 4"],
};

beforeEach(() => {
  vi.clearAllMocks();
  api.team_list.mockResolvedValue([]);
  api.app_info.mockResolvedValue({ version: "0", db_path: null, schema_version: 1, counts: { people: 1, organizations: 0 }, me: null });
  api.import_preview.mockResolvedValue(PREVIEW);
});

async function pickFile(text = "First Name,Last Name\nAda,Lovelace\n") {
  const input = screen.getByTestId("import-file") as HTMLInputElement;
  const file = new File([text], "connections.csv", { type: "text/csv" });
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  await fireEvent.change(input);
  await screen.findByTestId("import-summary");
}

const lastPreview = (): ImportFileRequest => api.import_preview.mock.calls.at(-1)![0] as ImportFileRequest;

describe("ImportPage", () => {
  it("sends the file's bytes as base64 and shows the counts, the never facts and the duplicate", async () => {
    render(ImportPage);
    await pickFile("Zoë");
    expect(lastPreview()).toEqual({ file_name: "connections.csv", data: btoa("Zo\u00c3\u00ab") });
    expect(screen.getByTestId("count-new").dataset.value).toBe("7");
    expect(screen.getByTestId("count-skipped").dataset.value).toBe("1");
    expect(screen.getByTestId("never-facts").textContent).toContain("2 family facts will be kept private (never used in outreach)");
    expect(screen.getByTestId("import-commit").textContent).toContain("Import 7 people");
  });

  it("re-previews with the merge accepted, and with the full name once typing pauses", async () => {
    render(ImportPage);
    await pickFile();
    await fireEvent.click(screen.getByTestId("duplicate-merge"));
    await waitFor(() => expect(lastPreview().merges).toEqual([11]));
    const input = screen.getByTestId("abbreviation-input") as HTMLInputElement;
    input.value = "American Society of Association Executives";
    await fireEvent.input(input);
    expect(lastPreview().org_names).toBeUndefined(); // not on every keystroke
    await waitFor(() => expect(lastPreview().org_names).toEqual({ "Am. Soc. of Assn. Exec.": "American Society of Association Executives" }));
    expect(lastPreview().merges).toEqual([11]);
  });

  it("shows the core's progress while committing, and cancelling says nothing was written", async () => {
    let rejectCommit: (e: unknown) => void = () => {};
    api.import_commit.mockImplementation(() => new Promise((_, reject) => (rejectCommit = reject)));
    const running = (done: number): JobStatus => ({
      job: "x",
      running: true,
      cancel_requested: false,
      progress: { phase: "writing people", done, total: 8 },
    });
    api.import_progress.mockResolvedValue(running(3));
    api.import_cancel.mockImplementation(async ({ job }: { job: string }) => {
      rejectCommit({ kind: "cancelled", message: "the import was cancelled; nothing was written" });
      return { ...running(3), job, cancel_requested: true };
    });
    render(ImportPage);
    await pickFile();
    await fireEvent.click(screen.getByTestId("import-commit"));
    const job = (api.import_commit.mock.calls[0]![0] as ImportFileRequest).job;
    expect(job).toMatch(/^import-/);
    await waitFor(() => expect(screen.getByTestId("import-progress-label").textContent).toBe("Writing people (3 of 8)"));
    expect(api.import_progress).toHaveBeenCalledWith({ job });
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("38");
    await fireEvent.click(screen.getByTestId("import-cancel"));
    expect(api.import_cancel).toHaveBeenCalledWith({ job });
    const cancelled = await screen.findByTestId("import-cancelled");
    expect(cancelled.textContent).toContain("Import cancelled — nothing was written");
  });

  it("shows a bad file's message from the core and lets another file be picked", async () => {
    api.import_preview.mockRejectedValueOnce({ kind: "invalid_input", message: "empty.csv: the file is empty", field: "file" });
    render(ImportPage);
    const input = screen.getByTestId("import-file") as HTMLInputElement;
    Object.defineProperty(input, "files", { value: [new File([], "empty.csv")], configurable: true });
    await fireEvent.change(input);
    const error = await screen.findByTestId("import-error");
    expect(error.textContent).toContain("empty.csv: the file is empty");
    expect(screen.queryByTestId("import-commit")).toBeNull();
    await pickFile();
    expect(screen.queryByTestId("import-error")).toBeNull();
  });
});
