// The sphere's layout worker: answers each `SceneRequest` with its `Scene` (see scene.ts).
import { answer } from "./scene";

self.onmessage = (e: MessageEvent<unknown>) => {
  self.postMessage(answer(e.data));
};
