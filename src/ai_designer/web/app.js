// The browser UI: a design and each of its versions is a page (/d/<id>/v/<n>); submit, follow progress over the
// WebSocket, refine from the shown version, edit its parameters (a rebuild, no language model), step between versions.
// A failed or rejected version shows its message beside the last good model, which stays.
import { ModelViewer } from "/ui/viewer.js";
import { $, el, fmt, list, geometryRows, checks, exampleButton, problem, parameterFields, versionTabs } from "/ui/render.js";

const FORMATS = ["step", "stl", "fcstd", "glb", "obj", "png"];
const FINISHED = new Set(["succeeded", "failed", "rejected", "cancelled"]);
const EXAMPLES = [
  "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes",
  "a flange 120 mm od, 60 mm id, 10 mm thick with 6 holes 8 mm on a 90 mm pcd",
  "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick",
  "a spur gear with 24 teeth, module 2, 10 mm thick",
];
const state = { id: null, socket: null, following: null, viewer: null, shown: null, busy: false };
window.aiDesigner = state;  // for tests and the browser console

function apiKey() { return $("api-key").value.trim(); }
function headers(extra = {}) { return apiKey() ? { ...extra, "X-API-Key": apiKey() } : { ...extra }; }

async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: headers(options.headers || {}) });
  if (res.status === 204) return null;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ? body.error.message : `HTTP ${res.status}`), body.error);
  return body;
}
const post = (path, body) => api(path, { method: "POST", headers: { "Content-Type": "application/json" },
                                        body: JSON.stringify(body) });

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "message error" : "message";
}

function busy(on) {
  state.busy = on;
  $("submit").disabled = on;
  $("cancel").hidden = !on;
  for (const b of document.querySelectorAll("#refine-form button, #rebuild")) b.disabled = on;
}

const previewOf = msg => ((msg.data || {}).result || {}).preview || null;
const following = id => state.socket && state.following === id && state.socket.readyState <= WebSocket.OPEN;

// Follow a design over the WebSocket: its stages, then — a succeeded design's PNG/GLB being made after it —
// its preview_ready / preview_failed event (or a fresh state saying so), which fills in the preview and downloads.
function follow(id) {
  if (state.socket) state.socket.close();
  const proto = location.protocol === "https:" ? "wss" : "ws";
  const query = apiKey() ? `?api_key=${encodeURIComponent(apiKey())}` : "";
  const socket = new WebSocket(`${proto}://${location.host}/api/v1/ws/design/${id}${query}`);
  state.socket = socket;
  state.following = id;
  let last = null;
  socket.onmessage = async event => {
    const msg = JSON.parse(event.data);
    if (msg.type === "error") { say(msg.message, true); return; }
    if (msg.type === "preview_ready" || msg.type === "preview_failed") {
      socket.close();
      await previewArrived(id, msg.version);
      return;
    }
    if (msg.type !== "progress") return;
    const shown = state.shown && state.id === id && state.shown.version === msg.version;
    if (shown && FINISHED.has(msg.status) && state.shown.status === msg.status) {
      const preview = previewOf(msg);  // this version is on screen: only its preview can still change
      if (!preview || preview.status !== "pending") { socket.close(); await previewArrived(id, msg.version); }
      return;
    }
    if (msg.status !== last) {
      $("progress").append(el("li", { className: msg.status }, msg.iteration ? `${msg.status} #${msg.iteration}`
                                                                              : msg.status));
      last = msg.status;
    }
    if (FINISHED.has(msg.status)) {
      busy(false);
      const preview = previewOf(msg);
      if (!preview || preview.status !== "pending") socket.close();
      await open(id, msg.version);
    } else {
      say(msg.message || `${msg.status}…`);
    }
  };
  socket.onerror = () => say("lost the live connection; reload the page to see the result", true);
}

// The preview of the version on screen is made: show the picture and add its downloads.
async function previewArrived(id, version) {
  if (!state.shown || state.id !== id || state.shown.version !== version) return;
  const d = await api(`/api/v1/design/${id}?version=${version}`);
  state.shown = d;
  list("downloads", Object.entries(d.files), entry => downloadLink(d, entry));
  await showPreview(d);
}

async function showPreview(d) {
  const preview = d.preview || { status: d.files.png ? "ready" : "none" };
  $("preview-caption").textContent = preview.status === "pending" ? "Preview — rendering…"
    : preview.status === "failed" ? `No preview: ${(preview.error || {}).message || "it could not be made"}`
    : "Preview";
  $("preview-box").dataset.state = preview.status;
  if (d.files.png) $("preview").src = URL.createObjectURL(await blobOf(d.files.png));
  else $("preview").removeAttribute("src");
}

function startWork() {
  $("progress").replaceChildren();
  $("problem").hidden = true;
  $("notice").hidden = true;
  busy(true);
}

function useExample(text) {
  $("prompt").value = text;
  $("design-form").requestSubmit();
}

function useRefineExample(text) {
  $("refine-prompt").value = text;
  $("refine-form").requestSubmit();
}

async function submit(event) {
  event.preventDefault();
  const prompt = $("prompt").value.trim();
  if (!prompt) {
    problem("problem", { message: "Describe the part first, with its sizes in mm.", examples: EXAMPLES.slice(0, 2) },
            useExample);
    $("prompt").focus();
    return;
  }
  startWork();
  $("result").hidden = true;
  state.shown = null;
  say("sending…");
  try {
    const res = await post("/api/v1/design", { prompt, formats: FORMATS });
    state.id = res.request_id;
    history.pushState(null, "", res.links.page);
    follow(res.request_id);
  } catch (err) {
    busy(false);
    say("");
    problem("problem", err, useExample);
  }
}

async function changeShown(path, body, what) {
  if (!state.id || !state.shown || state.busy) return false;
  startWork();
  say(`${what}…`);
  try {
    await post(`/api/v1/design/${state.id}/${path}`, { ...body, version: state.shown.version });
    follow(state.id);
    return true;
  } catch (err) {
    busy(false);
    say("");
    problem("problem", err, useExample);
    return false;
  }
}

async function refine(event) {
  event.preventDefault();
  const prompt = $("refine-prompt").value.trim();
  if (!prompt) { say("Say what to change, e.g. “make it 10 mm thick”.", true); return; }
  if (await changeShown("refine", { prompt }, "refining")) $("refine-prompt").value = "";
}

async function rebuild(event) {
  event.preventDefault();
  const values = {};
  for (const input of $("params").querySelectorAll("input")) {
    if (!input.checkValidity()) { say(`${input.name}: ${input.validationMessage}`, true); input.focus(); return; }
    if (Number(input.value) !== Number(input.dataset.original)) values[input.name] = Number(input.value);
  }
  if (!Object.keys(values).length) { say("Change a size first, then rebuild.", true); return; }
  await changeShown("parameters", { values }, "rebuilding with the new sizes (no language model)");
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

function downloadLink(d, [format, url]) {
  const name = `${d.name || "part"}-v${d.version}.${format === "fcstd" ? "FCStd" : format}`;
  return el("a", { href: url, download: name, textContent: format.toUpperCase(), dataset: { format },
    onclick: async e => {
      if (!apiKey()) return;  // the plain link works without auth
      e.preventDefault();
      el("a", { href: URL.createObjectURL(await blobOf(url)), download: name }).click();
    } });
}

// Show a design version; a failed one shows its message next to the last good version before it.
async function open(id, version, push = true) {
  const d = await api(`/api/v1/design/${id}${version ? `?version=${version}` : ""}`);
  state.id = id;
  if (push && location.pathname !== `/d/${id}/v/${d.version}`) history.pushState(null, "", `/d/${id}/v/${d.version}`);
  $("request-id").textContent = `design ${id}`;
  if (!FINISHED.has(d.status)) { busy(true); follow(id); }
  else if (d.preview && d.preview.status === "pending" && !following(id)) follow(id);  // its PNG is on its way
  let good = d;
  $("notice").hidden = true;
  if (d.status !== "succeeded") {
    const earlier = (d.history || []).filter(v => v.status === "succeeded" && v.version < d.version).pop();
    const goodVersion = earlier ? earlier.version : d.latest_good_version;
    good = goodVersion ? await api(`/api/v1/design/${id}?version=${goodVersion}`) : null;
    if (FINISHED.has(d.status)) {
      const err = d.error || { message: `design ${d.status}` };
      if (good) {
        ensureNotice();  // the change failed: its message beside the last good model; examples go to refine
        problem("notice", { ...err, message: `Version ${d.version} (“${d.prompt}”) ${d.status}: ${err.message}` +
                                             ` — showing version ${good.version}.` }, useRefineExample);
      } else {
        problem("problem", d.version > 1 ? { ...err, message: `Version ${d.version} ${d.status}: ${err.message}` }
                                         : err, useExample);
      }
      say("");
    }
  } else {
    say(`version ${d.version} of ${d.versions} · built in ${(d.timings.total || 0).toFixed(2)} s`);
  }
  $("versions").replaceChildren(...versionTabs(d, d.version, (i, v) => open(i, v)));
  if (good) await render(good); else { $("result").hidden = true; state.shown = null; }
  refreshRecent();
}

function ensureNotice() {
  if ($("notice-text")) return;
  $("notice").replaceChildren(el("p", { id: "notice-text" }),
    el("div", { id: "notice-examples-box", hidden: true }, el("span", {}, "Try instead: "),
       el("ul", { id: "notice-examples" })),
    el("details", { id: "notice-admin-box", hidden: true }, el("summary", {}, "For administrators"),
       el("p", { id: "notice-admin" })));
}

async function render(d) {
  state.shown = d;
  $("result").hidden = false;
  document.body.classList.add("has-result");  // the landing page's examples step aside (phones: less scrolling)
  geometryRows(d);
  list("plan", d.features && d.features.length ? d.features : d.plan);
  list("assumptions", d.assumptions);
  list("ignored", d.ignored || []);
  checks(d);
  list("downloads", Object.entries(d.files), entry => downloadLink(d, entry));
  compareChoices(d);
  $("params").replaceChildren(...parameterFields(d.parameters || []));
  $("params-form").hidden = !(d.parameters || []).length;
  await showPreview(d);
  if (d.files.stl) {
    state.viewer = state.viewer || new ModelViewer($("viewer"));
    const shown = state.viewer.available && state.viewer.load(await (await blobOf(d.files.stl)).arrayBuffer());
    document.body.classList.toggle("has-viewer", Boolean(shown));
    const size = shown && state.viewer.size();
    $("viewer-caption").textContent = !shown ? "the 3-D view needs WebGL; see the preview or download the model"
      : `${size.map(v => fmt(v)).join(" × ")} mm · drag to turn · right-drag or two fingers to pan · wheel or pinch to zoom`;
  }
}

function compareChoices(d) {
  const others = (d.history || []).filter(v => v.status === "succeeded" && v.version !== d.version);
  $("compare").replaceChildren(el("option", { value: "" }, "—"),
    ...others.map(v => el("option", { value: String(v.version) }, `v${v.version}`)));
  $("compare-box").hidden = !others.length;
  $("compare-table").hidden = true;
  if (state.viewer) state.viewer.clearGhost();
}

// Dimensions and volume of two versions side by side; the other one drawn see-through in the viewer.
async function compare() {
  const shown = state.shown, other = Number($("compare").value);
  if (!shown || !other) { $("compare-table").hidden = true; if (state.viewer) state.viewer.clearGhost(); return; }
  const d = await api(`/api/v1/design/${shown.request_id}?version=${other}`);
  const g1 = shown.geometry || {}, g2 = d.geometry || {};
  const size = g => (g.bbox || []).map(fmt).join(" × ");
  $("compare-table").tHead.replaceChildren(el("tr", {}, el("th", {}, ""), el("th", {}, `v${shown.version}`),
                                                   el("th", { className: "ghost-col" }, `v${other}`)));
  $("compare-table").tBodies[0].replaceChildren(
    ...[["Size (mm)", size(g1), size(g2)], ["Volume (mm³)", fmt(g1.volume), fmt(g2.volume)],
        ["Area (mm²)", fmt(g1.area), fmt(g2.area)], ["Asked for", shown.prompt, d.prompt]]
      .map(cells => el("tr", {}, ...cells.map(c => el("td", {}, c)))));
  $("compare-table").hidden = false;
  if (state.viewer && d.files.stl) state.viewer.ghost(await (await blobOf(d.files.stl)).arrayBuffer());
}

async function refreshRecent() {
  try {
    const page = await api("/api/v1/design?limit=8");
    list("recent", page.items, item => {
      const good = item.latest_good_version;
      const label = good ? `v${good} · ${item.latest_good_summary || item.name || item.prompt}`
                         : `${item.status} · ${item.prompt}`;
      const note = item.status !== "succeeded" && good
        ? el("small", { className: "muted" }, ` · latest change ${item.status}: “${item.prompt.slice(0, 40)}”`) : null;
      return el("li", { className: good ? "succeeded" : item.status },
        el("a", { href: `/d/${item.request_id}/v/${good || item.version}`,
                  onclick: e => { e.preventDefault(); $("progress").replaceChildren(); $("problem").hidden = true;
                                  open(item.request_id, good || item.version); } },
           label.slice(0, 80)), note);
    });
  } catch (err) { /* the list is a convenience; errors show on actions */ }
}

function fromLocation() {
  const m = location.pathname.match(/^\/d\/([0-9a-zA-Z_-]{1,64})(?:\/v\/(\d+))?\/?$/);
  if (m) open(m[1], m[2] ? Number(m[2]) : null, false).catch(err => problem("problem", err, useExample));
}

function submitOnCtrlEnter(input, form) {
  input.addEventListener("keydown", e => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $(form).requestSubmit(); }
  });
}

$("api-key").value = localStorage.getItem("ai-designer-key") || "";
$("api-key").addEventListener("change", () => { localStorage.setItem("ai-designer-key", apiKey()); refreshRecent(); });
$("design-form").addEventListener("submit", submit);
$("refine-form").addEventListener("submit", refine);
$("params-form").addEventListener("submit", rebuild);
$("cancel").addEventListener("click", cancel);
$("compare").addEventListener("change", () => compare().catch(err => say(err.message, true)));
$("fit").addEventListener("click", () => state.viewer && state.viewer.fit());
$("reset").addEventListener("click", () => state.viewer && state.viewer.reset());
submitOnCtrlEnter($("prompt"), "design-form");
submitOnCtrlEnter($("refine-prompt"), "refine-form");
list("examples", EXAMPLES, text => exampleButton(text, useExample));
window.addEventListener("popstate", fromLocation);
fromLocation();
refreshRecent();
