// Globals the UI sets on `window`.
export {};

declare global {
  interface Window {
    /** `performance.now()` just after the people list first painted its rows, for the
     * desktop cold-start benchmark (`lib/startup.ts`); unset until then. */
    __spherePeoplePainted?: number;
    /** The same for Today's items (the page the app opens on). */
    __sphereTodayPainted?: number;
  }
}
