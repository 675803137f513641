import { describe, expect, it } from "vitest";
import { REASONS, sizeLabel } from "./snapshots";

describe("sizeLabel", () => {
  it("says bytes, kilobytes and megabytes at their thresholds", () => {
    expect(sizeLabel(0)).toBe("0 B");
    expect(sizeLabel(1023)).toBe("1023 B");
    expect(sizeLabel(1024)).toBe("1 KB");
    expect(sizeLabel(1_675_264)).toBe("1.6 MB");
  });
});

describe("REASONS", () => {
  it("names every reason the core gives", () => {
    for (const reason of ["daily", "manual", "before-migration", "before-restore"]) {
      expect(REASONS[reason]).toBeTruthy();
    }
  });
});
