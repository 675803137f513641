import { describe, expect, it } from "vitest";
import type { Person } from "../../bindings/commands";
import { emptyPersonForm, formToInput, personToForm, placePersonError, splitList } from "./personForm";

describe("splitList", () => {
  it("splits emails on lines and commas, trimming and dropping blanks", () => {
    expect(splitList("ada@example.com, ada@work.org\n\n  charles@example.com  ,")).toEqual([
      "ada@example.com",
      "ada@work.org",
      "charles@example.com",
    ]);
  });

  it("splits tags the same way", () => {
    expect(splitList("investor,  fintech ,\nboard")).toEqual(["investor", "fintech", "board"]);
    expect(splitList("   ")).toEqual([]);
  });
});

describe("formToInput", () => {
  it("turns the form into the core's PersonInput", () => {
    const values = {
      ...emptyPersonForm(),
      first_name: " Ada ",
      last_name: "Lovelace",
      emails: "ada@example.com\nada@analytical.org",
      phones: "+44 20 7946 0958",
      organization: 3,
      ring: "inner" as const,
      tags: "mathematics, engines",
    };
    expect(formToInput(values)).toEqual({
      first_name: " Ada ",
      last_name: "Lovelace",
      emails: ["ada@example.com", "ada@analytical.org"],
      phones: ["+44 20 7946 0958"],
      title: "",
      organization_id: 3,
      ring: "inner",
      is_team: false,
      tags: ["mathematics", "engines"],
      notes: "",
    });
  });

  it("sends no organization as null, so editing can clear it", () => {
    expect(formToInput(emptyPersonForm()).organization_id).toBeNull();
  });

  it("round-trips a stored person", () => {
    const person: Person = {
      id: 1,
      first_name: "Ada",
      last_name: "Lovelace",
      display_name: "Ada Lovelace",
      emails: ["ada@example.com", "ada@work.org"],
      phones: [],
      title: "Analyst",
      organization_id: null,
      ring: "outer",
      ring_pinned: false,
      is_team: true,
      tags: ["maths", "engines"],
      notes: "Met at the Royal Society",
      created_at: "2025-01-01T00:00:00Z",
      updated_at: "2025-01-01T00:00:00Z",
    };
    const input = formToInput(personToForm(person));
    expect(input.emails).toEqual(person.emails);
    expect(input.tags).toEqual(person.tags);
    expect(input.notes).toBe(person.notes);
    expect(input.is_team).toBe(true);
    expect("ring" in input).toBe(false);
  });

  it("leaves a derived ring to Sphere and keeps a ring chosen by hand", () => {
    expect("ring" in formToInput(emptyPersonForm())).toBe(false);
    expect(formToInput({ ...emptyPersonForm(), ring: "beyond" }).ring).toBe("beyond");
  });
});

describe("placePersonError", () => {
  it("maps the core's field names to the form's", () => {
    expect(placePersonError({ kind: "invalid_input", message: "m", field: "emails[1]" }).fields).toEqual({ emails: "m" });
    expect(placePersonError({ kind: "not_found", message: "no organization with id 9", field: "organization_id" }).fields).toEqual({
      organization: "no organization with id 9",
    });
    expect(placePersonError({ kind: "conflict", message: "only one centre" }).form).toBe("only one centre");
  });
});
