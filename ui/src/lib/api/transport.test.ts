import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  TOKEN_KEY,
  UNAUTHORIZED_MESSAGE,
  captureToken,
  httpTransport,
  inTauri,
  pickTransport,
  tauriTransport,
} from "./transport";

type Win = Window & { __TAURI_INTERNALS__?: unknown };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

describe("choosing a transport", () => {
  afterEach(() => {
    delete (window as Win).__TAURI_INTERNALS__;
    vi.unstubAllGlobals();
  });

  it("detects the desktop window by __TAURI_INTERNALS__", () => {
    expect(inTauri({})).toBe(false);
    expect(inTauri({ __TAURI_INTERNALS__: {} })).toBe(true);
  });

  it("uses Tauri IPC inside the desktop window, with the request as `req`, and never fetch", async () => {
    const invoke = vi.fn().mockResolvedValue({ items: [], total: 0 });
    (window as Win).__TAURI_INTERNALS__ = { invoke };
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);

    const call = pickTransport(window);
    const page = await call("person_list", { search: "ada" });

    expect(page).toEqual({ items: [], total: 0 });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0]?.[0]).toBe("person_list");
    expect(invoke.mock.calls[0]?.[1]).toEqual({ req: { search: "ada" } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("uses HTTP in a browser, with the token from the address", async () => {
    window.history.replaceState(null, "", "/?token=secret-1#/people");
    const fetchSpy = vi.fn().mockResolvedValue(jsonResponse(200, { items: [], total: 0 }));
    vi.stubGlobal("fetch", fetchSpy);

    const call = pickTransport(window);
    await call("person_list", { search: "ada" });

    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`${window.location.origin}/api/person_list`);
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer secret-1");
    expect(JSON.parse(init.body as string)).toEqual({ search: "ada" });
    expect(window.location.search).toBe("");
    expect(window.location.hash).toBe("#/people");
  });
});

describe("Tauri errors", () => {
  it("passes the core's ApiError through", async () => {
    const error = { kind: "invalid_input", message: "first_name must not be empty", field: "first_name" };
    const call = tauriTransport(async () => vi.fn().mockRejectedValue(error));
    await expect(call("person_create", { first_name: "" })).rejects.toEqual(error);
  });

  it("turns a plain string rejection into an internal error", async () => {
    const call = tauriTransport(async () => vi.fn().mockRejectedValue("command person_nope not found"));
    await expect(call("app_info", {})).rejects.toEqual({
      kind: "internal",
      message: "command person_nope not found",
    });
  });
});

describe("HTTP responses", () => {
  const origin = "http://127.0.0.1:4321";

  it("returns the JSON body of a 2xx answer", async () => {
    const fetch = vi.fn().mockResolvedValue(jsonResponse(200, { id: 7, first_name: "Ada" }));
    const call = httpTransport({ origin, token: () => "t", fetch });
    await expect(call("person_get", { id: 7 })).resolves.toEqual({ id: 7, first_name: "Ada" });
  });

  it("rejects with the ApiError body of a non-2xx answer, field included", async () => {
    const body = { kind: "invalid_input", message: "`x` is not a valid email address", field: "emails[1]" };
    const fetch = vi.fn().mockResolvedValue(jsonResponse(400, body));
    const call = httpTransport({ origin, token: () => "t", fetch });
    await expect(call("person_create", { first_name: "Ada" })).rejects.toEqual(body);
  });

  it("maps 404 with an ApiError body to not_found", async () => {
    const fetch = vi.fn().mockResolvedValue(jsonResponse(404, { kind: "not_found", message: "no person with id 9" }));
    const call = httpTransport({ origin, token: () => "t", fetch });
    await expect(call("person_get", { id: 9 })).rejects.toEqual({ kind: "not_found", message: "no person with id 9" });
  });

  it("maps 401 to unauthorized with a message that says what to do", async () => {
    const fetch = vi.fn().mockResolvedValue(new Response("", { status: 401 }));
    const call = httpTransport({ origin, token: () => null, fetch });
    await expect(call("app_info", {})).rejects.toEqual({ kind: "unauthorized", message: UNAUTHORIZED_MESSAGE });
    const [, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it("maps a failure to connect to an error naming the server", async () => {
    const fetch = vi.fn().mockRejectedValue(new TypeError("Failed to fetch"));
    const call = httpTransport({ origin, token: () => "t", fetch });
    const error = await call("app_info", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "internal" });
    expect((error as { message: string }).message).toContain(`Cannot reach Sphere at ${origin}`);
  });

  it("maps a non-JSON error page to an internal error with the status", async () => {
    const fetch = vi.fn().mockResolvedValue(new Response("<h1>Bad gateway</h1>", { status: 502, statusText: "Bad Gateway" }));
    const call = httpTransport({ origin, token: () => "t", fetch });
    await expect(call("app_info", {})).rejects.toEqual({ kind: "internal", message: "Sphere answered 502 Bad Gateway." });
  });

  it("rejects a 2xx answer that is not JSON", async () => {
    const fetch = vi.fn().mockResolvedValue(new Response("<html>", { status: 200 }));
    const call = httpTransport({ origin, token: () => "t", fetch });
    await expect(call("app_info", {})).rejects.toMatchObject({ kind: "internal" });
  });
});

describe("the unauthorized listener", () => {
  beforeEach(() => {
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("hears every 401, so the app can show its full-page message", async () => {
    const { call, onUnauthorized } = await import("./transport");
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("", { status: 401 })));
    const heard = vi.fn();
    onUnauthorized(heard);
    await expect(call("app_info", {})).rejects.toMatchObject({ kind: "unauthorized" });
    expect(heard).toHaveBeenCalledWith({ kind: "unauthorized", message: UNAUTHORIZED_MESSAGE });
  });
});

describe("captureToken", () => {
  function env(href: string, stored: Record<string, string> = {}) {
    const storage = {
      data: { ...stored },
      removeItem(k: string) {
        delete this.data[k];
      },
    };
    const history = { state: null, replaceState: vi.fn() };
    return { location: { href }, storage, history };
  }

  it("takes a token left in the address out of the address bar, keeping it in memory only", () => {
    const e = env("http://127.0.0.1:7878/?token=XYZ&lang=en#/people/3");
    expect(captureToken(e)).toBe("XYZ");
    expect(e.storage.data[TOKEN_KEY]).toBeUndefined();
    expect(e.history.replaceState).toHaveBeenCalledWith(null, "", "/?lang=en#/people/3");
  });

  it("forgets a token an earlier version kept in session storage", () => {
    const e = env("http://127.0.0.1:7878/#/people", { [TOKEN_KEY]: "KEPT" });
    expect(captureToken(e)).toBeNull();
    expect(e.storage.data[TOKEN_KEY]).toBeUndefined();
    expect(e.history.replaceState).not.toHaveBeenCalled();
  });

  it("returns null without any token (the session cookie does the work)", () => {
    expect(captureToken(env("http://127.0.0.1:7878/"))).toBeNull();
    expect(captureToken({ ...env("http://127.0.0.1:7878/"), storage: null })).toBeNull();
  });
});
