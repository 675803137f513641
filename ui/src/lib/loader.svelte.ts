// Loading state for one view's data: the latest request wins, earlier answers are dropped.
import type { ApiError } from "../bindings/commands";
import { toApiError } from "./api/errors";

export class Loader<T> {
  /** Raw (not deeply reactive): an answer is replaced whole, never changed in place, and a
   * large one (the sphere's thousands of people) is read without a proxy per object. */
  data: T | undefined = $state.raw();
  error: ApiError | null = $state(null);
  loading = $state(false);
  #seq = 0;

  /** Runs `fetch`; keeps the previous data on screen while it runs. */
  async run(fetch: () => Promise<T>): Promise<T | undefined> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const value = await fetch();
      if (seq === this.#seq) this.data = value;
      return value;
    } catch (e) {
      if (seq === this.#seq) this.error = toApiError(e);
      return undefined;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
