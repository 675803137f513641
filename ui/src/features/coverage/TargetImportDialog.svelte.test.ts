import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TargetImportPreview } from "../../bindings/commands";
import TargetImportDialog from "./TargetImportDialog.svelte";

const api = vi.hoisted(() => ({
  team_list: vi.fn(),
  target_import_preview: vi.fn(),
  target_import_commit: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

const org = (id: number, name: string) => ({ id, name, domain: "" });
const row = (line: number, outcome: TargetImportPreview["rows"][number]["outcome"], name: string | null, message: string | null = null) => ({
  line,
  name,
  domain: null,
  tier: 2,
  owner: null,
  note: "",
  outcome,
  organization: outcome === "create" || outcome === "error" ? null : org(line, name ?? ""),
  matched_by: outcome === "mark" ? "name" : null,
  message,
});

const WITH_ERROR: TargetImportPreview = {
  rows: [row(1, "mark", "Atlas Publishing"), row(2, "create", "Polaris Maritime"), row(3, "error", null, "no name or domain on this line")],
  mark: 1,
  update: 0,
  create: 1,
  duplicate: 0,
  errors: 1,
};
const CLEAN: TargetImportPreview = { ...WITH_ERROR, rows: WITH_ERROR.rows.slice(0, 2), errors: 0 };

beforeEach(() => {
  vi.clearAllMocks();
  api.team_list.mockResolvedValue([]);
});

describe("TargetImportDialog", () => {
  it("previews each line, refuses to import while a line is wrong, and imports what the preview showed", async () => {
    const onimported = vi.fn();
    api.target_import_preview.mockResolvedValueOnce(WITH_ERROR).mockResolvedValueOnce(CLEAN);
    api.target_import_commit.mockResolvedValue({ marked: 1, updated: 0, created: 1, targets: 2 });
    render(TargetImportDialog, { props: { open: true, onimported } });

    expect((screen.getByTestId("target-import-preview") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("target-import-text"), { target: { value: "Atlas Publishing\nPolaris Maritime\n," } });
    await fireEvent.click(screen.getByTestId("target-import-preview"));
    await waitFor(() => expect(screen.getAllByTestId("target-import-row")).toHaveLength(3));
    expect(api.target_import_preview).toHaveBeenCalledWith({ text: "Atlas Publishing\nPolaris Maritime\n,", tier: 2 });
    expect(screen.getAllByTestId("target-import-row").map((r) => r.dataset.outcome)).toEqual(["mark", "create", "error"]);
    expect(screen.getByTestId("target-import-message").textContent).toBe("no name or domain on this line");
    expect((screen.getByTestId("target-import-commit") as HTMLButtonElement).disabled).toBe(true);
    expect(api.target_import_commit).not.toHaveBeenCalled();

    // Editing the list asks for a new preview before anything can be imported.
    await fireEvent.input(screen.getByTestId("target-import-text"), { target: { value: "Atlas Publishing\nPolaris Maritime" } });
    expect(screen.queryByTestId("target-import-commit")).toBeNull();
    await fireEvent.click(screen.getByTestId("target-import-preview"));
    await waitFor(() => expect(screen.getAllByTestId("target-import-row")).toHaveLength(2));
    const commit = screen.getByTestId("target-import-commit") as HTMLButtonElement;
    expect(commit.textContent?.trim()).toBe("Import 2 accounts");
    await fireEvent.click(commit);
    await waitFor(() => expect(onimported).toHaveBeenCalledOnce());
    expect(api.target_import_commit).toHaveBeenCalledWith({ text: "Atlas Publishing\nPolaris Maritime", tier: 2 });
  });

  it("shows the core's message when the list cannot be read, and writes nothing", async () => {
    api.target_import_preview.mockRejectedValue({ kind: "invalid_input", message: "the list names no account: one per line, by name or domain" });
    render(TargetImportDialog, { props: { open: true, onimported: vi.fn() } });
    await fireEvent.input(screen.getByTestId("target-import-text"), { target: { value: "name\n" } });
    await fireEvent.click(screen.getByTestId("target-import-preview"));
    await waitFor(() => expect(screen.getByTestId("target-import-error").textContent).toContain("the list names no account"));
    expect(api.target_import_commit).not.toHaveBeenCalled();
  });
});
