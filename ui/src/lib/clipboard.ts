// Copy text to the clipboard: the async Clipboard API where the page may use it, else the
// old select-and-copy (WebKitGTK windows and insecure origins have no `navigator.clipboard`).

export interface ClipboardEnv {
  clipboard?: Pick<Clipboard, "writeText"> | undefined;
  document: Document;
}

function defaultEnv(): ClipboardEnv {
  return { clipboard: globalThis.navigator?.clipboard, document };
}

/** Resolves when the text is on the clipboard; rejects with an Error saying what to do when it cannot be. */
export async function copyText(text: string, env: ClipboardEnv = defaultEnv()): Promise<void> {
  if (env.clipboard?.writeText) {
    try {
      await env.clipboard.writeText(text);
      return;
    } catch {
      /* refused (permissions, focus): try the fallback */
    }
  }
  if (!fallbackCopy(text, env.document)) {
    throw new Error("This window cannot reach the clipboard: select the text and press Ctrl+C.");
  }
}

function fallbackCopy(text: string, doc: Document): boolean {
  const active = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  const area = doc.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "0";
  area.style.left = "-9999px";
  area.style.opacity = "0";
  doc.body.append(area);
  area.focus();
  area.select();
  let ok = false;
  try {
    ok = typeof doc.execCommand === "function" && doc.execCommand("copy");
  } catch {
    ok = false;
  } finally {
    area.remove();
    active?.focus();
  }
  return ok;
}
