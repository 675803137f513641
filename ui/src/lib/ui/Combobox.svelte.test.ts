import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import Combobox from "./Combobox.svelte";

interface Fruit {
  id: number;
  name: string;
  kind: "berry" | "citrus";
}

const FRUITS: Fruit[] = [
  { id: 1, name: "Lemon", kind: "citrus" },
  { id: 2, name: "Lime", kind: "citrus" },
  { id: 3, name: "Blackberry", kind: "berry" },
  { id: 4, name: "Blueberry", kind: "berry" },
];

const option = createRawSnippet((fruit: () => Fruit) => ({ render: () => `<span>${fruit().name}</span>` }));

function setup(props: Partial<{ search: (q: string) => Promise<readonly Fruit[]>; [prop: string]: unknown }> = {}) {
  const onselect = vi.fn();
  const search = vi.fn(props.search ?? (async () => FRUITS));
  const result = render(Combobox<Fruit>, {
    props: {
      id: "fruit",
      key: (f: Fruit) => f.id,
      listLabel: "Fruit matches",
      option,
      delay: 0,
      testid: "fruit-search",
      optionTestid: "fruit-option",
      ...props,
      search,
      onselect,
    },
  });
  const input = screen.getByRole("combobox") as HTMLInputElement;
  return { ...result, input, onselect, search };
}

async function type(input: HTMLInputElement, value: string) {
  input.focus();
  await fireEvent.input(input, { target: { value } });
}

const key = (input: HTMLElement, k: string) => fireEvent.keyDown(input, { key: k });
const names = () => screen.getAllByRole("option").map((o) => o.textContent);
const activeName = (input: HTMLInputElement) => {
  const id = input.getAttribute("aria-activedescendant");
  return id ? document.getElementById(id)?.textContent : null;
};

afterEach(() => vi.useRealTimers());

describe("Combobox", () => {
  it("is a combobox tied to its listbox, closed until something is typed", async () => {
    const { input, search } = setup();
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(input.getAttribute("aria-autocomplete")).toBe("list");
    expect(input.dataset.testid).toBe("fruit-search");
    expect(screen.queryByRole("listbox")).toBeNull();

    await type(input, "  l ");
    await waitFor(() => expect(names()).toEqual(["Lemon", "Lime", "Blackberry", "Blueberry"]));
    expect(search).toHaveBeenCalledWith("l");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    const listbox = screen.getByRole("listbox", { name: "Fruit matches" });
    expect(input.getAttribute("aria-controls")).toBe(listbox.id);
    // The first option is active, and the only one selected.
    expect(activeName(input)).toBe("Lemon");
    expect(screen.getAllByRole("option").map((o) => o.getAttribute("aria-selected"))).toEqual(["true", "false", "false", "false"]);
    expect(screen.getAllByTestId("fruit-option")).toHaveLength(4);
  });

  it("searches once typing pauses", async () => {
    vi.useFakeTimers();
    const { input, search } = setup({ delay: 150 });
    await type(input, "b");
    await type(input, "bl");
    await type(input, "blu");
    vi.advanceTimersByTime(149);
    expect(search).not.toHaveBeenCalled();
    // Waiting for the pause counts as searching: never "No matches" before the answer.
    expect(screen.getByRole("listbox").textContent).toContain("Searching…");
    vi.advanceTimersByTime(1);
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith("blu");
  });

  it("moves through the options with the arrow keys, Home and End, and stops at the ends", async () => {
    const { input } = setup();
    await type(input, "e");
    await screen.findAllByRole("option");
    await key(input, "ArrowDown");
    expect(activeName(input)).toBe("Lime");
    await key(input, "End");
    expect(activeName(input)).toBe("Blueberry");
    await key(input, "ArrowDown");
    expect(activeName(input)).toBe("Blueberry");
    await key(input, "ArrowUp");
    expect(activeName(input)).toBe("Blackberry");
    await key(input, "Home");
    expect(activeName(input)).toBe("Lemon");
    await key(input, "ArrowUp");
    expect(activeName(input)).toBe("Lemon");
    const active = screen.getAllByRole("option")[0]!;
    expect(active.getAttribute("aria-selected")).toBe("true");
    expect(active.classList.contains("active")).toBe(true);
  });

  it("chooses the active option with Enter, then empties and closes", async () => {
    const { input, onselect } = setup();
    await type(input, "b");
    await screen.findAllByRole("option");
    await key(input, "ArrowDown");
    await key(input, "ArrowDown");
    await key(input, "Enter");
    expect(onselect).toHaveBeenCalledExactlyOnceWith(FRUITS[2]);
    expect(input.value).toBe("");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(input.getAttribute("aria-activedescendant")).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it("chooses with the mouse, the option under it active", async () => {
    const { input, onselect } = setup();
    await type(input, "l");
    const options = await screen.findAllByRole("option");
    await fireEvent.mouseEnter(options[1]!);
    expect(activeName(input)).toBe("Lime");
    const down = new MouseEvent("mousedown", { bubbles: true, cancelable: true });
    options[3]!.dispatchEvent(down);
    // The input keeps the focus.
    expect(down.defaultPrevented).toBe(true);
    expect(onselect).toHaveBeenCalledExactlyOnceWith(FRUITS[3]);
  });

  it("Escape closes the list without leaving it to a dialog; arrows open it again", async () => {
    const { input, onselect } = setup();
    await type(input, "l");
    await screen.findAllByRole("option");
    const escape = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true });
    const outside = vi.fn();
    document.body.addEventListener("keydown", outside);
    input.dispatchEvent(escape);
    await waitFor(() => expect(input.getAttribute("aria-expanded")).toBe("false"));
    expect(outside).not.toHaveBeenCalled();
    // Closed, Escape is someone else's (a dialog's), and Enter chooses nothing.
    await key(input, "Escape");
    expect(outside).toHaveBeenCalledTimes(1);
    expect(input.value).toBe("l");
    await key(input, "Enter");
    expect(onselect).not.toHaveBeenCalled();
    await key(input, "ArrowDown");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(activeName(input)).toBe("Lemon");
    document.body.removeEventListener("keydown", outside);
  });

  it("with clearOnEscape, Escape on a closed list empties the input", async () => {
    const { input } = setup({ clearOnEscape: true });
    await type(input, "l");
    await screen.findAllByRole("option");
    await key(input, "Escape");
    expect(input.value).toBe("l");
    await key(input, "Escape");
    expect(input.value).toBe("");
  });

  it("says it is searching while the answer is on its way", async () => {
    let answer: (fruits: Fruit[]) => void = () => {};
    const { input, search } = setup({ search: () => new Promise<Fruit[]>((resolve) => (answer = resolve)) });
    await type(input, "l");
    await waitFor(() => expect(search).toHaveBeenCalled());
    const status = await screen.findByText("Searching…");
    expect(status.dataset.state).toBe("loading");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
    answer(FRUITS.slice(0, 2));
    await waitFor(() => expect(names()).toEqual(["Lemon", "Lime"]));
  });

  it("says when nothing matches, in its own words", async () => {
    const { input } = setup({ search: async () => [], empty: "No fruit matches" });
    await type(input, "kiwi");
    const status = await screen.findByText("No fruit matches");
    expect(status.dataset.state).toBe("empty");
    await key(input, "Enter");
    expect(input.value).toBe("kiwi");
  });

  it("shows a failed search's message, not the options before it", async () => {
    const search = vi.fn(async (q: string) => {
      if (q === "le") throw { kind: "storage", message: "The database is locked" };
      return FRUITS;
    });
    const { input, onselect } = setup({ search });
    await type(input, "l");
    await screen.findAllByRole("option");
    await type(input, "le");
    const status = await screen.findByText("The database is locked");
    expect(status.dataset.state).toBe("error");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
    expect(input.getAttribute("aria-activedescendant")).toBeNull();
    await key(input, "Enter");
    expect(onselect).not.toHaveBeenCalled();
  });

  it("hides what the filter rules out, and heads each group", async () => {
    const { input, rerender } = setup({ group: (f: Fruit) => (f.kind === "citrus" ? "Citrus" : "Berries") });
    await type(input, "l");
    await screen.findAllByRole("option");
    const listbox = screen.getByRole("listbox");
    expect([...listbox.children].map((li) => li.textContent)).toEqual(["Citrus", "Lemon", "Lime", "Berries", "Blackberry", "Blueberry"]);
    expect(listbox.querySelectorAll('[role="presentation"]')).toHaveLength(2);
    // Read again when it changes: no new search needed.
    await rerender({ filter: (f: Fruit) => f.id !== 1 });
    expect(names()).toEqual(["Lime", "Blackberry", "Blueberry"]);
    expect(activeName(input)).toBe("Lime");
  });

  it("marks the input invalid and points at the error, or else the hint", async () => {
    const { input, rerender } = setup({ hint: "Someone you know" });
    expect(input.getAttribute("aria-describedby")).toBe("fruit-hint");
    expect(input.getAttribute("aria-invalid")).toBeNull();
    await rerender({ error: "Pick a fruit" });
    expect(input.getAttribute("aria-describedby")).toBe("fruit-error");
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });
});
