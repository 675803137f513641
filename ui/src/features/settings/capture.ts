// The list of the user's own addresses, as Settings edits it. The core checks them again.

/** A plausible email address: something, one `@`, a domain with a dot; no spaces. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(value);
}

/** Adds `typed` (trimmed, in lower case) to the list, or says what is wrong with it. */
export function addAddress(list: readonly string[], typed: string): { addresses: string[] } | { error: string } {
  const a = typed.trim().toLowerCase();
  if (!a) return { error: "Type an address to add." };
  if (!isEmailAddress(a)) return { error: `“${typed.trim()}” is not an email address (name@example.com).` };
  if (list.includes(a)) return { error: `${a} is already listed.` };
  return { addresses: [...list, a] };
}

/** Whether two lists hold the same addresses, in any order. */
export function sameAddresses(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}
