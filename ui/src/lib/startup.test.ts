import { describe, expect, it } from "vitest";
import { markOnce, peopleRowsShown, todayShown } from "./startup";

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

  it("records when Today was first painted, after a frame, once", async () => {
    expect(window.__sphereTodayPainted).toBeUndefined();
    todayShown();
    expect(marks("today-items")).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    const first = window.__sphereTodayPainted;
    expect(first).toBeGreaterThan(0);
    todayShown();
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__sphereTodayPainted).toBe(first);
    expect(marks("today-painted")).toBe(1);
  });
});
