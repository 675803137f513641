import { describe, expect, it } from "vitest";
import { sourceTargets } from "./sources";

describe("sourceTargets", () => {
  it("sends people by id and organizations with their title phrases", () => {
    expect(
      sourceTargets([
        { target: { kind: "person", person: { id: 5, display_name: "Bo", title: "", organization_name: null, ring: "beyond" } }, title: "ignored" },
        { target: { kind: "organization", id: 2, name: "Globex", people: 4 }, title: " VP " },
        { target: { kind: "organization", id: 3, name: "Initech", people: 1 }, title: "" },
      ]),
    ).toEqual([{ person: 5 }, { organization: 2, title: "VP" }, { organization: 3 }]);
  });
});
