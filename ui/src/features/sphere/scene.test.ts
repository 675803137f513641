import { describe, expect, it } from "vitest";
import type { SphereView } from "../../bindings/commands";
import {
  answer,
  buildScene,
  computeScene,
  packTies,
  sceneRequest,
  transferOf,
  unpackTies,
  type SceneRequest,
  type SceneResponse,
  type SceneWorker,
} from "./scene";

const view: SphereView = {
  me: 1,
  people: [
    { id: 1, name: "Me", title: "", organization_id: null, organization_name: null, ring: "centre", is_team: false, tags: [], connected: true },
    { id: 2, name: "Ada", title: "CTO", organization_id: 10, organization_name: "Acme", ring: "inner", is_team: false, tags: ["x"], connected: true },
    { id: 3, name: "Bo", title: "", organization_id: 10, organization_name: "Acme", ring: "beyond", is_team: false, tags: [], connected: true },
  ],
  ties: [
    { id: 100, a: 1, b: 2, strength: 0.9 },
    { id: 101, a: 2, b: 3, strength: 0.25 },
  ],
};

describe("the layout worker's protocol", () => {
  it("a request carries only what the layout needs, the ties as columns to hand over", () => {
    const req = sceneRequest(7, view);
    expect(req.kind).toBe("scene");
    expect(req.seq).toBe(7);
    expect(req.people[1]).toEqual({ id: 2, name: "Ada", ring: "inner", organization_id: 10, organization_name: "Acme" });
    expect(unpackTies(req.ties)).toEqual(view.ties);
    expect(transferOf(req)).toHaveLength(4);
  });

  it("the answer is the same scene the page would compute", () => {
    const res = answer(sceneRequest(3, view));
    expect(res.kind).toBe("scene");
    if (res.kind !== "scene") return;
    expect(res.seq).toBe(3);
    const here = computeScene(view.people, view.ties);
    expect(res.scene.layout.positions).toEqual(here.layout.positions);
    expect(res.scene.order).toEqual([1, 2, 3]);
    expect(res.scene.tieOrder).toEqual([100, 101]);
    expect(res.scene.clusters.map((c) => c.key)).toEqual(["cluster:org:10:beyond", "cluster:org:10:inner"]);
  });

  it("a message it does not understand gets an error naming the problem, with its number when it has one", () => {
    expect(answer(null)).toEqual({ kind: "error", seq: -1, message: "the sphere's layout worker got a message it does not understand" });
    const bad = answer({ kind: "scene", seq: 9, people: [], ties: { id: [1], a: [1], b: [2], strength: [1] } });
    expect(bad).toMatchObject({ kind: "error", seq: 9 });
  });

  it("ties whose columns differ in length are refused", () => {
    const t = packTies(view.ties);
    const res = answer({ kind: "scene", seq: 4, people: [], ties: { ...t, b: new Float64Array(1) } } satisfies SceneRequest);
    expect(res).toEqual({ kind: "error", seq: 4, message: "the sphere could not be laid out: the ties' columns differ in length" });
  });
});

/** A worker that answers in the same turn, by the protocol, as the real one does in its thread. */
function fakeWorker(mode: "answer" | "crash" | "stale"): SceneWorker & { terminated: boolean; transferred: number } {
  const w = {
    onmessage: null as SceneWorker["onmessage"],
    onerror: null as SceneWorker["onerror"],
    terminated: false,
    transferred: 0,
    postMessage(msg: SceneRequest, transfer: Transferable[]) {
      w.transferred = transfer.length;
      queueMicrotask(() => {
        if (mode === "crash") return w.onerror?.(new ErrorEvent("error", { message: "worker script failed to load" }));
        const res: SceneResponse = answer(msg);
        if (mode === "stale") w.onmessage?.(new MessageEvent("message", { data: { ...res, seq: res.seq + 1000 } }));
        w.onmessage?.(new MessageEvent("message", { data: res }));
      });
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

describe("buildScene", () => {
  it("gets the scene from the worker, then stops it", async () => {
    const w = fakeWorker("answer");
    const scene = await buildScene(view, () => w);
    expect(scene.order).toEqual([1, 2, 3]);
    expect(scene.ranIn).toBe("worker");
    expect(w.terminated).toBe(true);
    expect(w.transferred).toBe(4);
  });

  it("ignores an answer to another request", async () => {
    const scene = await buildScene(view, () => fakeWorker("stale"));
    expect(scene.tieOrder).toEqual([100, 101]);
  });

  it("lays out in the page when no worker starts or the worker fails", async () => {
    const none = await buildScene(view, () => null);
    const crashed = await buildScene(view, () => fakeWorker("crash"));
    const here = computeScene(view.people, view.ties);
    expect(none.layout.positions).toEqual(here.layout.positions);
    expect(crashed.order).toEqual(here.order);
    expect([none.ranIn, crashed.ranIn]).toEqual(["page", "page"]);
  });
});
