// The people list's search, ring filter and order. Module state, so they survive a visit to a
// person's page and back. (The organization filter lives in the address: `#/people?organization=12`.)
import type { PersonQuery, PersonSort } from "../../bindings/commands";
import type { RingChoice } from "../../lib/domain";

export const PAGE_SIZE = 50;

export const filters = $state({
  search: "",
  ring: null as RingChoice | null,
  sort: "name" as PersonSort,
});

export interface ListRequest {
  search: string;
  ring: RingChoice | null;
  organization: number | null;
  sort: PersonSort;
}

/** The `person_list` request for a list request and an offset. */
export function personQuery(r: ListRequest, offset: number): PersonQuery {
  const q: PersonQuery = { sort: r.sort, limit: PAGE_SIZE, offset };
  const search = r.search.trim();
  if (search) q.search = search;
  // Beyond means known through someone; the beyond ring's people nobody knows yet are "not connected".
  if (r.ring === "unconnected") {
    q.ring = "beyond";
    q.connected = false;
  } else if (r.ring === "beyond") {
    q.ring = "beyond";
    q.connected = true;
  } else if (r.ring) {
    q.ring = r.ring;
  }
  if (r.organization) q.organization_id = r.organization;
  return q;
}
