// The Warm paths form: its values, the `path_find` request they make, where the core's errors
// go, and what to suggest when nothing is found. Validation is the core's.
import type { ApiError, PathQuery, PathResult, PersonRef } from "../../bindings/commands";
import { placeError, type FormErrors } from "../../lib/api/errors";

export type Target =
  | { kind: "person"; person: PersonRef }
  | { kind: "organization"; id: number; name: string; people: number };

/** Where paths start: the user, one team member, or the user and the whole team. */
export type From = "me" | "member" | "team";

export interface PathForm {
  target: Target | null;
  /** Title phrases, comma-separated (organizations only). */
  title: string;
  from: From;
  /** The team member, when `from` is "member". */
  member: number | null;
  k: number;
  max_hops: number;
  /** People never to ask. */
  exclude: PersonRef[];
  first_hop_mine: boolean;
  ask_penalty: boolean;
}

export const DEFAULT_K = 5;
export const DEFAULT_MAX_HOPS = 3;
export const MAX_HOPS = 5;
export const K_CHOICES = [3, 5, 10, 20] as const;

export function emptyPathForm(): PathForm {
  return {
    target: null,
    title: "",
    from: "me",
    member: null,
    k: DEFAULT_K,
    max_hops: DEFAULT_MAX_HOPS,
    exclude: [],
    first_hop_mine: false,
    ask_penalty: true,
  };
}

/** "My relationships first" starts paths at the user, so it goes with "from me" only. */
export function firstHopAllowed(form: Pick<PathForm, "from">): boolean {
  return form.from === "me";
}

/** The `path_find` request for the form; `null` until a target is chosen. */
export function buildPathQuery(form: PathForm): PathQuery | null {
  const { target } = form;
  if (!target) return null;
  const q: PathQuery = { k: form.k, max_hops: form.max_hops, ask_penalty: form.ask_penalty };
  if (target.kind === "person") {
    q.to_person = target.person.id;
  } else {
    q.to_organization = target.id;
    const title = form.title
      .split(/[,;]/)
      .map((w) => w.trim())
      .filter(Boolean)
      .join(", ");
    if (title) q.title = title;
  }
  if (form.from === "member" && form.member !== null) q.from_person = form.member;
  if (form.from === "team") q.from_team = true;
  if (form.exclude.length) q.exclude = form.exclude.map((p) => p.id);
  if (form.first_hop_mine && firstHopAllowed(form)) q.first_hop_mine = true;
  return q;
}

/** The form's fields, as `data-field` names them. */
export const PATH_FIELDS = ["target", "title", "from", "k", "max_hops", "exclude", "first_hop_mine"] as const;

/** The core's field names for the form's. */
const ALIASES: Readonly<Record<string, string>> = {
  to_person: "target",
  to_organization: "target",
  from_person: "from",
  from_team: "from",
};

/** Places a `path_find` error next to the field it names, or above the form. */
export function placePathError(error: ApiError): FormErrors {
  return placeError(error, PATH_FIELDS, ALIASES);
}

/** A stable key for a path (its people), so edits to its draft survive a new search. */
export function pathKey(path: { people: readonly { id: number }[] }): string {
  return path.people.map((p) => p.id).join("-");
}

export type Suggestion = "more_hops" | "whole_team" | "clear_exclusions" | "any_title";

export interface NoPaths {
  /** `no_targets`: nobody matches the target (an organization and its title filter). */
  reason: "no_targets" | "no_paths";
  suggestions: Suggestion[];
}

/** Why a search found no path, and which changes to the form could find one. */
export function whyNoPaths(result: PathResult, form: PathForm, teamSize: number): NoPaths | null {
  if (result.paths.length > 0) return null;
  if (result.target_count === 0) {
    const titled = form.target?.kind === "organization" && form.title.trim() !== "";
    return { reason: "no_targets", suggestions: titled ? ["any_title"] : [] };
  }
  const suggestions: Suggestion[] = [];
  if (form.max_hops < MAX_HOPS) suggestions.push("more_hops");
  if (form.from !== "team" && teamSize > 0) suggestions.push("whole_team");
  if (form.exclude.length > 0) suggestions.push("clear_exclusions");
  return { reason: "no_paths", suggestions };
}
