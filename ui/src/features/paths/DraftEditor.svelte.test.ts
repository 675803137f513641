import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { IntroDraft } from "../../bindings/commands";
import { draftText } from "./blanks";
import DraftEditor from "./DraftEditor.svelte";

const person = (id: number, display_name: string) => ({ id, display_name, title: "", organization_name: null, ring: "inner" as const });

const draft: IntroDraft = {
  connector: person(34, "Naomi Hernandez"),
  ask_for: person(165, "Ian Alvarez"),
  subject: "Would you introduce me to Ian Alvarez?",
  body: "Hi Naomi,\n\nYou were dealing with [the problem you solved for them]. Since then, [the outcome they got].\n\nThank you,\nJames",
  blanks: ["[the problem you solved for them]", "[the outcome they got]"],
};

function setup(value = draftText(draft)) {
  const onchange = vi.fn();
  const result = render(DraftEditor, { props: { draft, value, onchange } });
  return { ...result, onchange };
}

describe("DraftEditor", () => {
  it("shows the draft, highlights its blanks and asks to fill them", () => {
    const { container } = setup();
    expect((screen.getByTestId("draft-text") as HTMLTextAreaElement).value).toBe(draftText(draft));
    expect(screen.getByTestId("draft-blanks").getAttribute("data-open")).toBe("2");
    expect(screen.getByTestId("draft-blanks").textContent).toContain("Fill 2 blanks before sending");
    const marks = [...container.querySelectorAll(".backdrop mark")].map((m) => m.textContent);
    expect(marks).toEqual(draft.blanks);
    // The backdrop holds the very same text as the text area, so the highlights sit on it.
    expect(container.querySelector(".backdrop")?.textContent).toBe(`${draftText(draft)}\n `);
  });

  it("reports edits, says when every blank is filled, and offers the original back", async () => {
    const { onchange, rerender } = setup();
    const area = screen.getByTestId("draft-text") as HTMLTextAreaElement;
    area.value = draftText(draft).replace("[the problem you solved for them]", "late deliveries");
    await fireEvent.input(area);
    expect(onchange).toHaveBeenCalledWith(area.value);
    const filled = area.value.replace("[the outcome they got]", "they halved them");
    await rerender({ draft, value: filled, onchange });
    expect(screen.getByTestId("draft-blanks").textContent).toContain("Every blank is filled");
    await fireEvent.click(screen.getByTestId("restore-draft"));
    expect(onchange).toHaveBeenLastCalledWith(draftText(draft));
  });

  it("selects a blank in the text when its chip is clicked", async () => {
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "the outcome they got" }));
    const area = screen.getByTestId("draft-text") as HTMLTextAreaElement;
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe("[the outcome they got]");
  });

  it("copies the text and says Copied", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    setup();
    await fireEvent.click(screen.getByTestId("copy-draft"));
    await waitFor(() => expect(screen.getByTestId("copy-draft").textContent).toContain("Copied"));
    expect(writeText).toHaveBeenCalledWith(draftText(draft));
  });
});
