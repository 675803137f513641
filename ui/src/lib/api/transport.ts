// The one module that knows how the UI reaches the core: Tauri IPC inside the desktop window,
// HTTP to `sphere serve` in a browser. Everything else calls `call` (through `client.ts`).
import type { ApiError, CommandName, Commands } from "../../bindings/commands";
import { isApiError, toApiError } from "./errors";

export type Call = <C extends CommandName>(
  cmd: C,
  req: Commands[C]["req"],
) => Promise<Commands[C]["res"]>;

type Invoke = (cmd: string, args: Record<string, unknown>) => Promise<unknown>;

/** True inside the Tauri desktop window. */
export function inTauri(win: object = globalThis): boolean {
  return "__TAURI_INTERNALS__" in win;
}

/** Tauri IPC: every shell command takes one argument named `req`. */
export function tauriTransport(loadInvoke: () => Promise<Invoke> = loadTauriInvoke): Call {
  let invoke: Promise<Invoke> | undefined;
  return async (cmd, req) => {
    invoke ??= loadInvoke();
    try {
      return (await (await invoke)(cmd, { req })) as never;
    } catch (e) {
      throw toApiError(e);
    }
  };
}

async function loadTauriInvoke(): Promise<Invoke> {
  // Lazy, so the browser bundle never needs Tauri.
  const { invoke } = await import("@tauri-apps/api/core");
  return invoke;
}

export const UNAUTHORIZED_MESSAGE =
  "This page needs the link `sphere serve` printed, with its token.";

export interface HttpOptions {
  /** Origin of `sphere serve`, such as `http://127.0.0.1:7878`. */
  origin: string;
  token: () => string | null;
  fetch?: typeof fetch;
}

/** HTTP: `POST /api/<cmd>` with the request as JSON and the token as a bearer token. */
export function httpTransport({ origin, token, fetch: fetchImpl }: HttpOptions): Call {
  return async (cmd, req) => {
    const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    let res: Response;
    try {
      res = await doFetch(`${origin}/api/${cmd}`, {
        method: "POST",
        headers,
        body: JSON.stringify(req ?? {}),
        cache: "no-store",
        // The session cookie `sphere serve` set when the printed link was opened.
        credentials: "same-origin",
      });
    } catch {
      throw {
        kind: "internal",
        message: `Cannot reach Sphere at ${origin}. Is \`sphere serve\` still running?`,
      } satisfies ApiError;
    }
    const body = await readJson(res);
    if (res.ok) {
      if (body === undefined) {
        throw {
          kind: "internal",
          message: `Sphere answered \`${cmd}\` with something that is not JSON.`,
        } satisfies ApiError;
      }
      return body as never;
    }
    throw errorFromResponse(res, body);
  };
}

async function readJson(res: Response): Promise<unknown> {
  try {
    const text = await res.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function errorFromResponse(res: Response, body: unknown): ApiError {
  if (res.status === 401) {
    return { kind: "unauthorized", message: UNAUTHORIZED_MESSAGE };
  }
  if (isApiError(body)) return toApiError(body);
  const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
  switch (res.status) {
    case 400:
    case 422:
      return { kind: "invalid_input", message: `Sphere rejected the request (${status}).` };
    case 404:
      return { kind: "not_found", message: `Sphere does not know this request (${status}).` };
    case 409:
      return { kind: "conflict", message: `The request conflicts with what is stored (${status}).` };
    case 413:
      return { kind: "invalid_input", message: `The request is too large for \`sphere serve\` (${status}).` };
    default:
      return { kind: "internal", message: `Sphere answered ${status}.` };
  }
}

// ---- The page's token (browser mode) ------------------------------------------------------

/** Where earlier versions kept the token; cleared so it does not linger in the tab. */
export const TOKEN_KEY = "sphere.token";

interface TokenEnv {
  location: Pick<Location, "href">;
  storage: Pick<Storage, "removeItem"> | null;
  history: Pick<History, "replaceState" | "state">;
}

/**
 * `sphere serve` swaps the token of the link it printed for an `HttpOnly` session cookie
 * before the page loads, so the page normally never sees a token: requests carry the cookie.
 * A token still in the address (the Vite dev server, which proxies only `/api`) is taken out
 * of the address bar and kept in memory only, never in storage.
 */
export function captureToken(env: TokenEnv): string | null {
  try {
    env.storage?.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: nothing kept there */
  }
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get("token");
  if (!fromUrl) return null;
  url.searchParams.delete("token");
  env.history.replaceState(env.history.state, "", url.pathname + url.search + url.hash);
  return fromUrl;
}

// ---- The transport this page uses --------------------------------------------------------

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the core answers `unauthorized`; returns an unsubscribe function. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type LockedListener = (error: ApiError) => void;
const lockedListeners = new Set<LockedListener>();

/** Called whenever the core answers `locked` (an encrypted database not unlocked yet, or
 * locked while idle); returns an unsubscribe function. */
export function onLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

/** Picks Tauri IPC inside the desktop window, HTTP otherwise. */
export function pickTransport(win: Window = window): Call {
  if (inTauri(win)) return tauriTransport();
  let token: string | null = null;
  try {
    token = captureToken({
      location: win.location,
      storage: safeSessionStorage(win),
      history: win.history,
    });
  } catch {
    token = null;
  }
  return httpTransport({ origin: win.location.origin, token: () => token });
}

function safeSessionStorage(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

let active: Call | undefined;

/** Chooses the transport now (at start-up, so the token leaves the address bar at once). */
export function initTransport(win: Window = window): void {
  active ??= pickTransport(win);
}

/** Calls a core command. Rejects with an `ApiError`. */
export const call: Call = async (cmd, req) => {
  active ??= pickTransport();
  try {
    return await active(cmd, req);
  } catch (e) {
    const error = toApiError(e);
    if (error.kind === "unauthorized") unauthorizedListeners.forEach((l) => l(error));
    if (error.kind === "locked") lockedListeners.forEach((l) => l(error));
    throw error;
  }
};
