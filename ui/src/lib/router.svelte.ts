// Hash routing (`#/today` — the default —, `#/today?view=keep`, `#/people`, `#/people/12`,
// `#/organizations`, `#/paths?person=12`, `#/paths?organization=3&from=4`, `#/sphere?path=1,35,34`,
// `#/sphere?highlight=12,40&pairs=12-40,77-90`, `#/settings`, `#/settings/team`, `#/import`, `#/requests`,
// `#/requests/4`, `#/requests?view=sources`, `#/sources`, `#/introductions`, `#/coverage`,
// `#/coverage?owner=3&tier=1&verdict=no_path&member=5`, `#/accounts/7`): works from Tauri's custom protocol and from
// `sphere serve` alike, with no server-side fallbacks.

import type { Verdict } from "../bindings/commands";

export type Route =
  /** The day's list (the app opens here), keeping in touch (`view=keep`) or network health. */
  | { name: "today"; view?: "keep" | "health" }
  | { name: "people"; organization?: number }
  | { name: "person"; id: number }
  /** `import`: with the target list import open. */
  | { name: "organizations"; import?: boolean }
  /** Warm paths, with the target chosen in advance (from a person page or an organization). */
  | { name: "paths"; person?: number; organization?: number; from?: number }
  /**
   * The sphere view; `path` highlights a warm path (people from the start to the target),
   * `highlight` people (Today's items), `pairs` suggested introductions (a dashed line each).
   */
  | { name: "sphere"; path?: readonly number[]; highlight?: readonly number[]; pairs?: readonly (readonly [number, number])[] }
  /** Settings; `section: "team"` opens Settings → Team. */
  | { name: "settings"; section?: "team" }
  /** Referral requests: the funnel and the list, one request (`id`), or the referral sources. */
  | { name: "requests"; id?: number; view?: "sources" }
  /** Importing an address book (LinkedIn, Google, Outlook CSV, vCard). */
  | { name: "import" }
  /** The sources capture reads: mail and calendar files, connected accounts. */
  | { name: "sources" }
  /** Introductions you could make between two of your contacts. */
  | { name: "introductions" }
  /** The manager's review: target accounts × team members, filtered as the query says. */
  | { name: "coverage"; owner?: number; tier?: number; verdict?: Verdict; member?: number }
  /** One target account (by its organization's id). */
  | { name: "account"; id: number }
  | { name: "not_found"; path: string };

const VERDICTS: readonly Verdict[] = ["multi_threaded", "single_threaded_theirs", "single_threaded_ours", "no_thread", "no_path", "unknown"];

function positiveInt(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * A member id on the coverage page: a person's id (positive), or in team mode a member who has
 * not shared their own person yet (negative, as the team server's report gives it); never 0.
 */
function memberId(value: string | null | undefined): number | undefined {
  if (!value || !/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n !== 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const segments = pathPart.split("/").filter(Boolean);
  const query = new URLSearchParams(queryPart);
  const [first, second, ...rest] = segments;
  if (first === undefined) return { name: "today" };
  if (first === "today" && second === undefined) {
    const view = query.get("view");
    return view === "keep" || view === "health" ? { name: "today", view } : { name: "today" };
  }
  if (first === "people" && rest.length === 0) {
    if (second === undefined) {
      const organization = positiveInt(query.get("organization"));
      return organization ? { name: "people", organization } : { name: "people" };
    }
    const id = positiveInt(second);
    if (id) return { name: "person", id };
  }
  if (first === "organizations" && second === undefined) {
    return query.get("import") === "1" ? { name: "organizations", import: true } : { name: "organizations" };
  }
  if (first === "paths" && second === undefined) {
    const person = positiveInt(query.get("person"));
    if (person) return { name: "paths", person };
    const organization = positiveInt(query.get("organization"));
    const from = positiveInt(query.get("from"));
    if (!organization) return { name: "paths" };
    return from ? { name: "paths", organization, from } : { name: "paths", organization };
  }
  if (first === "sphere" && second === undefined) {
    const ids = (query.get("path") ?? "").split(",").map(positiveInt);
    const path = ids.every((id) => id !== undefined) && ids.length >= 2 ? (ids as number[]) : undefined;
    // Highlights keep what they can read: a malformed entry is dropped, not the whole list.
    const highlight = [...new Set((query.get("highlight") ?? "").split(",").map(positiveInt))].filter((id) => id !== undefined);
    const pairs: [number, number][] = [];
    const seen = new Set<string>();
    for (const part of (query.get("pairs") ?? "").split(",")) {
      const m = /^(\d+)-(\d+)$/.exec(part.trim());
      const a = positiveInt(m?.[1]);
      const b = positiveInt(m?.[2]);
      if (a === undefined || b === undefined || a === b) continue;
      const key = a < b ? `${a}-${b}` : `${b}-${a}`;
      if (!seen.has(key)) pairs.push([a, b]);
      seen.add(key);
    }
    return {
      name: "sphere",
      ...(path ? { path } : {}),
      ...(highlight.length ? { highlight } : {}),
      ...(pairs.length ? { pairs } : {}),
    };
  }
  if (first === "settings" && rest.length === 0) {
    if (second === undefined) return { name: "settings" };
    if (second === "team") return { name: "settings", section: "team" };
  }
  if (first === "requests" && rest.length === 0) {
    if (second === undefined) return query.get("view") === "sources" ? { name: "requests", view: "sources" } : { name: "requests" };
    const id = positiveInt(second);
    if (id) return { name: "requests", id };
  }
  if (first === "import" && second === undefined) return { name: "import" };
  if (first === "sources" && second === undefined) return { name: "sources" };
  if (first === "introductions" && second === undefined) return { name: "introductions" };
  if (first === "coverage" && second === undefined) {
    const owner = memberId(query.get("owner"));
    const tier = positiveInt(query.get("tier"));
    const verdict = VERDICTS.find((v) => v === query.get("verdict"));
    const member = memberId(query.get("member"));
    return {
      name: "coverage",
      ...(owner ? { owner } : {}),
      ...(tier && tier <= 3 ? { tier } : {}),
      ...(verdict ? { verdict } : {}),
      ...(member ? { member } : {}),
    };
  }
  if (first === "accounts" && second !== undefined && rest.length === 0) {
    const id = positiveInt(second);
    if (id) return { name: "account", id };
  }
  return { name: "not_found", path: `/${segments.join("/")}` };
}

export function href(route: Route): string {
  switch (route.name) {
    case "today":
      return route.view ? `#/today?view=${route.view}` : "#/today";
    case "people":
      return route.organization ? `#/people?organization=${route.organization}` : "#/people";
    case "person":
      return `#/people/${route.id}`;
    case "organizations":
      return route.import ? "#/organizations?import=1" : "#/organizations";
    case "paths":
      if (route.person) return `#/paths?person=${route.person}`;
      if (!route.organization) return "#/paths";
      return route.from ? `#/paths?organization=${route.organization}&from=${route.from}` : `#/paths?organization=${route.organization}`;
    case "sphere":
    {
      const query = [
        route.path?.length ? `path=${route.path.join(",")}` : "",
        route.highlight?.length ? `highlight=${route.highlight.join(",")}` : "",
        route.pairs?.length ? `pairs=${route.pairs.map(([a, b]) => `${a}-${b}`).join(",")}` : "",
      ].filter(Boolean);
      return query.length ? `#/sphere?${query.join("&")}` : "#/sphere";
    }
    case "settings":
      return route.section ? `#/settings/${route.section}` : "#/settings";
    case "requests":
      if (route.id) return `#/requests/${route.id}`;
      return route.view === "sources" ? "#/requests?view=sources" : "#/requests";
    case "import":
      return "#/import";
    case "sources":
      return "#/sources";
    case "introductions":
      return "#/introductions";
    case "coverage": {
      const query = [
        route.owner ? `owner=${route.owner}` : "",
        route.tier ? `tier=${route.tier}` : "",
        route.verdict ? `verdict=${route.verdict}` : "",
        route.member ? `member=${route.member}` : "",
      ].filter(Boolean);
      return query.length ? `#/coverage?${query.join("&")}` : "#/coverage";
    }
    case "account":
      return `#/accounts/${route.id}`;
    case "not_found":
      return `#${route.path}`;
  }
}

class Router {
  route: Route = $state({ name: "today" });

  constructor() {
    if (typeof window === "undefined") return;
    this.route = parseRoute(window.location.hash);
    window.addEventListener("hashchange", () => {
      this.route = parseRoute(window.location.hash);
    });
  }

  navigate(route: Route): void {
    const target = href(route);
    if (window.location.hash === target) {
      this.route = parseRoute(target);
    } else {
      window.location.hash = target;
    }
  }
}

export const router = new Router();
