// Handing a file the core made to the browser as a download (a Blob behind a temporary link):
// exports and backups, from `sphere serve` and the desktop app's webview alike.

/** Saves `content` as `fileName`; text is written as UTF-8. */
export function download(fileName: string, mediaType: string, content: string | Uint8Array<ArrayBuffer>): void {
  const type = typeof content === "string" ? `${mediaType};charset=utf-8` : mediaType;
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
