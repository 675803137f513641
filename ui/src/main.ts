import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { initTransport } from "./lib/api/transport";

// First of all: take the token out of the address bar (browser mode).
initTransport();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
