import { describe, expect, it } from "vitest";
import { baseField, placeError, toApiError } from "./errors";

describe("placeError", () => {
  const fields = ["first_name", "emails", "organization"] as const;

  it("puts an error next to the field the core names", () => {
    expect(placeError({ kind: "invalid_input", message: "first_name must not be empty", field: "first_name" }, fields)).toEqual({
      fields: { first_name: "first_name must not be empty" },
      form: null,
    });
  });

  it("maps an indexed field such as emails[1] to its list field", () => {
    const placed = placeError({ kind: "invalid_input", message: "`x` is not a valid email address", field: "emails[1]" }, fields);
    expect(placed.fields).toEqual({ emails: "`x` is not a valid email address" });
    expect(placed.form).toBeNull();
  });

  it("renames core fields the form calls differently", () => {
    const placed = placeError({ kind: "invalid_input", message: "bad id", field: "organization_id" }, fields, {
      organization_id: "organization",
    });
    expect(placed.fields).toEqual({ organization: "bad id" });
  });

  it("shows errors without a field, or with a field the form lacks, at form level", () => {
    expect(placeError({ kind: "conflict", message: "already the centre" }, fields)).toEqual({
      fields: {},
      form: "already the centre",
    });
    expect(placeError({ kind: "invalid_input", message: "odd", field: "search" }, fields)).toEqual({
      fields: {},
      form: "odd",
    });
  });
});

describe("baseField", () => {
  it("strips list indexes", () => {
    expect(baseField("emails[1]")).toBe("emails");
    expect(baseField("participants[0]")).toBe("participants");
    expect(baseField("first_name")).toBe("first_name");
  });
});

describe("toApiError", () => {
  it("keeps ApiErrors, without extra keys", () => {
    expect(toApiError({ kind: "not_found", message: "gone", extra: 1 })).toEqual({ kind: "not_found", message: "gone" });
  });

  it("keeps a cancelled job's error as cancelled (the import screen says nothing was written)", () => {
    const cancelled = { kind: "cancelled", message: "the import was cancelled; nothing was written" };
    expect(toApiError(cancelled)).toEqual(cancelled);
    expect(toApiError(JSON.stringify(cancelled))).toEqual(cancelled);
  });

  it("turns other failures into internal errors", () => {
    expect(toApiError(new Error("boom"))).toEqual({ kind: "internal", message: "boom" });
    expect(toApiError({ kind: "weird", message: "x" })).toMatchObject({ kind: "internal" });
    expect(toApiError('{"kind":"storage","message":"disk full"}')).toEqual({ kind: "storage", message: "disk full" });
  });

  it("reads Tauri's argument errors as invalid input", () => {
    const message = "invalid args `req` for command `person_create`: missing field `first_name`";
    expect(toApiError(message)).toEqual({ kind: "invalid_input", message });
  });
});
