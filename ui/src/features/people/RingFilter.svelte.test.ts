import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Ring } from "../../bindings/commands";
import { RING_CHOICES, RINGS, type RingChoice, type RingInfo } from "../../lib/domain";
import RingFilter from "./RingFilter.svelte";

type Band = Exclude<Ring, "centre">;

const pressed = () => screen.getAllByRole("button", { pressed: true }).map((b) => b.dataset.testid);

describe("RingFilter", () => {
  it("offers All and each ring, with counts when given; the ring shown clicked again shows all", async () => {
    const rings = RINGS.filter((r): r is RingInfo & { value: Band } => r.value !== "centre");
    render(RingFilter<Band>, { props: { label: "Show ring", rings, value: null, testid: "ring", counts: { inner: 3, outer: 1200, beyond: 0 } } });
    expect(screen.getByRole("group", { name: "Show ring" })).toBeTruthy();
    expect(screen.getAllByRole("button").map((b) => b.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "All",
      "Inner 3",
      "Outer 1,200",
      "Beyond 0",
    ]);
    expect(screen.getByTestId("ring-outer").title).toBe(RINGS[2]?.hint);
    expect(pressed()).toEqual(["ring-all"]);
    await fireEvent.click(screen.getByTestId("ring-inner"));
    expect(pressed()).toEqual(["ring-inner"]);
    await fireEvent.click(screen.getByTestId("ring-inner"));
    expect(pressed()).toEqual(["ring-all"]);
    await fireEvent.click(screen.getByTestId("ring-beyond"));
    await fireEvent.click(screen.getByTestId("ring-all"));
    expect(pressed()).toEqual(["ring-all"]);
  });

  it("offers the people nobody knows yet as Not connected, after Beyond", async () => {
    render(RingFilter<RingChoice>, { props: { label: "Filter by ring", rings: RING_CHOICES, value: null, testid: "ring-filter" } });
    const names = screen.getAllByRole("button").map((b) => b.textContent?.trim());
    expect(names.slice(-2)).toEqual(["Beyond", "Not connected"]);
    await fireEvent.click(screen.getByTestId("ring-filter-unconnected"));
    expect(pressed()).toEqual(["ring-filter-unconnected"]);
  });
});
