import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Classification } from "../../bindings/commands";
import SensitiveText from "./SensitiveText.svelte";

const api = vi.hoisted(() => ({ text_classify: vi.fn() }));
vi.mock("../../lib/api/client", () => ({ client: api }));

// An emoji and an accent before the passage: the offsets are characters, not UTF-16 units.
const notes = "🎾 Café chat: her daughter Emma plays for the Lincoln High soccer team. Runs the wellness benefits program for 4,000 employees.";
const at = (s: string) => Array.from(notes.slice(0, notes.indexOf(s))).length;
const passage = "daughter Emma plays for the Lincoln High soccer team";
const classification: Classification = {
  passages: [
    {
      start: at(passage),
      end: at(passage) + Array.from(passage).length,
      text: passage,
      bin: "never",
      category: "children",
      label: "Children",
      reason: "“daughter” reveals children: Children's names, schools and teams are the most alarming thing a stranger can know.",
    },
  ],
  worst: "never",
};

beforeEach(() => {
  vi.clearAllMocks();
  api.text_classify.mockResolvedValue(classification);
});

describe("SensitiveText", () => {
  it("highlights the passages the core found, with their reason, and counts them", async () => {
    render(SensitiveText, { props: { text: notes, testid: "notes" } });
    const mark = await screen.findByTestId("passage");
    expect(api.text_classify).toHaveBeenCalledWith({ text: notes });
    expect(mark.textContent).toBe(passage);
    expect(mark.dataset.bin).toBe("never");
    expect(mark.getAttribute("title")).toContain("“daughter” reveals children");
    // The reason is also the mark's accessible description.
    const described = document.getElementById(mark.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toContain("“daughter” reveals children");
    expect(screen.getByTestId("passage-summary").textContent).toContain("1 passage here must never be used in outreach");
    // The second sentence is plain text.
    expect(screen.getAllByTestId("passage")).toHaveLength(1);
    expect(screen.getByTestId("notes-text").textContent).toContain("Runs the wellness benefits program");
  });

  it("lists the reasons on request, for keyboard and touch", async () => {
    render(SensitiveText, { props: { text: notes } });
    await fireEvent.click(await screen.findByTestId("passage-why"));
    expect(screen.getByTestId("passage-reasons").textContent).toContain(`“${passage}”`);
    expect(screen.getByTestId("passage-why").getAttribute("aria-expanded")).toBe("true");
  });

  it("says so when nothing personal is found", async () => {
    api.text_classify.mockResolvedValue({ passages: [], worst: "fine" });
    render(SensitiveText, { props: { text: "Runs the wellness benefits program." } });
    await waitFor(() => expect(screen.getByTestId("passage-summary").textContent).toContain("Nothing personal found"));
    expect(screen.queryByTestId("passage")).toBeNull();
  });

  it("does not call notes clean when never passages were withheld from them", async () => {
    api.text_classify.mockResolvedValue({ passages: [], worst: "fine" });
    render(SensitiveText, { props: { text: "[children hidden]. Runs the wellness benefits program." } });
    await waitFor(() => expect(screen.getByTestId("passage-summary").textContent).toContain("A never passage is hidden"));
    expect(screen.getByTestId("passage-summary").textContent).not.toContain("Nothing personal found");
  });

  it("shows the notes even when the check fails, with the core's error", async () => {
    api.text_classify.mockRejectedValue({ kind: "internal", message: "the lexicon did not load" });
    render(SensitiveText, { props: { text: notes } });
    expect((await screen.findByTestId("classify-error")).textContent).toContain("the lexicon did not load");
    expect(screen.getByTestId("sensitive-text-text").textContent).toBe(notes);
  });
});
