// Rendering helpers of the page: plain DOM, no framework. app.js owns the state and the API calls.
export const $ = id => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node[key] = value;
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

export function list(id, items, render = x => x) {
  const ul = $(id);
  ul.replaceChildren(...items.map(item => {
    const content = render(item);
    return content instanceof Node && content.tagName === "LI" ? content : el("li", {}, content);
  }));
  if (!items.length) ul.append(el("li", { className: "muted" }, "—"));
}

export const fmt = v => Number(v).toLocaleString("en", { maximumFractionDigits: 2 });

function row(name, value) {
  return el("tr", {}, el("td", {}, name), el("td", {}, value));
}

export function geometryRows(d) {
  const g = d.geometry || {};
  $("geometry").tBodies[0].replaceChildren(
    row("Size X × Y × Z (mm)", (g.bbox || []).map(fmt).join(" × ")),
    row("Volume (mm³)", fmt(g.volume)), row("Area (mm²)", fmt(g.area)),
    row("Solids", String(g.solids)), row("Valid", g.valid ? "yes" : "no"),
    row("Planner", d.planner || "—"), row("Built in", `${(d.timings.total || 0).toFixed(2)} s`));
}

export function checks(d) {
  list("checks", d.validation.checks || [], c => el("span", { className: c.passed ? "pass" : "fail" },
    `${c.passed ? "✓" : "✗"} ${c.name}${c.message ? ` — ${c.message}` : ""}`));
}

// One clickable prompt: fills the prompt box and submits it.
export function exampleButton(text, use) {
  return el("button", { type: "button", className: "example", onclick: () => use(text) }, text);
}

// An error for people: the message, prompts to try, and operator advice folded away.
export function problem(box, error, use) {
  const message = typeof error === "string" ? error : (error && error.message) || "something went wrong";
  $(`${box}-text`).textContent = message;
  const examples = (error && error.examples) || [];
  $(`${box}-examples-box`).hidden = !examples.length;
  list(`${box}-examples`, examples, text => exampleButton(text, use));
  const admin = error && error.admin;
  $(`${box}-admin-box`).hidden = !admin;
  $(`${box}-admin`).textContent = admin || "";
  $(box).hidden = false;
}

export function parameterFields(params) {
  return params.map(p => el("label", { className: "param" },
    el("span", { className: "param-name" }, p.label, el("small", { className: "muted" }, ` ${p.name}`)),
    el("span", { className: "param-input" },
      el("input", { type: "number", name: p.name, value: String(p.value), step: "any",
                    min: p.min > 0 ? String(p.min) : undefined, max: String(p.max), required: true,
                    dataset: { original: String(p.value) }, inputMode: "decimal" }),
      el("span", { className: "muted" }, p.unit))));
}

export function versionTabs(d, shown, open) {
  return (d.history || []).map(v => el("a", {
    href: `/d/${d.request_id}/v/${v.version}`, className: `tab ${v.status}${v.version === shown ? " current" : ""}`,
    title: `${v.status}: ${v.prompt}`, dataset: { version: String(v.version) },
    onclick: e => { e.preventDefault(); open(d.request_id, v.version); },
  }, `v${v.version}`, v.status === "succeeded" ? null : el("small", {}, ` ${v.status}`)));
}
