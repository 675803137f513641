// Start-up marks for the desktop cold-start benchmark (crates/sphere-cli/benches/cold_start.mjs).
// Each mark is a `performance.mark("sphere:<name>")` made once per page load, so the bench can
// tell where the time between the process start and the people list goes. They cost a few
// microseconds and change nothing the user sees.

const made = new Set<string>();

/** Marks the first time `name` happens in this page load (later calls do nothing). */
export function markOnce(name: string): void {
  if (made.has(name)) return;
  made.add(name);
  performance.mark(`sphere:${name}`);
}

/**
 * Called when the people list has rows in the DOM. The first time, waits for the next animation
 * frame (whose rendering update paints the rows), then for the task after it, and records
 * `performance.now()` in `window.__spherePeoplePainted` (and as the mark `sphere:people-painted`).
 */
export function peopleRowsShown(): void {
  if (made.has("people-rows")) return;
  markOnce("people-rows");
  const afterFrame = (fn: () => void) =>
    typeof requestAnimationFrame === "function"
      ? requestAnimationFrame(() => setTimeout(fn, 0))
      : setTimeout(fn, 0);
  afterFrame(() => {
    markOnce("people-painted");
    window.__spherePeoplePainted = performance.now();
  });
}
