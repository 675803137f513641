// Everything the sphere needs computed before it can draw — the layout, who gets a label
// first, which ties are drawn first, the organization clusters — worked out in a Web Worker so
// the page stays responsive while a big network (30,000 people) is laid out. The protocol is
// plain functions (`sceneRequest`, `answer`) so it is tested without a worker; `buildScene`
// runs it in a worker, or in the page when this window cannot start one.
import type { SphereView } from "../../bindings/commands";
import { clustersOf, importanceOrder, tiesByStrength, type Cluster } from "./detail";
import { layoutSphere, type LayoutPerson, type SphereLayout } from "./layout";

export interface SceneTie {
  id: number;
  a: number;
  b: number;
  strength: number;
}

export interface Scene {
  layout: SphereLayout;
  /** Person ids by label importance (see `importanceOrder`). */
  order: number[];
  /** Each person's standing in their ring (0–1). */
  standing: Map<number, number>;
  /** Tie ids, strongest first. */
  tieOrder: number[];
  clusters: Cluster[];
  /** Where it was computed: in the layout worker, or in the page when no worker could run. */
  ranIn?: "worker" | "page";
}

/** Ties as columns: typed arrays cross to the worker without copying (120,000 objects would be copied one by one). */
export interface PackedTies {
  id: Float64Array;
  a: Float64Array;
  b: Float64Array;
  strength: Float64Array;
}

export interface SceneRequest {
  kind: "scene";
  seq: number;
  people: LayoutPerson[];
  ties: PackedTies;
}

export function packTies(ties: readonly SceneTie[]): PackedTies {
  const n = ties.length;
  const out = { id: new Float64Array(n), a: new Float64Array(n), b: new Float64Array(n), strength: new Float64Array(n) };
  ties.forEach((t, i) => {
    out.id[i] = t.id;
    out.a[i] = t.a;
    out.b[i] = t.b;
    out.strength[i] = t.strength;
  });
  return out;
}

export function unpackTies(p: PackedTies): SceneTie[] {
  const n = p.id.length;
  if (p.a.length !== n || p.b.length !== n || p.strength.length !== n) throw new Error("the ties' columns differ in length");
  const out: SceneTie[] = new Array<SceneTie>(n);
  for (let i = 0; i < n; i++) out[i] = { id: p.id[i] ?? 0, a: p.a[i] ?? 0, b: p.b[i] ?? 0, strength: p.strength[i] ?? 0 };
  return out;
}

/** The buffers a request hands over to the worker. */
export function transferOf(req: SceneRequest): ArrayBuffer[] {
  const t = req.ties;
  return [t.id.buffer, t.a.buffer, t.b.buffer, t.strength.buffer] as ArrayBuffer[];
}

export type SceneResponse = { kind: "scene"; seq: number; scene: Scene } | { kind: "error"; seq: number; message: string };

/** The scene of a set of people and ties (pure: the worker and the tests call it). */
export function computeScene(people: readonly LayoutPerson[], ties: readonly SceneTie[]): Scene {
  const layout = layoutSphere(people);
  const { order, standing } = importanceOrder(people, ties);
  return { layout, order, standing, tieOrder: tiesByStrength(ties), clusters: clustersOf(layout, people) };
}

/** The message for the worker: only the fields the scene needs (less to copy across). */
export function sceneRequest(seq: number, view: Pick<SphereView, "people" | "ties">): SceneRequest {
  return {
    kind: "scene",
    seq,
    people: view.people.map((p) => ({
      id: p.id,
      name: p.name,
      ring: p.ring,
      organization_id: p.organization_id,
      organization_name: p.organization_name,
    })),
    ties: packTies(view.ties),
  };
}

function isRequest(msg: unknown): msg is SceneRequest {
  if (typeof msg !== "object" || msg === null) return false;
  const m = msg as Partial<SceneRequest>;
  const t = m.ties as Partial<PackedTies> | undefined;
  return (
    m.kind === "scene" &&
    typeof m.seq === "number" &&
    Array.isArray(m.people) &&
    !!t &&
    [t.id, t.a, t.b, t.strength].every((c) => c instanceof Float64Array)
  );
}

/** The worker's answer to a message: the scene, or what was wrong with the message. */
export function answer(msg: unknown): SceneResponse {
  if (!isRequest(msg)) {
    const seq = typeof msg === "object" && msg !== null && typeof (msg as { seq?: unknown }).seq === "number" ? (msg as { seq: number }).seq : -1;
    return { kind: "error", seq, message: "the sphere's layout worker got a message it does not understand" };
  }
  try {
    return { kind: "scene", seq: msg.seq, scene: computeScene(msg.people, unpackTies(msg.ties)) };
  } catch (e) {
    return { kind: "error", seq: msg.seq, message: `the sphere could not be laid out: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The part of a Worker `buildScene` uses (a fake in tests). */
export interface SceneWorker {
  postMessage(msg: SceneRequest, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<SceneResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A worker started ahead (while the view's data is on its way), taken by the next `buildScene`. */
let spare: SceneWorker | null = null;

/** Starts the layout worker ahead, so its script is loaded by the time the data arrives. */
export function prewarm(): void {
  spare ??= newWorker();
}

function startWorker(): SceneWorker | null {
  const w = spare ?? newWorker();
  spare = null;
  return w;
}

function newWorker(): SceneWorker | null {
  if (typeof Worker === "undefined") return null;
  try {
    return new Worker(new URL("./scene.worker.ts", import.meta.url), { type: "module", name: "sphere-layout" }) as unknown as SceneWorker;
  } catch {
    return null;
  }
}

let nextSeq = 1;

/**
 * The scene of `view`, computed in a worker. A window that cannot start one (or whose worker
 * fails to load, e.g. a stricter content policy) computes it in the page instead: slower to
 * stay responsive, same result. An error in the layout itself is reported, not retried.
 */
export function buildScene(view: Pick<SphereView, "people" | "ties">, spawn: () => SceneWorker | null = startWorker): Promise<Scene> {
  const inPage = (): Scene => ({ ...computeScene(sceneRequest(0, view).people, view.ties), ranIn: "page" });
  const worker = spawn();
  if (!worker) return Promise.resolve().then(inPage);
  const seq = nextSeq++;
  return new Promise<Scene>((resolve, reject) => {
    const done = () => {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    worker.onmessage = (e) => {
      const res = e.data;
      if (res.seq !== seq) return;
      done();
      if (res.kind === "scene") resolve({ ...res.scene, ranIn: "worker" });
      else reject(new Error(res.message));
    };
    // The worker script did not load or crashed: lay out in the page.
    worker.onerror = (e) => {
      e.preventDefault?.();
      done();
      try {
        resolve(inPage());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const req = sceneRequest(seq, view);
    worker.postMessage(req, transferOf(req));
  });
}
