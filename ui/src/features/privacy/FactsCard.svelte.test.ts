import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { FactQuery } from "../../bindings/commands";
import { toasts } from "../../lib/toast.svelte";
import FactsCard from "./FactsCard.svelte";
import { rosa, rosaFacts } from "./testdata";

const api = vi.hoisted(() => ({
  fact_list: vi.fn(),
  fact_delete: vi.fn(),
  fact_create: vi.fn(),
  fact_categories: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

beforeEach(() => {
  vi.clearAllMocks();
  toasts.splice(0);
  api.fact_list.mockImplementation(async (q: FactQuery) => rosaFacts(q.reveal_never === true));
  api.fact_categories.mockResolvedValue([]);
});

function setup() {
  return render(FactsCard, { props: { person: rosa, firstName: "Rosa" } });
}

const group = (bin: string) => screen.getAllByTestId("fact-group").find((g) => g.dataset.bin === bin)!;

describe("FactsCard", () => {
  it("groups facts by bin with the never facts hidden, saying why", async () => {
    setup();
    const hidden = await screen.findByTestId("never-hidden");
    expect(screen.getAllByTestId("fact-group").map((g) => g.dataset.bin)).toEqual(["never", "maybe", "fine"]);
    expect(hidden.textContent).toContain("2 facts you must never use in outreach are hidden");
    expect(hidden.textContent).toContain("children and health never belong in a sales message, even if they told you");
    // No never value reaches the page until asked for.
    expect(document.body.textContent).not.toContain("Lincoln High");
    expect(within(group("never")).queryAllByTestId("fact")).toHaveLength(0);
    expect(api.fact_list).toHaveBeenCalledWith({ person_id: rosa.id });
  });

  it("shows maybe facts with whether they are usable now, and value warnings inline", async () => {
    setup();
    await screen.findByTestId("never-hidden");
    const [promotion, hobby] = within(group("maybe")).getAllByTestId("fact");
    expect(within(promotion!).getByTestId("fact-usable").textContent).toContain("Not yet — known for 1 year, strength 30%");
    expect(within(promotion!).getByTestId("fact-provenance").textContent).toContain("Told by Elijah Abbott");
    expect(within(hobby!).getByTestId("fact-value-warning").textContent).toContain("The value reads as health (never)");
    expect(within(group("fine")).getByTestId("fact-value").textContent).toBe("PMP, 2023");
  });

  it("reveals the never facts on request, and hides them again", async () => {
    setup();
    await fireEvent.click(await screen.findByTestId("show-never"));
    await waitFor(() => expect(within(group("never")).getAllByTestId("fact")).toHaveLength(2));
    expect(api.fact_list).toHaveBeenLastCalledWith({ person_id: rosa.id, reveal_never: true });
    const children = within(group("never")).getAllByTestId("fact")[0]!;
    expect(within(children).getByTestId("fact-value").textContent).toBe("Emma, plays soccer at Lincoln High");
    expect(within(children).getByTestId("fact-provenance").textContent).toContain("From lunch at the summit");
    expect(within(children).getByTestId("fact-provenance").textContent).toContain("Learned 2 Mar 2025");
    expect(screen.queryByTestId("never-hidden")).toBeNull();

    await fireEvent.click(screen.getByTestId("hide-never"));
    await screen.findByTestId("never-hidden");
    expect(api.fact_list).toHaveBeenLastCalledWith({ person_id: rosa.id });
    expect(document.body.textContent).not.toContain("Lincoln High");
  });

  it("says what to do when nothing is recorded", async () => {
    api.fact_list.mockResolvedValue({ person: rosa, facts: [], hidden_never: 0, relationship: "no relationship with you yet" });
    setup();
    const empty = await screen.findByTestId("facts-empty");
    expect(empty.textContent).toContain("Nothing recorded yet");
    expect(empty.textContent).toContain("Record what you learn — Sphere tells you what may be used in outreach.");
  });

  it("shows the core's error, and retries", async () => {
    api.fact_list.mockRejectedValueOnce({ kind: "storage", message: "database is locked" });
    setup();
    const error = await screen.findByTestId("facts-error");
    expect(error.textContent).toContain("database is locked");
    await fireEvent.click(within(error).getByRole("button", { name: "Retry" }));
    await screen.findByTestId("never-hidden");
  });

  it("deletes a fact and offers to undo by recording it again", async () => {
    const gone = {
      id: 5,
      person_id: rosa.id,
      category: "certification",
      value: "PMP, 2023",
      source: "her LinkedIn",
      learned_on: "2024-01-10",
      told_by: null,
      created_at: "2026-11-01T10:00:00Z",
      updated_at: "2026-11-01T10:00:00Z",
    };
    api.fact_delete.mockResolvedValue(gone);
    api.fact_create.mockResolvedValue({});
    setup();
    await screen.findByTestId("never-hidden");
    await fireEvent.click(within(group("fine")).getByTestId("delete-fact"));
    await waitFor(() => expect(api.fact_delete).toHaveBeenCalledWith({ id: 5 }));
    await waitFor(() => expect(toasts.some((t) => t.action?.label === "Undo")).toBe(true));
    const toast = toasts.find((t) => t.action)!;
    expect(toast.message).toBe("Deleted the certifications fact");
    await toast.action!.run();
    expect(api.fact_create).toHaveBeenCalledWith({
      person_id: rosa.id,
      category: "certification",
      value: "PMP, 2023",
      source: "her LinkedIn",
      learned_on: "2024-01-10",
      told_by: null,
    });
  });
});
