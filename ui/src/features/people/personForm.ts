// The person form's values and how they become a `PersonInput` (and back). Validation is the
// core's: this only splits lists and places the core's errors on the form's fields.
import type { ApiError, Person, PersonInput, Ring } from "../../bindings/commands";
import { placeError, type FormErrors } from "../../lib/api/errors";

export interface PersonFormValues {
  first_name: string;
  last_name: string;
  /** One per line or separated by commas. */
  emails: string;
  phones: string;
  title: string;
  organization: number | null;
  /** A ring chosen by hand, or "auto" to let Sphere derive it from the relationships. */
  ring: Ring | "auto";
  /** A colleague of the user: their relationships count as the team's. */
  is_team: boolean;
  /** Separated by commas or lines. */
  tags: string;
  notes: string;
}

/** The form's fields, as `data-field` and `field-<name>` test ids name them. */
export const PERSON_FIELDS = [
  "first_name",
  "last_name",
  "emails",
  "phones",
  "title",
  "organization",
  "ring",
  "is_team",
  "tags",
  "notes",
] as const;

export type PersonField = (typeof PERSON_FIELDS)[number];

/** Core field names that the form calls differently. */
const ALIASES: Readonly<Record<string, PersonField>> = { organization_id: "organization" };

/** Splits "a@x.com, b@y.com\nc@z.com" into entries; blank entries are dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function emptyPersonForm(): PersonFormValues {
  return {
    first_name: "",
    last_name: "",
    emails: "",
    phones: "",
    title: "",
    organization: null,
    ring: "auto",
    is_team: false,
    tags: "",
    notes: "",
  };
}

export function personToForm(person: Person): PersonFormValues {
  return {
    first_name: person.first_name,
    last_name: person.last_name,
    emails: person.emails.join("\n"),
    phones: person.phones.join("\n"),
    title: person.title,
    organization: person.organization_id,
    ring: person.ring_pinned ? person.ring : "auto",
    is_team: person.is_team,
    tags: person.tags.join(", "),
    notes: person.notes,
  };
}

export function formToInput(values: PersonFormValues): PersonInput {
  return {
    first_name: values.first_name,
    last_name: values.last_name,
    emails: splitList(values.emails),
    phones: splitList(values.phones),
    title: values.title,
    organization_id: values.organization,
    ...(values.ring === "auto" ? {} : { ring: values.ring }),
    is_team: values.is_team,
    tags: splitList(values.tags),
    notes: values.notes,
  };
}

/** Puts the core's error next to the field it names (`emails[1]` → emails). */
export function placePersonError(error: ApiError): FormErrors {
  return placeError(error, PERSON_FIELDS, ALIASES);
}
