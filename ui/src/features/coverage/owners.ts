// Who may own a target account (and whose coverage the grid can show alone): the user first,
// then the team members by name, each once.
import type { PersonRef, TeamMember } from "../../bindings/commands";
import { client } from "../../lib/api/client";

export interface Owner {
  id: number;
  /** "You" for the user, else their name. */
  label: string;
  you: boolean;
}

export function ownerChoices(me: Pick<PersonRef, "id" | "display_name"> | null, team: readonly PersonRef[]): Owner[] {
  const others = team
    .filter((p) => p.id !== me?.id)
    .sort((a, b) => a.display_name.localeCompare(b.display_name, "en", { sensitivity: "base" }) || a.id - b.id)
    .map((p) => ({ id: p.id, label: p.display_name, you: false }));
  return me ? [{ id: me.id, label: "You", you: true }, ...others] : others;
}

/** Owners and members from a report's own columns (the team server's ids, in team mode). */
export function reportChoices(members: readonly TeamMember[]): Owner[] {
  const me = members.find((m) => m.you)?.person ?? null;
  return ownerChoices(me, members.filter((m) => !m.you).map((m) => m.person));
}

/** The team as the core knows it (`team_list`), without the user. */
export function loadTeam(): Promise<PersonRef[]> {
  return client.team_list({});
}
