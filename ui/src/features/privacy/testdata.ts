// Shared test data for the privacy views (imported by tests only).
import type { FactList, FactView, LintResult, LintWarning, PersonRef } from "../../bindings/commands";

export const rosa: PersonRef = {
  id: 61,
  display_name: "Rosa Abbott",
  title: "Business Systems Analyst",
  organization_name: "Falconer Systems",
  ring: "inner",
};

export function fact(patch: Partial<FactView> & Pick<FactView, "id" | "bin" | "category" | "label">): FactView {
  return {
    person_id: rosa.id,
    rationale: `Why ${patch.label} is ${patch.bin}.`,
    value: "a value",
    source: "",
    learned_on: null,
    told_by: null,
    usable: patch.bin === "fine",
    usable_reason: patch.bin === "never" ? "never used in outreach" : "professional, fine to use (if you witnessed it)",
    value_warning: null,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z",
    ...patch,
  };
}

/** Rosa's facts as the core lists them: never (hidden unless `reveal`), maybe, fine. */
export function rosaFacts(reveal: boolean): FactList {
  const never = [
    fact({ id: 1, bin: "never", category: "children", label: "Children", value: "Emma, plays soccer at Lincoln High", source: "lunch at the summit", learned_on: "2025-03-02" }),
    fact({ id: 2, bin: "never", category: "health", label: "Health", value: "Knee surgery in March" }),
  ].map((f) => (reveal ? f : { ...f, value: null, source: "" }));
  return {
    person: rosa,
    facts: [
      ...never,
      fact({
        id: 3,
        bin: "maybe",
        category: "promotion",
        label: "Promotion",
        value: "Promoted to VP of Operations",
        usable: false,
        usable_reason: "known for 1 year, strength 30% (usable from 2 years and 50%): too early in the relationship",
        told_by: { id: 92, display_name: "Elijah Abbott", title: "", organization_name: null, ring: "inner" },
      }),
      fact({
        id: 4,
        bin: "maybe",
        category: "hobbies",
        label: "Hobbies and sports",
        value: "being treated for cancer",
        value_warning: "the value reads as health (never), more sensitive than its category",
      }),
      fact({ id: 5, bin: "fine", category: "certification", label: "Certifications", value: "PMP, 2023" }),
    ],
    hidden_never: reveal ? 0 : 2,
    relationship: "known for 1 year, strength 30%",
  };
}

export function warning(patch: Partial<LintWarning> & Pick<LintWarning, "start" | "end" | "text">): LintWarning {
  return {
    kind: "fact",
    severity: "remove",
    bin: "never",
    category: "children",
    reason: `“${patch.text}” is one of Rosa's never facts (children).`,
    suggestion: "Remove it.",
    fix: null,
    person: (patch.kind ?? "fact") === "fact" ? "Rosa" : null,
    ...patch,
  };
}

export function lintResult(warnings: LintWarning[], summary = warnings.length ? `${warnings.length} to fix` : "Nothing to fix"): LintResult {
  return { to: rosa, about: [], first_contact: true, warnings, summary };
}
