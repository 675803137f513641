import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Category } from "../../bindings/commands";
import { forgetCategories } from "./categories";
import FactDialog from "./FactDialog.svelte";
import { fact, rosa } from "./testdata";

const api = vi.hoisted(() => ({ fact_categories: vi.fn(), fact_create: vi.fn(), fact_update: vi.fn(), person_list: vi.fn() }));
vi.mock("../../lib/api/client", () => ({ client: api }));

const CATEGORIES: Category[] = [
  { id: "children", bin: "never", label: "Children", rationale: "Children's names, schools and teams are the most alarming thing a stranger can know." },
  { id: "promotion", bin: "maybe", label: "Promotion", rationale: "Congratulations are kind from a friend and calculating from a stranger." },
  { id: "certification", bin: "fine", label: "Certifications", rationale: "Earned professional credentials are public." },
];

beforeEach(() => {
  vi.clearAllMocks();
  forgetCategories();
  api.fact_categories.mockResolvedValue(CATEGORIES);
});

function setup(existing = null as ReturnType<typeof fact> | null) {
  const onsaved = vi.fn();
  render(FactDialog, { props: { open: true, person: rosa, fact: existing, onsaved } });
  return { onsaved };
}

async function type(testid: string, value: string) {
  const el = screen.getByTestId(testid) as HTMLInputElement;
  el.value = value;
  await fireEvent.input(el);
}

describe("FactDialog", () => {
  it("offers the categories grouped by bin and explains the one chosen", async () => {
    setup();
    const select = screen.getByTestId("fact-category") as HTMLSelectElement;
    await waitFor(() => expect(select.querySelectorAll("optgroup")).toHaveLength(3));
    expect([...select.querySelectorAll("optgroup")].map((g) => g.label)).toEqual([
      "Never — keep out of outreach",
      "Maybe — only in a long, strong relationship",
      "Fine — professional, fine to use",
    ]);
    select.value = "children";
    await fireEvent.change(select);
    const rationale = screen.getByTestId("fact-rationale");
    expect(rationale.dataset.bin).toBe("never");
    expect(rationale.textContent).toContain("Children's names, schools and teams");
  });

  it("records a fact and shows the core's error next to the field it names", async () => {
    api.fact_create.mockRejectedValueOnce({ kind: "invalid_input", message: "learned_on (2030-01-01) is in the future", field: "learned_on" });
    const { onsaved } = setup();
    const select = screen.getByTestId("fact-category") as HTMLSelectElement;
    await waitFor(() => expect(select.querySelectorAll("option").length).toBe(4));
    select.value = "children";
    await fireEvent.change(select);
    await type("fact-field-value", "Emma, plays soccer at Lincoln High");
    await type("fact-source", "lunch at the summit");
    await type("fact-learned-on", "2030-01-01");
    await fireEvent.click(screen.getByTestId("save-fact"));

    const error = await screen.findByTestId("field-error");
    expect(error.dataset.field).toBe("learned_on");
    expect(error.textContent).toContain("is in the future");
    expect(screen.getByTestId("fact-learned-on").closest(".field")?.contains(error)).toBe(true);
    expect(api.fact_create).toHaveBeenCalledWith({
      person_id: rosa.id,
      category: "children",
      value: "Emma, plays soccer at Lincoln High",
      source: "lunch at the summit",
      learned_on: "2030-01-01",
      told_by: null,
    });
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("asks for a category before sending anything", async () => {
    setup();
    await fireEvent.click(screen.getByTestId("save-fact"));
    const error = await screen.findByTestId("field-error");
    expect(error.dataset.field).toBe("category");
    expect(api.fact_create).not.toHaveBeenCalled();
  });

  it("edits a fact in place", async () => {
    const existing = fact({ id: 3, bin: "maybe", category: "promotion", label: "Promotion", value: "VP of Operations" });
    api.fact_update.mockResolvedValue(existing);
    const { onsaved } = setup(existing);
    await waitFor(() => expect((screen.getByTestId("fact-category") as HTMLSelectElement).value).toBe("promotion"));
    expect((screen.getByTestId("fact-field-value") as HTMLInputElement).value).toBe("VP of Operations");
    await type("fact-field-value", "VP of Operations, 2025");
    await fireEvent.click(screen.getByTestId("save-fact"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(api.fact_update).toHaveBeenCalledWith({
      id: 3,
      fact: { person_id: rosa.id, category: "promotion", value: "VP of Operations, 2025", source: "", told_by: null },
    });
  });
});
