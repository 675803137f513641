import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { IntroSuggestion, PersonRef } from "../../bindings/commands";
import IntroSuggestionRow from "./IntroSuggestionRow.svelte";

const p = (id: number, display_name: string): PersonRef => ({ id, display_name, title: "CTO", organization_name: "Acme", ring: "outer" });

function suggestion(patch: Partial<IntroSuggestion> = {}): IntroSuggestion {
  return {
    a: p(3, "Ana Alvarez"),
    b: p(9, "Ben Brown"),
    score: 0.5,
    parts: {
      complementarity: 1,
      context: 1,
      strength_a: 0.8,
      strength_b: 0.6,
      novelty: 1,
      receptiveness_a: 1,
      receptiveness_b: 1,
      dismissal: 1,
      link_score: 0,
      adamic_adar: 0,
    },
    chips: [
      { kind: "match", label: "Ana needs seed investors · Ben offers seed investors" },
      { kind: "novelty", label: "no shared contacts" },
    ],
    dismissed: null,
    ...patch,
  };
}

describe("IntroSuggestionRow", () => {
  it("shows both people with the user's tie to each, and every reason", () => {
    render(IntroSuggestionRow, { props: { suggestion: suggestion(), best: 1, onintroduce: vi.fn(), ondismiss: vi.fn() } });
    expect(screen.getAllByTestId("intro-person").map((a) => a.textContent)).toEqual(["Ana Alvarez", "Ben Brown"]);
    expect(screen.getAllByRole("meter").map((m) => m.getAttribute("aria-valuenow"))).toEqual(["80", "60"]);
    expect(screen.getAllByTestId("intro-chip").map((c) => c.textContent?.trim())).toEqual([
      "Ana needs seed investors · Ben offers seed investors",
      "no shared contacts",
    ]);
  });

  it("introduces, and dismisses with the reason picked", async () => {
    const onintroduce = vi.fn();
    const ondismiss = vi.fn();
    const s = suggestion();
    render(IntroSuggestionRow, { props: { suggestion: s, onintroduce, ondismiss } });
    await fireEvent.click(screen.getByTestId("intro-introduce"));
    expect(onintroduce).toHaveBeenCalledWith(s);
    expect(screen.queryAllByTestId("dismiss-reason")).toHaveLength(0);
    await fireEvent.click(screen.getByTestId("intro-dismiss"));
    const reasons = screen.getAllByTestId("dismiss-reason");
    expect(reasons.map((r) => r.dataset["reason"])).toEqual(["already_know", "not_a_fit", "not_now"]);
    await fireEvent.click(reasons[2] as HTMLElement);
    expect(ondismiss).toHaveBeenCalledWith(s, "not_now");
    expect(screen.queryAllByTestId("dismiss-reason")).toHaveLength(0);
  });

  it("leaves the dismiss menu out when compact (Today's list)", () => {
    render(IntroSuggestionRow, { props: { suggestion: suggestion(), compact: true, onintroduce: vi.fn(), ondismiss: vi.fn() } });
    expect(screen.queryByTestId("intro-dismiss")).toBeNull();
    expect(screen.getByTestId("intro-introduce")).toBeTruthy();
  });
});
