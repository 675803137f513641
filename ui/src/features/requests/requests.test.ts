import { describe, expect, it } from "vitest";
import type { Ask, PersonRef, RequestState } from "../../bindings/commands";
import { buildAskQuery, days, deadlineText, emptyFilters, groupAsks, moves, ratio, stateTone } from "./requests";

const ref = (id: number, display_name: string): PersonRef => ({ id, display_name, title: "", organization_name: null, ring: "outer" });

function ask(id: number, state: RequestState, overdue = false): Ask {
  return {
    id,
    state,
    state_label: state,
    state_at: "2026-12-01T10:00:00Z",
    target_label: "Bo Buyer",
    target_person: ref(9, "Bo Buyer"),
    target_organization: null,
    title: "",
    asker: ref(1, "Me"),
    asker_name: "Me",
    mode: "introduce",
    connectors: [],
    current_rank: 1,
    subject: "",
    message: "",
    why_target: "",
    why_now: "",
    opportunity: null,
    deadline: null,
    overdue,
    next_connector: null,
    allowed: [],
    events: [],
    connect: null,
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
  };
}

describe("stateTone", () => {
  it.each([
    ["asked", false, "warning"],
    ["agreed", true, "warning"],
    ["won", false, "success"],
    ["lost", false, "danger"],
    ["connector_declined", false, "danger"],
    ["target_declined", false, "danger"],
    ["meeting_set", false, "accent"],
    ["draft", false, "neutral"],
    ["withdrawn", false, "neutral"],
  ] as const)("%s (overdue %s) is %s", (state, overdue, tone) => {
    expect(stateTone(state, overdue)).toBe(tone);
  });
});

describe("groupAsks", () => {
  it("puts overdue first, then open, then closed, keeping the core's order in each", () => {
    const groups = groupAsks([ask(1, "asked", true), ask(2, "agreed"), ask(3, "won"), ask(4, "asked"), ask(5, "withdrawn")]);
    expect(groups.map((g) => [g.key, g.items.map((a) => a.id)])).toEqual([
      ["overdue", [1]],
      ["open", [2, 4]],
      ["closed", [3, 5]],
    ]);
  });
  it("leaves out empty groups", () => {
    expect(groupAsks([ask(1, "won")]).map((g) => g.key)).toEqual(["closed"]);
    expect(groupAsks([])).toEqual([]);
  });
});

describe("moves", () => {
  it("offers exactly the allowed states, in pipeline order", () => {
    const a = { ...ask(1, "asked"), allowed: ["withdrawn", "connector_no_answer", "agreed", "connector_declined"] as RequestState[] };
    expect(moves(a).map((m) => m.to)).toEqual(["agreed", "connector_declined", "connector_no_answer", "withdrawn"]);
  });
  it("words asking again as asking the next connector, by name", () => {
    const a = { ...ask(1, "connector_declined"), allowed: ["asked", "withdrawn"] as RequestState[], next_connector: ref(7, "Cy Connor") };
    expect(moves(a)[0]).toEqual({ to: "asked", label: "Ask next connector: Cy Connor" });
  });
  it("words sending a draft as marking it sent", () => {
    expect(moves({ ...ask(1, "draft"), allowed: ["asked"] })[0]?.label).toBe("Mark as sent");
  });
});

describe("buildAskQuery", () => {
  it("sends only the filters set; open is a flag, not a state", () => {
    expect(buildAskQuery(emptyFilters())).toEqual({});
    expect(buildAskQuery({ organization: 3, connector: null, asker: 1, state: "open" })).toEqual({ organization: 3, asker: 1, open: true });
    expect(buildAskQuery({ organization: null, connector: 5, asker: null, state: "won" })).toEqual({ connector: 5, state: "won" });
  });
});

describe("figures in words", () => {
  it("ratio", () => {
    expect(ratio(0.625)).toBe("63%");
    expect(ratio(null)).toBe("—");
  });
  it("days", () => {
    expect(days(3.46)).toBe("3.5 days");
    expect(days(1)).toBe("1 day");
    expect(days(12.4)).toBe("12 days");
    expect(days(0.25)).toBe("6 hours");
    expect(days(0.01)).toBe("under an hour");
  });
  it("deadlineText", () => {
    const now = new Date("2026-12-10T12:00:00Z");
    expect(deadlineText(null, false, now)).toBeNull();
    expect(deadlineText("2026-12-13T12:00:00Z", false, now)).toBe("due in 3 days");
    expect(deadlineText("2026-12-08T12:00:00Z", true, now)).toBe("overdue by 2 days");
    expect(deadlineText("2026-12-10T13:00:00Z", false, now)).toBe("due today");
  });
});
