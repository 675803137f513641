// Whether this window can draw with WebGL (sigma needs it). Some headless or remote X setups
// have none; the sphere then says so instead of showing an empty canvas.

export function webglAvailable(doc: Document = document): boolean {
  try {
    const canvas = doc.createElement("canvas");
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
    if (!gl) return false;
    // Give the probe's context back at once: browsers allow only a few at a time.
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return true;
  } catch {
    return false;
  }
}

/** How the sphere's canvas is doing, as the page shows it. */
export type CanvasStatus = { state: "ready" } | { state: "no-webgl" } | { state: "failed"; message: string };
