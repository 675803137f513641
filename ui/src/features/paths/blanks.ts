// The blanks of an introduction draft: the bracketed parts ("[the problem you solved for
// them]") the user must replace before sending. Any bracketed part counts, so a blank the
// user only half edited still shows.

const BLANK = /\[[^[\]\n]{1,200}\]/g;

export interface Segment {
  text: string;
  /** A bracketed blank. */
  blank: boolean;
  /** Offset of `text` in the whole draft. */
  start: number;
}

/** The draft cut into plain text and blanks, in order; joined, the segments give the text back. */
export function splitBlanks(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(BLANK)) {
    const start = match.index;
    if (start > at) out.push({ text: text.slice(at, start), blank: false, start: at });
    out.push({ text: match[0], blank: true, start });
    at = start + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), blank: false, start: at });
  return out;
}

export interface Blank {
  text: string;
  start: number;
  end: number;
}

/** The blanks still in the draft, in order (a blank used twice is listed twice). */
export function openBlanks(text: string): Blank[] {
  return splitBlanks(text)
    .filter((s) => s.blank)
    .map((s) => ({ text: s.text, start: s.start, end: s.start + s.text.length }));
}

/** What the user copies: the subject line, a blank line, the body. */
export function draftText(draft: { subject: string; body: string }): string {
  return `Subject: ${draft.subject}\n\n${draft.body}`;
}
