// Turning a warm path and its (edited) draft into a referral request (`ask_create`): the
// subject and body read back from the draft text, the backup connectors taken from the other
// paths of the same result, the target the paths were searched for.
import type { AskInput, AskMode, WarmPath } from "../../bindings/commands";

/** A request asks at most this many connectors (the chosen one and two backups). */
export const MAX_CONNECTORS = 3;

/**
 * The subject and body of a draft as the editor holds it ("Subject: …", a blank line, the
 * body). Text without a subject line is all body, under `fallbackSubject`.
 */
export function splitDraft(text: string, fallbackSubject = ""): { subject: string; body: string } {
  const m = /^\s*Subject:[ \t]*(.*)(?:\r?\n|$)/i.exec(text);
  if (!m) return { subject: fallbackSubject, body: text.trim() };
  const subject = (m[1] ?? "").trim() || fallbackSubject;
  return { subject, body: text.slice(m[0].length).replace(/^\s*\n/, "").trim() };
}

/** The first connector of a path (whom its draft writes to), or `null` for a direct path. */
export function firstConnector(path: WarmPath): number | null {
  return path.draft?.connector.id ?? null;
}

/** Who asks on a path: the person just before its first connector. */
export function askerOf(path: WarmPath): number | null {
  const c = firstConnector(path);
  if (c === null) return null;
  const i = path.people.findIndex((p) => p.id === c);
  return i > 0 ? (path.people[i - 1]?.id ?? null) : null;
}

/**
 * Up to two backup paths for `chosen`, best first: other paths of the same result, asked by the
 * same person, each starting with a first connector no earlier path starts with.
 */
export function backupPaths(paths: readonly WarmPath[], chosen: WarmPath, max = MAX_CONNECTORS - 1): WarmPath[] {
  const asker = askerOf(chosen);
  const seen = new Set<number>();
  const first = firstConnector(chosen);
  if (first === null || asker === null) return [];
  seen.add(first);
  const out: WarmPath[] = [];
  for (const p of [...paths].sort((a, b) => a.rank - b.rank)) {
    if (out.length >= max) break;
    if (p === chosen || p.rank === chosen.rank) continue;
    const c = firstConnector(p);
    if (c === null || seen.has(c) || askerOf(p) !== asker) continue;
    seen.add(c);
    out.push(p);
  }
  return out;
}

export type AskTarget = { kind: "person"; id: number } | { kind: "organization"; id: number; title: string };

export interface AskForm {
  subject: string;
  body: string;
  mode: AskMode;
  why_target: string;
  why_now: string;
}

/** The `ask_create` request: the chosen path first, then its backups. */
export function buildAskInput(target: AskTarget, chosen: WarmPath, backups: readonly WarmPath[], form: AskForm, send: boolean): AskInput {
  const input: AskInput = {
    paths: [chosen, ...backups].map((p) => p.people.map((x) => x.id)),
    subject: form.subject.trim(),
    message: form.body.trim(),
    mode: form.mode,
    send,
  };
  if (target.kind === "person") input.target_person = target.id;
  else {
    input.target_organization = target.id;
    if (target.title.trim()) input.title = target.title.trim();
  }
  if (form.why_target.trim()) input.why_target = form.why_target.trim();
  if (form.why_now.trim()) input.why_now = form.why_now.trim();
  return input;
}
