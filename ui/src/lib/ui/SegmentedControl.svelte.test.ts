import { fireEvent, render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it, vi } from "vitest";
import SegmentedControl, { type Segment } from "./SegmentedControl.svelte";

type Size = "s" | "m" | "l" | "xl";

const SIZES: Segment<Size>[] = [
  { value: "s", label: "Small", testid: "size-s" },
  { value: "m", label: "Medium", title: "The usual", testid: "size-m" },
  { value: "l", label: "Large", disabled: true, testid: "size-l" },
  { value: "xl", label: "Huge", testid: "size-xl" },
];

function setup(props: Partial<{ value: Size; disabled: boolean; segments: Segment<Size>[] }> = {}) {
  const onchange = vi.fn();
  const result = render(SegmentedControl<Size>, { props: { label: "Size", segments: SIZES, value: "m", onchange, ...props } });
  return { ...result, onchange, buttons: screen.getAllByRole("button") };
}

const pressed = () => screen.getAllByRole("button", { pressed: true }).map((b) => b.textContent?.trim());
const tabStops = (buttons: HTMLElement[]) => buttons.filter((b) => b.tabIndex === 0).map((b) => b.textContent?.trim());

describe("SegmentedControl", () => {
  it("is a labelled group of toggle buttons, the chosen one pressed", () => {
    const { buttons } = setup();
    expect(screen.getByRole("group", { name: "Size" })).toBeTruthy();
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(["Small", "Medium", "Large", "Huge"]);
    expect(pressed()).toEqual(["Medium"]);
    expect(buttons.map((b) => b.getAttribute("aria-pressed"))).toEqual(["false", "true", "false", "false"]);
    expect(screen.getByTestId("size-m").title).toBe("The usual");
    expect((screen.getByTestId("size-l") as HTMLButtonElement).disabled).toBe(true);
  });

  it("reports the button clicked, the pressed one too, and follows the value it is given", async () => {
    const { onchange, rerender } = setup();
    await fireEvent.click(screen.getByTestId("size-xl"));
    expect(onchange).toHaveBeenLastCalledWith("xl");
    await fireEvent.click(screen.getByTestId("size-m"));
    expect(onchange).toHaveBeenLastCalledWith("m");
    // The parent decides: nothing changes until it passes the new value.
    expect(pressed()).toEqual(["Medium"]);
    await rerender({ value: "xl" });
    expect(pressed()).toEqual(["Huge"]);
  });

  it("is one tab stop, the pressed button", () => {
    const { buttons } = setup({ value: "xl" });
    expect(tabStops(buttons)).toEqual(["Huge"]);
  });

  it("moves the focus with the arrow keys, Home and End, wrapping and skipping disabled buttons", async () => {
    const { buttons, onchange } = setup();
    const [small, medium, , huge] = buttons as [HTMLButtonElement, HTMLButtonElement, HTMLButtonElement, HTMLButtonElement];
    medium.focus();
    await fireEvent.keyDown(medium, { key: "ArrowRight" });
    expect(document.activeElement).toBe(huge);
    expect(tabStops(buttons)).toEqual(["Huge"]);
    await fireEvent.keyDown(huge, { key: "ArrowDown" });
    expect(document.activeElement).toBe(small);
    await fireEvent.keyDown(small, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(huge);
    await fireEvent.keyDown(huge, { key: "ArrowUp" });
    expect(document.activeElement).toBe(medium);
    await fireEvent.keyDown(medium, { key: "End" });
    expect(document.activeElement).toBe(huge);
    await fireEvent.keyDown(huge, { key: "Home" });
    expect(document.activeElement).toBe(small);
    // Moving the focus chooses nothing: Enter or Space (a click) does.
    expect(onchange).not.toHaveBeenCalled();
    expect(pressed()).toEqual(["Medium"]);
  });

  it("leaves other keys alone", async () => {
    const { buttons } = setup();
    const medium = buttons[1]!;
    medium.focus();
    const tab = new KeyboardEvent("keydown", { key: "Tab", bubbles: true, cancelable: true });
    medium.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(medium);
  });

  it("when the pressed button is disabled, Tab reaches the first enabled one", () => {
    const { buttons } = setup({ value: "l" });
    expect(pressed()).toEqual(["Large"]);
    expect(tabStops(buttons)).toEqual(["Small"]);
  });

  it("can be disabled whole", () => {
    const { buttons } = setup({ disabled: true });
    expect(buttons.every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(pressed()).toEqual(["Medium"]);
  });

  it("renders a button's content from a snippet", () => {
    const segment = createRawSnippet((s: () => Segment<Size>) => ({
      render: () => `<span><b class="badge">${s().value.toUpperCase()}</b> ${s().label}</span>`,
    }));
    render(SegmentedControl<Size>, { props: { label: "Size", segments: SIZES, value: "s", onchange: vi.fn(), segment } });
    expect(screen.getByTestId("size-xl").textContent).toBe("XL Huge");
    expect(screen.getByTestId("size-xl").querySelector(".badge")).toBeTruthy();
  });
});
