/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// `npx vite` during development: set SPHERE_API to the address `sphere serve` printed
// (without the token), e.g. SPHERE_API=http://127.0.0.1:7878, and open the dev page with
// `?token=…` appended.
const api = process.env.SPHERE_API;

export default defineConfig({
  // Relative asset URLs: the same build loads from Tauri's custom protocol and from the
  // root of `sphere serve`.
  base: "./",
  plugins: [svelte(), svelteTesting()],
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The desktop CSP is `default-src 'self'`: nothing inline, nothing remote.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    strictPort: true,
    port: 5173,
    proxy: api ? { "/api": api } : undefined,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    restoreMocks: true,
  },
});
