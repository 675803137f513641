// The domain's vocabularies, with the words and colours the UI gives them.
import type { InteractionKind, Outcome, PersonSort, Ring, TieKind } from "../bindings/commands";

export interface RingInfo {
  value: Ring;
  label: string;
  hint: string;
}

/** From the centre outwards. Colours live in the CSS as `--ring-<value>`. */
export const RINGS: readonly RingInfo[] = [
  { value: "centre", label: "Centre", hint: "You, the person the sphere is drawn around" },
  { value: "inner", label: "Inner", hint: "Active customers and clients" },
  { value: "outer", label: "Outer", hint: "Friends, colleagues, partners, prospects who pay attention" },
  { value: "beyond", label: "Beyond", hint: "Known only through someone else" },
];

/** How a person in the beyond ring with no relationship at all is called: beyond means known
 * through someone, and nobody knows them yet. */
export const UNCONNECTED = {
  value: "beyond",
  label: "Not connected",
  hint: "No relationship with anyone yet: add one, or log an interaction with them",
} as const satisfies RingInfo;

/** The people list's ring filter: a ring, or the people of the beyond ring nobody knows yet. */
export type RingChoice = Ring | "unconnected";

export const RING_CHOICES: readonly (Omit<RingInfo, "value"> & { value: RingChoice })[] = [
  ...RINGS,
  { value: "unconnected", label: UNCONNECTED.label, hint: UNCONNECTED.hint },
];

export function ringLabel(ring: Ring): string {
  return RINGS.find((r) => r.value === ring)?.label ?? ring;
}

export const TIE_KINDS: readonly { value: TieKind; label: string }[] = [
  { value: "colleague", label: "Colleague" },
  { value: "former_colleague", label: "Former colleague" },
  { value: "client", label: "Client" },
  { value: "partner", label: "Partner" },
  { value: "friend", label: "Friend" },
  { value: "family", label: "Family" },
  { value: "mentor", label: "Mentor" },
  { value: "investor", label: "Investor" },
  { value: "acquaintance", label: "Acquaintance" },
];

export const INTERACTION_KINDS: readonly { value: InteractionKind; label: string }[] = [
  { value: "meeting", label: "Meeting" },
  { value: "call", label: "Call" },
  { value: "meal", label: "Meal" },
  { value: "email", label: "Email" },
  { value: "message", label: "Message" },
  { value: "event", label: "Event" },
  { value: "intro", label: "Introduction" },
  { value: "intro_request", label: "Introduction request" },
];

export const OUTCOMES: readonly { value: Outcome; label: string }[] = [
  { value: "advance", label: "Advance" },
  { value: "continuation", label: "Continuation" },
  { value: "order", label: "Order" },
  { value: "no_sale", label: "No sale" },
];

export const SORTS: readonly { value: PersonSort; label: string }[] = [
  { value: "name", label: "Name" },
  { value: "last_contact", label: "Last contact" },
  { value: "organization", label: "Organization" },
  { value: "ring", label: "Ring" },
  { value: "updated", label: "Recently updated" },
];

export function labelOf<T extends string>(list: readonly { value: T; label: string }[], value: T): string {
  return list.find((x) => x.value === value)?.label ?? value;
}
