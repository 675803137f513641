// What the import screens send to the core, built from what the user picked and decided. Pure
// functions, so the rules (which lines merge, which full names count) are tested on their own.
import type { Format, ImportFileRequest, ImportPreview, Progress } from "../../bindings/commands";

/** The file as read in the browser: its name and bytes. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** What the user decided on the preview. */
export interface ImportChoices {
  /** Forced format; `"auto"` lets the core detect it from the contents. */
  format: Format | "auto";
  /** The team member whose export this is; `null` for the user (the centre). */
  member: number | null;
  /** Full names typed per abbreviated organization name (as written in the file). */
  orgNames: Readonly<Record<string, string>>;
  /** Lines of the likely duplicates the user chose to merge. */
  merges: ReadonlySet<number>;
}

export function emptyChoices(): ImportChoices {
  return { format: "auto", member: null, orgNames: {}, merges: new Set() };
}

export const FORMATS: readonly { value: Format | "auto"; label: string }[] = [
  { value: "auto", label: "Detect from the file" },
  { value: "linkedin", label: "LinkedIn connections (CSV)" },
  { value: "google", label: "Google Contacts (CSV)" },
  { value: "outlook", label: "Outlook contacts (CSV)" },
  { value: "vcard", label: "vCard (.vcf)" },
];

export function formatLabel(format: Format): string {
  return FORMATS.find((f) => f.value === format)?.label ?? format;
}

/** The file types the picker offers (any file can still be dropped). */
export const ACCEPT = ".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard";

const CHUNK = 0x8000;

/** Standard base64 (with padding) of raw bytes, as the core expects `data`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Reads a picked or dropped file as bytes. */
export async function readPicked(file: Blob & { name: string }): Promise<PickedFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * The full names worth sending: trimmed, not empty, and not just the abbreviation again
 * (which would tell the core nothing).
 */
export function orgNamesToSend(orgNames: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, full] of Object.entries(orgNames)) {
    const written = full.trim().replace(/\s+/g, " ");
    if (written && written !== name.trim()) out[name] = written;
  }
  return out;
}

/**
 * The request for `import_preview` (no `job`) or `import_commit` (with one). Optional fields
 * are left out when they say nothing, so the core's defaults apply.
 */
export function buildImportRequest(
  file: { name: string; data: string },
  choices: ImportChoices,
  job?: string,
): ImportFileRequest {
  const req: ImportFileRequest = { file_name: file.name, data: file.data };
  if (choices.format !== "auto") req.format = choices.format;
  if (choices.member !== null) req.as_member = choices.member;
  const orgNames = orgNamesToSend(choices.orgNames);
  if (Object.keys(orgNames).length) req.org_names = orgNames;
  if (choices.merges.size) req.merges = [...choices.merges].sort((a, b) => a - b);
  if (job) req.job = job;
  return req;
}

/** Toggles one duplicate's decision, returning a new set (state stays immutable). */
export function withMerge(merges: ReadonlySet<number>, line: number, merge: boolean): Set<number> {
  const next = new Set(merges);
  if (merge) next.add(line);
  else next.delete(line);
  return next;
}

/**
 * Keeps only the merge decisions the preview still proposes (a forced format or another
 * owner can change the lines), so the request never names a line that is not a duplicate.
 */
export function mergesStillProposed(merges: ReadonlySet<number>, preview: ImportPreview): Set<number> {
  const lines = new Set(preview.duplicates.map((d) => d.line));
  return new Set([...merges].filter((l) => lines.has(l)));
}

/** Fresh job id for a commit (to poll its progress and to cancel it). */
export function newJobId(random: () => number = Math.random, now: () => number = Date.now): string {
  return `import-${now().toString(36)}-${Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0")}`;
}

/** How many people a commit adds or changes (records merged into another add no one). */
export function peopleToImport(preview: ImportPreview): number {
  return preview.new + preview.updated;
}

/** Whether committing would write anything at all. */
export function hasWork(preview: ImportPreview): boolean {
  return peopleToImport(preview) + preview.relationships_new + preview.facts_new + preview.organizations_new.length > 0;
}

/** The commit button's words: "Import 6 people", "Import 1 person", "Nothing new to import". */
export function commitLabel(preview: ImportPreview): string {
  const n = peopleToImport(preview);
  if (n > 0) return `Import ${plural(n, "person", "people")}`;
  return hasWork(preview) ? "Import" : "Nothing new to import";
}

/** 0–1 for the progress bar, or `null` while the total is unknown (an indeterminate bar). */
export function progressFraction(progress: Progress | null | undefined): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/** "Writing people" → "Writing people (12 of 40)". */
export function progressLabel(progress: Progress | null | undefined): string {
  if (!progress) return "Starting the import…";
  const phase = progress.phase ? progress.phase.charAt(0).toUpperCase() + progress.phase.slice(1) : "Importing";
  if (progress.total <= 0) return `${phase}…`;
  return `${phase} (${progress.done.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")})`;
}

/** "1 person" / "3 people", and the like. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}
