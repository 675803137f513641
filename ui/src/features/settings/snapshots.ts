// Words for the snapshots list: why each was taken, and how big it is.

/** Why a snapshot was taken, in words. */
export const REASONS: Record<string, string> = {
  daily: "Daily",
  manual: "Taken by you",
  "before-migration": "Before an upgrade",
  "before-restore": "Before a restore",
};

/** A file size in B, KB or MB (1 KB = 1,024 bytes). */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
