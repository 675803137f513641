import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OrganizationSummary, PersonSummary } from "../../bindings/commands";
import TargetPicker from "./TargetPicker.svelte";

const api = vi.hoisted(() => ({ person_list: vi.fn(), org_list: vi.fn() }));
vi.mock("../../lib/api/client", () => ({ client: api }));

const person = (id: number, display_name: string, organization_name: string | null): PersonSummary => ({
  id,
  display_name,
  first_name: display_name.split(" ")[0] ?? "",
  last_name: display_name.split(" ")[1] ?? "",
  title: "Engineer",
  organization_id: null,
  organization_name,
  ring: "outer",
  tags: [],
  primary_email: null,
  tie_count: 0,
  connected: false,
  last_contact: null,
  updated_at: "2026-11-01T10:00:00Z",
});

const org = (id: number, name: string, people_count: number): OrganizationSummary => ({
  organization: { id, name, domain: "", industry: "", size: "", location: "", created_at: "", updated_at: "" },
  people_count,
});

beforeEach(() => {
  vi.clearAllMocks();
  api.person_list.mockResolvedValue({ items: [person(1, "James Nakamura", "Northwind"), person(7, "Nadia Northcote", "Northwind")], total: 2 });
  api.org_list.mockResolvedValue([org(3, "Northwind", 12)]);
});

function setup() {
  const onpick = vi.fn();
  render(TargetPicker, { props: { target: null, onpick, onclear: vi.fn(), exclude: [1] } });
  return { onpick, input: screen.getByTestId("target-search") as HTMLInputElement };
}

async function search(input: HTMLInputElement, value: string) {
  input.focus();
  await fireEvent.input(input, { target: { value } });
  return screen.findAllByTestId("target-option");
}

describe("TargetPicker", () => {
  it("offers organizations first, then people, never you, under headings", async () => {
    const { input } = setup();
    expect(screen.getByLabelText("Reach")).toBe(input);
    await search(input, "north");
    expect(api.person_list).toHaveBeenCalledWith({ search: "north", limit: 6 });
    expect(api.org_list).toHaveBeenCalledWith({ search: "north" });
    const listbox = screen.getByRole("listbox", { name: "People and organizations" });
    expect([...listbox.children].map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Organizations",
      "N Northwind Anyone there · 12 people you know",
      "People",
      "NN Nadia Northcote Engineer · Northwind",
    ]);
  });

  it("picks a person with the keyboard, an organization with the mouse", async () => {
    const { input, onpick } = setup();
    await search(input, "north");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onpick).toHaveBeenLastCalledWith({
      kind: "person",
      person: { id: 7, display_name: "Nadia Northcote", title: "Engineer", organization_name: "Northwind", ring: "outer" },
    });
    const [northwind] = await search(input, "north");
    await fireEvent.mouseDown(northwind!);
    expect(onpick).toHaveBeenLastCalledWith({ kind: "organization", id: 3, name: "Northwind", people: 12 });
  });

  it("says when nothing matches, and Escape empties the search once the list is closed", async () => {
    api.person_list.mockResolvedValue({ items: [], total: 0 });
    api.org_list.mockResolvedValue([]);
    const { input } = setup();
    input.focus();
    await fireEvent.input(input, { target: { value: "zz" } });
    expect(await screen.findByText("No person or organization matches")).toBeTruthy();
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("zz");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("");
  });
});
