import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IntroDraft, LintRequest } from "../../bindings/commands";
import { lintResult, rosa, warning } from "../privacy/testdata";
import { draftText } from "./blanks";
import DraftEditor from "./DraftEditor.svelte";

// The linter is the core's: these tests answer for it.
const api = vi.hoisted(() => ({ draft_lint: vi.fn() }));
vi.mock("../../lib/api/client", () => ({ client: api }));

beforeEach(() => {
  vi.clearAllMocks();
  api.draft_lint.mockImplementation(async () => lintResult([]));
});
afterEach(() => {
  vi.useRealTimers();
});

const person = (id: number, display_name: string) => ({ id, display_name, title: "", organization_name: null, ring: "inner" as const });

const draft: IntroDraft = {
  from: { ...person(1, "James Carter"), ring: "centre" },
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

describe("DraftEditor lints as the user types", () => {
  /** "😀 Hey buddy," first: an emoji before every span, so offsets must be characters. */
  const text = "😀 Hey buddy,\n\nI hope Emma is enjoying soccer. Your amazing keynote was great.\n\nBest,\nJames";
  const at = (s: string) => Array.from(text.slice(0, text.indexOf(s))).length;
  const emma = warning({
    start: at("Emma"),
    end: at("Emma") + 4,
    text: "Emma",
    reason: "“Emma” is one of Rosa's never facts (children): Children's names, schools and teams are the most alarming thing a stranger can know.",
    suggestion: "Remove it. Children never belongs in outreach, even if Rosa told you.",
    fix: { label: "Remove the sentence", start: at("I hope"), end: at("Your amazing"), replacement: "" },
  });
  const buddy = warning({
    kind: "over_familiar",
    severity: "warn",
    bin: null,
    category: null,
    start: at("Hey buddy"),
    end: at("Hey buddy") + 9,
    text: "Hey buddy",
    reason: "Too familiar for a first contact: the person does not know you yet.",
    suggestion: "Open plainly.",
    fix: { label: "Use “Hello Rosa,”", start: at("Hey buddy"), end: at("Hey buddy") + 10, replacement: "Hello Rosa," },
  });
  const keynote = warning({
    kind: "flattery",
    severity: "warn",
    bin: null,
    category: null,
    start: at("Your amazing keynote"),
    end: at("Your amazing keynote") + 20,
    text: "Your amazing keynote",
    reason: "Praise for something you did not see, hear or read reads as flattery.",
    fix: null,
  });

  function write(value: string, lintDelay = 0) {
    const onchange = vi.fn();
    const result = render(DraftEditor, { props: { to: rosa, original: "", value, onchange, lintDelay } });
    return { ...result, onchange };
  }

  it("asks the core about the draft for its recipient and shows every warning inline and in the list", async () => {
    api.draft_lint.mockResolvedValue(lintResult([buddy, emma, keynote], "1 to remove, 2 to reconsider"));
    const { container } = write(text);
    await waitFor(() => expect(screen.getAllByTestId("lint-warning")).toHaveLength(3));
    expect(api.draft_lint).toHaveBeenCalledWith({ to_person: rosa.id, text });
    expect(screen.getByTestId("lint-summary").textContent).toContain("1 to remove, 2 to reconsider");

    // The highlights sit on the very characters the core named, after the emoji.
    const marks = [...container.querySelectorAll(".backdrop mark.lint")].map((m) => [m.textContent, m.classList.contains("never") ? "never" : "maybe"]);
    expect(marks).toEqual([
      ["Hey buddy", "maybe"],
      ["Emma", "never"],
      ["Your amazing keynote", "maybe"],
    ]);
    expect(container.querySelector(".backdrop")?.textContent).toBe(`${text}\n `);

    const emmaRow = screen.getAllByTestId("lint-warning")[1]!;
    expect(emmaRow.dataset.severity).toBe("remove");
    expect(emmaRow.textContent).toContain("Remove");
    expect(within(emmaRow).getByTestId("lint-reason").textContent).toContain("one of Rosa's never facts (children)");
    expect(emmaRow.textContent).toContain("Remove it. Children never belongs in outreach");
    // A warning without a fix offers none.
    expect(within(screen.getAllByTestId("lint-warning")[2]!).queryByTestId("apply-fix")).toBeNull();
  });

  it("applies a fix to the text and checks the new text at once", async () => {
    api.draft_lint.mockResolvedValueOnce(lintResult([buddy, emma], "1 to remove, 1 to reconsider"));
    const { onchange, rerender } = write(text, 300);
    await waitFor(() => expect(screen.getAllByTestId("apply-fix")).toHaveLength(2));
    await fireEvent.click(within(screen.getAllByTestId("lint-warning")[1]!).getByTestId("apply-fix"));
    const fixed = "😀 Hey buddy,\n\nYour amazing keynote was great.\n\nBest,\nJames";
    expect(onchange).toHaveBeenCalledWith(fixed);

    api.draft_lint.mockResolvedValueOnce(lintResult([buddy], "1 to reconsider"));
    await rerender({ to: rosa, original: "", value: fixed, onchange, lintDelay: 300 });
    // No 300 ms wait after a fix: the next check goes out straight away.
    await waitFor(() => expect(api.draft_lint).toHaveBeenLastCalledWith({ to_person: rosa.id, text: fixed }), { timeout: 200 });
    await waitFor(() => expect(screen.getAllByTestId("lint-warning")).toHaveLength(1));
    expect(screen.getByTestId("lint-warning").textContent).toContain("Hey buddy");
  });

  it("waits for a pause in the typing before asking again", async () => {
    vi.useFakeTimers();
    const { rerender, onchange } = write("Hello", 300);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.draft_lint).toHaveBeenCalledTimes(1);
    for (const value of ["Hello R", "Hello Ro", "Hello Rosa"]) {
      await rerender({ to: rosa, original: "", value, onchange, lintDelay: 300 });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(api.draft_lint).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(api.draft_lint).toHaveBeenCalledTimes(2);
    expect(api.draft_lint).toHaveBeenLastCalledWith({ to_person: rosa.id, text: "Hello Rosa" } satisfies LintRequest);
  });

  it("says Nothing to fix when the draft is clean", async () => {
    write("Hello Rosa,\n\nThank you for the call on Tuesday.");
    await waitFor(() => expect(screen.getByTestId("lint-summary").textContent).toContain("Nothing to fix"));
    expect(screen.queryAllByTestId("lint-warning")).toHaveLength(0);
  });

  it("shows the core's error instead of pretending the draft is clean", async () => {
    api.draft_lint.mockRejectedValue({ kind: "invalid_input", message: "no person with id 61 to write to", field: "to_person" });
    write("Hello");
    const error = await screen.findByTestId("lint-error");
    expect(error.textContent).toContain("no person with id 61 to write to");
    expect(screen.getByTestId("lint-summary").textContent).not.toContain("Nothing to fix");
  });

  it("lints an introduction request for its first connector, about the person asked for and the target", async () => {
    render(DraftEditor, { props: { draft, value: draftText(draft), onchange: vi.fn() } });
    await waitFor(() =>
      expect(api.draft_lint).toHaveBeenCalledWith({ to_person: draft.connector.id, text: draftText(draft), about: [draft.ask_for.id] }),
    );
    vi.clearAllMocks();
    // A path's target further on is checked too; nobody is listed twice.
    render(DraftEditor, { props: { draft, about: [212, draft.ask_for.id, draft.connector.id], value: draftText(draft), onchange: vi.fn() } });
    await waitFor(() =>
      expect(api.draft_lint).toHaveBeenCalledWith({ to_person: draft.connector.id, text: draftText(draft), about: [draft.ask_for.id, 212] }),
    );
  });

  it("says whose fact a warning is about, and who else the draft was checked against", async () => {
    const ian = person(165, "Ian Alvarez");
    const child = warning({ start: at("Emma"), end: at("Emma") + 4, text: "Emma", person: "Ian", reason: "“Emma” is one of Ian's never facts (children): …" });
    api.draft_lint.mockResolvedValue({ ...lintResult([buddy, child]), about: [ian] });
    write(text);
    await waitFor(() => expect(screen.getAllByTestId("lint-warning")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("lint-warning");
    expect(within(second!).getByTestId("lint-kind").textContent).toBe("Something you know about Ian");
    expect(within(first!).getByTestId("lint-kind").textContent).toBe("Too familiar");
    expect(screen.getByTestId("lint-about").textContent?.replace(/\s+/g, " ")).toContain("Also checked against what you know about Ian Alvarez.");
  });

  it("says when a team member is to send the request", () => {
    const tia = { ...person(7, "Tia Team"), ring: "outer" as const };
    render(DraftEditor, { props: { draft: { ...draft, from: tia }, value: draftText(draft), onchange: vi.fn() } });
    expect(screen.getByTestId("draft-from").textContent?.replace(/\s+/g, " ")).toContain("Written for Tia Team to send: the path goes through their relationship with Naomi Hernandez.");
    render(DraftEditor, { props: { draft, value: draftText(draft), onchange: vi.fn() } });
    expect(screen.getAllByTestId("draft-from")).toHaveLength(1);
  });
});
