/* faultlines dashboard: network -> dyad timeline -> events with their evidence.
 *
 * Every piece of text from the store is put on the page with textContent or
 * createTextNode, never as HTML, so a document that contains markup shows it
 * as text. All data comes from this server's /api routes.
 */
"use strict";

const QUAD = {
  1: { name: "verbal cooperation", colour: "#7cb342" },
  2: { name: "material cooperation", colour: "#2e7d32" },
  3: { name: "verbal conflict", colour: "#ef6c00" },
  4: { name: "material conflict", colour: "#c62828" },
};
const PAGE = 50;
const ROLE_TITLES = { trigger: "the event", source: "source", target: "target", attributed_to: "who says so",
  cue: "status cue" };
const state = { offset: 0, total: 0, cy: null, pair: null };

// -- small helpers ---------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function filters() {
  const form = new FormData(document.getElementById("filters"));
  const params = {};
  for (const [key, value] of form.entries()) if (value) params[key] = value;
  return params;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== undefined && value !== null && value !== "") query.append(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body.error ? `${body.error.type}: ${body.error.message}` : `${response.status} ${url}`;
    showError(message);
    throw new Error(message);
  }
  hideError();
  return body;
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = false;
}
function hideError() { document.getElementById("error").hidden = true; }

function dateRange() {
  const f = filters();
  return { since: f.since, until: f.until };
}

// -- events with highlighted evidence ----------------------------------------
// The API counts characters as Python does (code points); a JS string counts UTF-16
// units, so an emoji before a span would shift it: slice an array of code points.
function evidence(sentence, highlights) {
  const block = el("blockquote", { class: "evidence", "data-testid": "evidence" });
  const chars = Array.from(sentence);
  const part = (a, b) => chars.slice(a, b).join("");
  let at = 0;
  for (const span of highlights || []) {
    if (span.start < at) continue; // overlapping spans: keep the first
    if (span.start > at) block.append(document.createTextNode(part(at, span.start)));
    block.append(el("mark", { class: `hl-${span.role}`, title: ROLE_TITLES[span.role] || span.role },
      part(span.start, span.end)));
    at = span.end;
  }
  block.append(document.createTextNode(part(at)));
  return block;
}

function actor(text, key) {
  if (!text && !key) return el("span", { class: "muted" }, "—");
  return el("span", { class: "actor", title: key || "unresolved" }, text || key, key ? el("code", {}, key) : null);
}

function eventCard(e) {
  const quad = QUAD[e.quad_class] || { name: "", colour: "#777" };
  const claim = e.status !== "asserted" && (e.attributed_text || e.attributed_key)
    ? el("span", { class: "claimant" }, "according to ", e.attributed_text || e.attributed_key) : null;
  return el("div", { class: "event", "data-testid": "event", "data-event-id": e.id },
    el("div", { class: "event-head" },
      el("span", { class: "type", style: `border-color:${quad.colour}`, title: quad.name },
        e.event_type, e.mode ? ` · ${e.mode}` : ""),
      actor(e.source_text, e.source_key), el("span", { class: "arrow" }, "→"), actor(e.target_text, e.target_key),
      e.instrument ? el("span", { class: "instrument" }, e.instrument) : null,
      el("span", { class: `status status-${e.status}`, "data-testid": "status" }, e.status),
      claim),
    evidence(e.sentence || "", e.highlights),
    el("div", { class: "event-meta muted" },
      e.event_date || "no date", " · CAMEO ", e.cameo || "—", " · Goldstein ", e.goldstein,
      " · confidence ", e.confidence, e.location_name ? ` · ${e.location_name}` : "", " · ",
      el("a", { href: `#doc=${encodeURIComponent(e.doc_id)}`, class: "doclink" }, e.title || e.outlet || "document")));
}

function renderEvents(container, items) {
  container.replaceChildren(...(items.length ? items.map(eventCard) : [el("p", { class: "muted" }, "No events.")]));
}

async function loadEvents() {
  const params = { ...filters(), sort: document.getElementById("sort").value, limit: PAGE, offset: state.offset };
  const page = await api("/api/events", params);
  state.total = page.total;
  renderEvents(document.getElementById("events"), page.items);
  document.getElementById("events").dataset.loaded = new URLSearchParams(params).toString();
  const last = Math.min(state.offset + page.items.length, page.total);
  document.getElementById("events-count").textContent =
    page.total ? `${state.offset + 1}–${last} of ${page.total.toLocaleString()} events` : "no events";
  document.getElementById("events-prev").disabled = state.offset === 0;
  document.getElementById("events-next").disabled = last >= page.total;
}

// -- network ---------------------------------------------------------------
async function loadNetwork() {
  const f = filters();
  const scope = { since: f.since, until: f.until, actor: f.actor, type: f.type, status: f.status, top: 200 };
  const data = await api("/api/network", scope);
  const elements = [
    ...data.nodes.map((n) => ({ data: { id: n.id, label: n.id, name: n.label } })),
    ...data.edges.map((e) => ({
      data: { id: `${e.source}->${e.target}`, source: e.source, target: e.target, events: e.events,
              weight: e.weight, colour: e.sign >= 0 ? "#2e7d32" : "#c62828",
              width: 1.5 + 2.5 * Math.log2(1 + e.events) },
    })),
  ];
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: document.getElementById("network"),
    elements,
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "#455a64", color: "#263238",
        "font-size": 13, "font-weight": 600, "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18,
        "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
      { selector: "edge:selected", style: { opacity: 1, "overlay-opacity": 0.15, "overlay-color": "#000" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000,
              idealEdgeLength: () => 80, nodeOverlap: 20, componentSpacing: 60, padding: 20 },
  });
  state.cy.on("tap", "edge", (event) => openDyad(event.target.data("source"), event.target.data("target")));
  state.cy.on("tap", "node", (event) => {
    document.querySelector("#filters [name=actor]").value = event.target.id();
    switchTab("events");
  });
  const table = document.getElementById("edge-table");
  table.replaceChildren(el("tr", {}, el("th", {}, "source"), el("th", {}, "target"), el("th", {}, "events"),
    el("th", {}, "weight")), ...data.edges.map((e) => el("tr", {},
    el("td", {}, el("a", { href: "#", on: { click: (ev) => { ev.preventDefault(); openDyad(e.source, e.target); } } }, e.source)),
    el("td", {}, e.target), el("td", {}, e.events), el("td", {}, e.weight))));
  document.getElementById("network").dataset.ready = "true";
  document.getElementById("network").dataset.loaded =
    new URLSearchParams(Object.entries(scope).filter(([, v]) => v)).toString();
  window.faultlines.cy = state.cy;
  if (state.pair) await openDyad(...state.pair);  // the open dyad follows the filters too
}

async function openDyad(source, target) {
  state.pair = [source, target];
  const panel = document.getElementById("dyad");
  if (panel.hidden) {
    panel.hidden = false;
    if (state.cy) state.cy.resize().fit(undefined, 20);  // the network now shares the row with the dyad panel
  }
  document.getElementById("dyad-title").textContent = `${source} ↔ ${target}`;
  const [series, page] = await Promise.all([
    api(`/api/dyads/${encodeURIComponent(source)}/${encodeURIComponent(target)}`,
      { undirected: true, period: "month", ...dateRange(), type: filters().type, status: filters().status }),
    api("/api/events", { ...filters(), pair: `${source}:${target}`, sort: "-date", limit: 100 }),
  ]);
  drawTimeline(series.items);
  renderEvents(document.getElementById("dyad-events"), page.items);
  panel.dataset.ready = `${source}:${target}`;
}

function drawTimeline(rows) {
  const box = document.getElementById("timeline");
  const ns = "http://www.w3.org/2000/svg";
  const width = 460, height = 150, pad = 24;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  const max = Math.max(1, ...rows.map((r) => r.events + r.not_stated_as_fact));
  const step = (width - pad) / Math.max(rows.length, 1);
  rows.forEach((row, i) => {
    let y = height - pad;
    const parts = [[1, row.verbal_coop], [2, row.material_coop], [3, row.verbal_conflict], [4, row.material_conflict],
      [0, row.not_stated_as_fact]];
    for (const [quad, count] of parts) {
      if (!count) continue;
      const h = (count / max) * (height - 2 * pad);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", pad + i * step + 1);
      rect.setAttribute("y", y - h);
      rect.setAttribute("width", Math.min(Math.max(step - 2, 1), 40));
      rect.setAttribute("height", h);
      rect.setAttribute("fill", quad ? QUAD[quad].colour : "#b0bec5");
      const title = document.createElementNS(ns, "title");
      title.textContent = `${row.period}: ${count} ${quad ? QUAD[quad].name : "not stated as fact"}`;
      rect.append(title);
      svg.append(rect);
      y -= h;
    }
    if (rows.length <= 12 || i % Math.ceil(rows.length / 12) === 0) {
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", pad + i * step);
      label.setAttribute("y", height - 6);
      label.setAttribute("font-size", "9");
      label.textContent = String(row.period).slice(0, 7);
      svg.append(label);
    }
  });
  const axis = document.createElementNS(ns, "text");
  axis.setAttribute("x", 0);
  axis.setAttribute("y", pad);
  axis.setAttribute("font-size", "9");
  axis.textContent = String(max);
  svg.append(axis);
  box.replaceChildren(rows.length ? svg : el("p", { class: "muted" }, "No dated events."));
  const legend = document.getElementById("timeline-legend");
  legend.replaceChildren(...Object.values(QUAD).map((q) => el("span", {},
    el("span", { class: "swatch", style: `background:${q.colour}` }), ` ${q.name} `)),
    el("span", {}, el("span", { class: "swatch", style: "background:#b0bec5" }), " not stated as fact"));
}

// -- documents ---------------------------------------------------------------
async function loadDocuments() {
  const page = await api("/api/documents", { q: filters().text, limit: 200 });
  const table = document.getElementById("documents");
  table.replaceChildren(el("tr", {}, el("th", {}, "date"), el("th", {}, "title"), el("th", {}, "source"),
    el("th", {}, "events")), ...page.items.map((d) => el("tr", {},
    el("td", {}, d.date || ""),
    el("td", {}, el("a", { href: `#doc=${encodeURIComponent(d.id)}`, "data-testid": "document-link" },
      d.title || d.id), d.duplicate_of ? el("span", { class: "muted" }, " (near-duplicate)") : null),
    el("td", {}, d.source || ""), el("td", {}, d.events))));
}

async function openDocument(id) {
  switchTab("documents", false);
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  document.getElementById("document").hidden = false;
  document.getElementById("document-title").textContent = doc.title || doc.id;
  document.getElementById("document-meta").textContent =
    [doc.source, doc.date, doc.url, `${doc.n_chars} characters`].filter(Boolean).join(" · ");
  const text = document.getElementById("document-text");
  text.replaceChildren(...doc.text.split(/\n{2,}/).map((para) => el("p", {}, para)));
  renderEvents(document.getElementById("document-events"), doc.events);
  document.getElementById("document").dataset.ready = doc.id;
}

// -- ledgers -------------------------------------------------------------------
function cell(value) {
  if (value === true) return "yes";
  if (value === false) return "—";
  return value ?? "";
}

function grid(table, items, columns, empty = "Nothing in the current filters.") {
  table.replaceChildren(el("tr", {}, ...columns.map((c) => el("th", {}, c.replace(/_/g, " ")))),
    ...items.map((row) => el("tr", {}, ...columns.map((c) => el("td", {}, cell(row[c]))))));
  if (!items.length) table.append(el("tr", {}, el("td", { colspan: columns.length, class: "muted" }, empty)));
}

async function loadClaims() {
  const contested = document.getElementById("contested-only").checked;
  const f = filters();
  const page = await api("/api/claims", { actor: f.actor, type: f.type, since: f.since, until: f.until, contested });
  grid(document.getElementById("claims"), page.items, ["event_type", "source_key", "target_key", "instrument",
    "first_date", "last_date", "documents", "corroboration", "stances", "contested"]);
}

async function loadTransfers() {
  const f = filters();
  const page = await api("/api/transfers", { actor: f.actor, since: f.since, until: f.until });
  const columns = page.items.length ? Object.keys(page.items[0]) : ["supplier", "recipient", "system"];
  grid(document.getElementById("transfers"), page.items, columns);
}

async function loadAlerts() {
  const f = filters();
  const page = await api("/api/alerts", { actor: f.actor, since: f.since, until: f.until });
  grid(document.getElementById("alerts"), page.items.map((a) => ({ ...a, dyad: a.dyad.join(" → "), events: a.events.length })),
    ["dyad", "week", "count", "baseline", "score", "events"],
    "No alerts: no dyad's weekly count of conflict events rose well above its own baseline " +
    "(a dyad needs a few weeks of history before it can alert).");
}

// -- tabs and start-up -----------------------------------------------------------
const LOADERS = { network: loadNetwork, events: loadEvents, documents: loadDocuments, claims: loadClaims,
  transfers: loadTransfers, alerts: loadAlerts };

function switchTab(name, load = true) {
  for (const button of document.querySelectorAll("nav [role=tab]")) {
    button.setAttribute("aria-selected", String(button.dataset.tab === name));
  }
  for (const section of document.querySelectorAll("section.tab")) section.hidden = section.id !== `tab-${name}`;
  if (load) LOADERS[name]().catch(() => {});
}

function currentTab() {
  return document.querySelector("nav [aria-selected=true]").dataset.tab;
}

function route() {
  const match = location.hash.match(/^#doc=(.+)$/);
  if (match) openDocument(decodeURIComponent(match[1])).catch(() => {});
}

async function start() {
  window.faultlines = { state };
  const summary = await api("/api/summary");
  document.getElementById("store").textContent =
    `${summary.db}: ${summary.documents.toLocaleString()} documents, ${summary.events.toLocaleString()} events` +
    (summary.first_date ? `, ${summary.first_date} – ${summary.last_date}` : "");
  const types = document.querySelector("#filters [name=type]");
  for (const t of summary.event_types) types.append(el("option", { value: t.event_type }, `${t.event_type} (${t.events})`));
  for (const button of document.querySelectorAll("nav [role=tab]")) {
    button.addEventListener("click", () => switchTab(button.dataset.tab));
  }
  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.offset = 0;
    switchTab(currentTab());
  });
  document.getElementById("filters").addEventListener("reset", () => setTimeout(() => switchTab(currentTab()), 0));
  document.getElementById("sort").addEventListener("change", () => { state.offset = 0; loadEvents(); });
  document.getElementById("events-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE); loadEvents();
  });
  document.getElementById("events-next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });
  document.getElementById("contested-only").addEventListener("change", loadClaims);
  window.addEventListener("hashchange", route);
  await loadNetwork();
  route();
}

document.addEventListener("DOMContentLoaded", () => start().catch((err) => showError(String(err))));
