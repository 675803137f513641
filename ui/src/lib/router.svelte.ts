// Hash routing (`#/people`, `#/people/12`, `#/organizations`): works from Tauri's custom
// protocol and from `sphere serve` alike, with no server-side fallbacks.

export type Route =
  | { name: "people"; organization?: number }
  | { name: "person"; id: number }
  | { name: "organizations" }
  | { name: "not_found"; path: string };

function positiveInt(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [pathPart = "", queryPart = ""] = raw.split("?", 2);
  const segments = pathPart.split("/").filter(Boolean);
  const query = new URLSearchParams(queryPart);
  const [first, second, ...rest] = segments;
  if (first === undefined) return { name: "people" };
  if (first === "people" && rest.length === 0) {
    if (second === undefined) {
      const organization = positiveInt(query.get("organization"));
      return organization ? { name: "people", organization } : { name: "people" };
    }
    const id = positiveInt(second);
    if (id) return { name: "person", id };
  }
  if (first === "organizations" && second === undefined) return { name: "organizations" };
  return { name: "not_found", path: `/${segments.join("/")}` };
}

export function href(route: Route): string {
  switch (route.name) {
    case "people":
      return route.organization ? `#/people?organization=${route.organization}` : "#/people";
    case "person":
      return `#/people/${route.id}`;
    case "organizations":
      return "#/organizations";
    case "not_found":
      return `#${route.path}`;
  }
}

class Router {
  route: Route = $state({ name: "people" });

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
