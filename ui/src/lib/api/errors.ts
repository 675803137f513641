// The one boundary error, as the UI handles it. Match on `kind`, never on message text.
import type { ApiError, ErrorKind } from "../../bindings/commands";

export type { ApiError, ErrorKind };

export const ERROR_KINDS: readonly ErrorKind[] = [
  "invalid_input",
  "not_found",
  "conflict",
  "unauthorized",
  "storage",
  "cancelled",
  "unavailable",
  "locked",
  "internal",
];

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    (ERROR_KINDS as readonly string[]).includes(v.kind) &&
    typeof v.message === "string" &&
    (v.field === undefined || v.field === null || typeof v.field === "string")
  );
}

/** Turns anything a call can reject with into an `ApiError`. */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) {
    const { kind, message, field } = value;
    return field ? { kind, message, field } : { kind, message };
  }
  if (typeof value === "string") {
    // The Tauri shell rejects with a plain string for errors raised before a command runs.
    try {
      const parsed: unknown = JSON.parse(value);
      if (isApiError(parsed)) return toApiError(parsed);
    } catch {
      /* not JSON: the string is the message */
    }
    // Tauri's own message when a request does not deserialize into the command's struct:
    // "invalid args `req` for command `person_create`: missing field `first_name`".
    if (value.startsWith("invalid args")) return { kind: "invalid_input", message: value };
    return { kind: "internal", message: value };
  }
  if (value instanceof Error) return { kind: "internal", message: value.message };
  return { kind: "internal", message: "Something went wrong, and Sphere did not say what." };
}

/** `emails[1]` → `emails`; `first_name` → `first_name`. */
export function baseField(field: string): string {
  const bracket = field.indexOf("[");
  const dot = field.indexOf(".");
  const cut = [bracket, dot].filter((i) => i > 0);
  return cut.length ? field.slice(0, Math.min(...cut)) : field;
}

export interface FormErrors {
  /** Message per form field, keyed by the form's own field names. */
  fields: Record<string, string>;
  /** A message that belongs to no field on the form. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = Object.freeze({ fields: {}, form: null }) as FormErrors;

/**
 * Places a core error on a form: next to the field the core named (`emails[1]` goes to the
 * `emails` field; `aliases` renames core fields such as `organization_id` to the form's
 * `organization`), or at form level when the error names no field the form has.
 */
export function placeError(
  error: ApiError,
  formFields: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): FormErrors {
  if (error.field) {
    const base = baseField(error.field);
    const name = aliases[base] ?? base;
    if (formFields.includes(name)) {
      return { fields: { [name]: error.message }, form: null };
    }
  }
  return { fields: {}, form: error.message };
}
