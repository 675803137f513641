// The taxonomy of personal facts, read once per session (it is the core's constant).
import type { Category } from "../../bindings/commands";
import { client } from "../../lib/api/client";

let cached: Promise<Category[]> | null = null;

/** The categories, never first, then maybe, then fine. A failed read is tried again next time. */
export function loadCategories(): Promise<Category[]> {
  cached ??= client.fact_categories({}).catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}

/** Forgets the categories read (tests). */
export function forgetCategories(): void {
  cached = null;
}
