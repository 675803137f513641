import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { initTransport } from "./lib/api/transport";
import { markOnce } from "./lib/startup";

// First of all: take the token out of the address bar (browser mode).
initTransport();

// Every module is loaded and evaluated by now (the cold-start benchmark's first UI mark).
markOnce("main");

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

const app = mount(App, { target });
markOnce("mounted");
export default app;
