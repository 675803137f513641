import { describe, expect, it } from "vitest";
import { PAGE_SIZE, personQuery, type ListRequest } from "./filters.svelte";

const base: ListRequest = { search: "", ring: null, organization: null, sort: "name" };

describe("personQuery", () => {
  it("asks for everyone when nothing is chosen", () => {
    expect(personQuery(base, 0)).toEqual({ sort: "name", limit: PAGE_SIZE, offset: 0 });
  });

  it("means by Beyond the people known through someone, and by Not connected those nobody knows yet", () => {
    expect(personQuery({ ...base, ring: "beyond" }, 0)).toMatchObject({ ring: "beyond", connected: true });
    expect(personQuery({ ...base, ring: "unconnected" }, 0)).toMatchObject({ ring: "beyond", connected: false });
  });

  it("leaves connectedness alone for the other rings", () => {
    const q = personQuery({ ...base, ring: "inner" }, 50);
    expect(q).toEqual({ sort: "name", limit: PAGE_SIZE, offset: 50, ring: "inner" });
  });

  it("trims the search and passes the organization", () => {
    expect(personQuery({ ...base, search: "  ada ", organization: 3 }, 0)).toMatchObject({ search: "ada", organization_id: 3 });
  });
});
