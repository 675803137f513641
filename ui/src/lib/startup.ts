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

/** After the animation frame that paints what is in the DOM now, and the task after it. */
function afterFrame(fn: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

/**
 * Called when the people list has rows in the DOM. The first time, waits for the next animation
 * frame (whose rendering update paints the rows), then for the task after it, and records
 * `performance.now()` in `window.__spherePeoplePainted` (and as the mark `sphere:people-painted`).
 */
export function peopleRowsShown(): void {
  if (made.has("people-rows")) return;
  markOnce("people-rows");
  afterFrame(() => {
    markOnce("people-painted");
    window.__spherePeoplePainted = performance.now();
  });
}

/**
 * Called when Today (the page the app opens on) has its items in the DOM: the same as
 * [`peopleRowsShown`] for `window.__sphereTodayPainted` and the marks `sphere:today-items` and
 * `sphere:today-painted`, the cold-start benchmark's end.
 */
export function todayShown(): void {
  if (made.has("today-items")) return;
  markOnce("today-items");
  afterFrame(() => {
    markOnce("today-painted");
    window.__sphereTodayPainted = performance.now();
  });
}
