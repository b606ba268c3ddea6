// The browser UI: submit a prompt, follow progress over the WebSocket, show the result, refine it.
// Plain DOM + fetch; every API call sends the optional API key so the page also works with AUTH_ENABLED.
"use strict";

const $ = id => document.getElementById(id);
const FORMATS = ["step", "stl", "fcstd", "png"];
const FINISHED = new Set(["succeeded", "failed", "rejected", "cancelled"]);
const state = { id: null, socket: null, viewer: null, version: 0 };

function apiKey() { return $("api-key").value.trim(); }
function headers(extra = {}) {
  const h = { ...extra };
  if (apiKey()) h["X-API-Key"] = apiKey();
  return h;
}

async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: headers(options.headers || {}) });
  if (res.status === 204) return null;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ? body.error.message : `HTTP ${res.status}`);
  return body;
}

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "message error" : "message";
}

function addStep(status, text) {
  const li = document.createElement("li");
  li.className = status;
  li.textContent = text ? `${status}: ${text}` : status;
  $("progress").append(li);
}

function busy(on) {
  $("submit").disabled = on;
  $("cancel").hidden = !on;
}

function follow(id) {
  if (state.socket) state.socket.close();
  const proto = location.protocol === "https:" ? "wss" : "ws";
  const query = apiKey() ? `?api_key=${encodeURIComponent(apiKey())}` : "";
  const socket = new WebSocket(`${proto}://${location.host}/api/v1/ws/design/${id}${query}`);
  state.socket = socket;
  let last = null;
  socket.onmessage = async event => {
    const msg = JSON.parse(event.data);
    if (msg.type === "error") { say(msg.message, true); return; }
    if (msg.type !== "progress") return;
    if (msg.status !== last) { addStep(msg.status, msg.iteration ? `#${msg.iteration}` : ""); last = msg.status; }
    if (FINISHED.has(msg.status)) {
      busy(false);
      await show(id, msg.version);
    } else {
      say(msg.message || `${msg.status}…`);
    }
  };
  socket.onerror = () => say("lost the live connection; refresh to see the result", true);
}

async function submit(event) {
  event.preventDefault();
  const prompt = $("prompt").value.trim();
  if (!prompt) return;
  $("progress").replaceChildren();
  $("result").hidden = true;
  busy(true);
  say("sending…");
  try {
    const res = await api("/api/v1/design", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ prompt, formats: FORMATS }),
    });
    state.id = res.request_id;
    $("request-id").textContent = `request ${res.request_id}`;
    follow(res.request_id);
  } catch (err) {
    busy(false);
    say(err.message, true);
  }
}

async function refine(event) {
  event.preventDefault();
  const prompt = $("refine-prompt").value.trim();
  if (!prompt || !state.id) return;
  busy(true);
  $("progress").replaceChildren();
  try {
    await api(`/api/v1/design/${state.id}/refine`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prompt }),
    });
    $("refine-prompt").value = "";
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) follow(state.id);
  } catch (err) {
    busy(false);
    say(err.message, true);
  }
}

async function cancel() {
  if (!state.id) return;
  try { await api(`/api/v1/design/${state.id}/cancel`, { method: "POST" }); }
  catch (err) { say(err.message, true); }
}

async function blobOf(url) {
  const res = await fetch(url, { headers: headers() });
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  return res.blob();
}

function row(name, value) {
  const tr = document.createElement("tr");
  for (const text of [name, value]) { const td = document.createElement("td"); td.textContent = text; tr.append(td); }
  return tr;
}

function list(id, items, render = x => x) {
  const ul = $(id);
  ul.replaceChildren(...items.map(item => {
    const li = document.createElement("li");
    const content = render(item);
    if (content instanceof Node) li.append(content); else li.textContent = content;
    return li;
  }));
  if (!items.length) { const li = document.createElement("li"); li.textContent = "—"; ul.append(li); }
}

async function show(id, version) {
  const d = await api(`/api/v1/design/${id}${version ? `?version=${version}` : ""}`);
  state.id = id;
  state.version = d.version;
  $("version").textContent = `version ${d.version} of ${d.versions}`;
  if (d.status !== "succeeded") {
    say(d.error ? d.error.message : `design ${d.status}`, true);
    $("result").hidden = true;
    refreshRecent();
    return;
  }
  say(`done in ${(d.timings.total || 0).toFixed(2)} s`);
  const g = d.geometry || {};
  const fmt = v => Number(v).toLocaleString(undefined, { maximumFractionDigits: 2 });
  $("geometry").tBodies[0].replaceChildren(
    row("Volume (mm³)", fmt(g.volume)), row("Area (mm²)", fmt(g.area)),
    row("Size X × Y × Z (mm)", (g.bbox || []).map(fmt).join(" × ")),
    row("Solids", String(g.solids)), row("Valid", g.valid ? "yes" : "no"),
    row("Iterations", String(d.iterations)), row("Planner", d.planner || "—"));
  list("plan", d.plan);
  list("assumptions", d.assumptions);
  list("ignored", d.ignored || []);
  list("checks", (d.validation.checks || []), c => {
    const span = document.createElement("span");
    span.className = c.passed ? "pass" : "fail";
    span.textContent = `${c.passed ? "✓" : "✗"} ${c.name}${c.message ? ` — ${c.message}` : ""}`;
    return span;
  });
  list("downloads", Object.entries(d.files), ([name, url]) => {
    const a = document.createElement("a");
    a.href = url; a.textContent = name.toUpperCase(); a.dataset.format = name;
    a.addEventListener("click", async e => {
      if (!apiKey()) return;  // plain link works without auth
      e.preventDefault();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await blobOf(url)); link.download = `design-${id.slice(0, 12)}.${name}`;
      link.click();
    });
    return a;
  });
  $("result").hidden = false;
  if (d.files.png) $("preview").src = URL.createObjectURL(await blobOf(d.files.png));
  if (d.files.stl) {
    state.viewer = state.viewer || new STLViewer($("viewer"));
    const shown = state.viewer.available && state.viewer.load(await (await blobOf(d.files.stl)).arrayBuffer());
    $("viewer-caption").textContent = shown ? "3-D view — drag to turn, wheel to zoom"
                                            : "3-D view needs WebGL; use the preview or download the STL";
  }
  refreshRecent();
}

async function refreshRecent() {
  try {
    const page = await api("/api/v1/design?limit=8");
    list("recent", page.items, item => {
      const span = document.createElement("span");
      span.textContent = `${item.status} · ${item.prompt.slice(0, 80)} (v${item.version})`;
      span.addEventListener("click", () => { $("progress").replaceChildren(); show(item.request_id); });
      return span;
    });
  } catch (err) { /* the list is a convenience; errors show on actions */ }
}

$("api-key").value = localStorage.getItem("ai-designer-key") || "";
$("api-key").addEventListener("change", () => { localStorage.setItem("ai-designer-key", apiKey()); refreshRecent(); });
$("design-form").addEventListener("submit", submit);
$("refine-form").addEventListener("submit", refine);
$("cancel").addEventListener("click", cancel);
refreshRecent();
