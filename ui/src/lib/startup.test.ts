import { describe, expect, it } from "vitest";
import { markOnce, peopleRowsShown } from "./startup";

const marks = (name: string) => performance.getEntriesByName(`sphere:${name}`, "mark").length;

describe("start-up marks", () => {
  it("marks each name once", () => {
    markOnce("test-once");
    markOnce("test-once");
    expect(marks("test-once")).toBe(1);
  });

  it("records when the people list was first painted, after a frame, once", async () => {
    expect(window.__spherePeoplePainted).toBeUndefined();
    peopleRowsShown();
    expect(marks("people-rows")).toBe(1);
    expect(window.__spherePeoplePainted).toBeUndefined(); // not before the frame
    await new Promise((r) => setTimeout(r, 100));
    const first = window.__spherePeoplePainted;
    expect(first).toBeGreaterThan(0);
    peopleRowsShown();
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__spherePeoplePainted).toBe(first);
    expect(marks("people-painted")).toBe(1);
  });
});
