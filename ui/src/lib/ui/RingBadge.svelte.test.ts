import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import RingBadge from "./RingBadge.svelte";

describe("RingBadge", () => {
  it("calls a beyond person with no relationship at all 'Not connected', not beyond", () => {
    const { container } = render(RingBadge, { props: { ring: "beyond", connected: false } });
    const badge = container.querySelector(".ring-badge");
    expect(badge?.textContent?.trim()).toBe("Not connected");
    expect(badge?.getAttribute("title")).toContain("No relationship with anyone");
    expect(badge?.getAttribute("data-connected")).toBe("false");
  });

  it("keeps 'Beyond' for someone known through someone, and every other ring as it is", () => {
    const beyond = render(RingBadge, { props: { ring: "beyond", connected: true } });
    expect(beyond.container.textContent?.trim()).toBe("Beyond");
    const outer = render(RingBadge, { props: { ring: "outer", connected: false } });
    expect(outer.container.textContent?.trim()).toBe("Outer");
    const unknown = render(RingBadge, { props: { ring: "inner" } });
    expect(unknown.container.textContent?.trim()).toBe("Inner");
  });
});
