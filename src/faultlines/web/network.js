/* The network and the dyad panel.
 *
 * Ties are drawn from events stated as fact (asserted, reported), one request per
 * status so the split holds whatever the API's default; events not stated as fact
 * (denied, hypothetical, planned, unconfirmed) are drawn apart, grey and dashed, and
 * never make a tie. The layout is seeded, so the same store draws the same picture
 * on every load.
 */
import { api, el, filters, state, svg, QUAD, NOT_FACT, FACTUAL, NON_FACTUAL, evidenceOf, monthsBetween }
  from "./util.js";
import { evidenceButton, renderSplit } from "./events.js";

const COOP = "#0072B2", CONFLICT = "#D55E00";

// mulberry32: a small seeded generator, standing in for Math.random while the layout runs.
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Edges of several per-status networks merged by (source, target).
function merge(networks) {
  const nodes = new Map(), edges = new Map();
  for (const net of networks) {
    for (const n of net.nodes) nodes.set(n.id, n);
    for (const e of net.edges) {
      const key = `${e.source}->${e.target}`;
      const have = edges.get(key) || { source: e.source, target: e.target, events: 0, weight: 0, event_ids: [], doc_ids: [] };
      have.events += e.events;
      have.weight = Math.round((have.weight + e.weight) * 1000) / 1000;
      have.event_ids.push(...(e.event_ids || []));
      have.doc_ids.push(...(e.doc_ids || []).filter((d) => !have.doc_ids.includes(d)));
      edges.set(key, have);
    }
  }
  return { nodes, edges: [...edges.values()].sort((a, b) => (a.source + a.target).localeCompare(b.source + b.target)) };
}

// Events not stated as fact, grouped by direction from the event list itself (they
// carry no tie weight, and the API's network may rightly leave them out).
async function claimedEdges(scope, statuses) {
  const pages = await Promise.all(statuses.map((status) => api("/api/events", { since: scope.since, until: scope.until,
    actor: scope.actor, type: scope.type, status, limit: 1000 })));
  const edges = new Map();
  for (const e of pages.flatMap((p) => p.items)) {
    if (!e.source_key || !e.target_key || e.source_key === e.target_key) continue;
    const key = `${e.source_key}->${e.target_key}`;
    const have = edges.get(key) || { source: e.source_key, target: e.target_key, events: 0, weight: 0, event_ids: [], doc_ids: [] };
    have.events += 1;
    have.event_ids.push(e.id);
    if (!have.doc_ids.includes(e.doc_id)) have.doc_ids.push(e.doc_id);
    edges.set(key, have);
  }
  return { nodes: [], edges: [...edges.values()] };
}

async function fetchNetworks(scope) {
  const chosen = scope.status;
  const ties = (statuses) => Promise.all(statuses.map((status) => api("/api/network", { ...scope, status })));
  if (chosen && FACTUAL.includes(chosen)) return { fact: merge(await ties([chosen])), other: merge([]) };
  const [fact, other] = await Promise.all([chosen ? [] : ties(FACTUAL),
    claimedEdges(scope, chosen ? [chosen] : NON_FACTUAL)]);
  return { fact: merge(fact), other: merge([other]) };
}

function elements(fact, other) {
  const names = new Map([...other.nodes, ...fact.nodes]);
  const used = new Set([...fact.edges, ...other.edges].flatMap((e) => [e.source, e.target]));
  const nodes = [...used].sort().map((id) => {
    const name = names.get(id)?.label || id;
    return { data: { id, label: name === id ? id : name, code: id } };
  });
  const edge = (e, kind) => ({ data: { id: `${e.source}->${e.target}${kind === "fact" ? "" : " (not fact)"}`, kind,
    source: e.source, target: e.target, events: e.events, weight: e.weight,
    colour: kind === "fact" ? (e.weight >= 0 ? COOP : CONFLICT) : NOT_FACT.colour,
    width: 1.5 + 2.5 * Math.log2(1 + e.events) } });
  return [...nodes, ...fact.edges.map((e) => edge(e, "fact")), ...other.edges.map((e) => edge(e, "other"))];
}

const STYLE = [
  { selector: "node", style: { label: "data(label)", "background-color": "#37474f", color: "#263238",
    "font-size": 12, "text-valign": "bottom", "text-margin-y": 3, width: 16, height: 16,
    "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6, "text-wrap": "wrap",
    "text-max-width": 110 } },
  { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
    "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85 } },
  { selector: "edge[kind = 'other']", style: { "line-style": "dashed", width: 1.5, opacity: 0.7,
    "target-arrow-shape": "vee" } },
  { selector: "edge:selected", style: { opacity: 1, "overlay-opacity": 0.15, "overlay-color": "#000" } },
];

function draw(items) {
  if (state.cy) state.cy.destroy();
  const random = Math.random;
  Math.random = seeded(1);
  try {
    state.cy = cytoscape({ container: document.getElementById("network"), elements: items, style: STYLE,
      layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: () => 400000,
        idealEdgeLength: () => 90, nodeOverlap: 20, componentSpacing: 60, padding: 20 } });
  } finally {
    Math.random = random;
  }
  // A big network is drawn zoomed out: keep names about 12 px on screen.
  const zoom = state.cy.zoom();
  if (zoom < 1) state.cy.style().selector("node").style({ "font-size": Math.min(12 / zoom, 40),
    width: Math.min(16 / zoom, 40), height: Math.min(16 / zoom, 40) }).update();
  state.cy.on("tap", "edge", (event) => openDyad(event.target.data("source"), event.target.data("target")));
  state.cy.on("tap", "node", (event) => {
    document.querySelector("#filters [name=actor]").value = event.target.id();
    state.hooks.show("events");
  });
}

function edgeTable(fact, other, label) {
  const rows = [...fact.edges.map((e) => ({ ...e, kind: "stated as fact" })),
    ...other.edges.map((e) => ({ ...e, kind: "not stated as fact" }))];
  state.rows.network = rows.map((e) => ({ source: e.source, source_name: label(e.source), target: e.target,
    target_name: label(e.target), kind: e.kind, events: e.events, weight: e.weight, event_ids: e.event_ids, doc_ids: e.doc_ids }));
  const withIds = rows.some((e) => e.event_ids.length || e.doc_ids.length);
  document.getElementById("edge-table").replaceChildren(
    el("tr", {}, ...["source", "target", "events", "weight", "kind", withIds ? "evidence" : null]
      .filter(Boolean).map((c) => el("th", { scope: "col" }, c))),
    ...rows.map((e) => el("tr", { class: e.kind === "stated as fact" ? "" : "not-fact" },
      el("td", {}, el("a", { href: "#", on: { click: (ev) => { ev.preventDefault(); openDyad(e.source, e.target); } } },
        label(e.source))),
      el("td", {}, label(e.target)), el("td", {}, e.events), el("td", {}, e.weight), el("td", {}, e.kind),
      withIds ? el("td", {}, evidenceButton(`${e.source} → ${e.target} (${e.kind})`, evidenceOf(e))) : null)));
}

export async function loadNetwork() {
  const f = filters();
  const scope = { since: f.since, until: f.until, actor: f.actor, type: f.type, status: f.status, top: 200 };
  const generation = (state.loads.network = (state.loads.network || 0) + 1);
  const { fact, other } = await fetchNetworks(scope);
  if (generation !== state.loads.network) return;  // a newer request is on its way
  const items = elements(fact, other);
  draw(items);
  const names = new Map(items.filter((i) => !i.data.source).map((i) => [i.data.id, i.data.label]));
  const label = (id) => (names.get(id) && names.get(id) !== id ? `${names.get(id)} (${id})` : id);
  edgeTable(fact, other, label);
  const box = document.getElementById("network");
  box.dataset.ready = "true";
  box.dataset.loaded = new URLSearchParams(Object.entries(scope).filter(([, v]) => v)).toString();
  window.faultlines.cy = state.cy;
  if (state.pair) await openDyad(...state.pair);  // the open dyad follows the filters too
  else closeDyad(false);
}

export function closeDyad(write = true) {
  state.pair = null;
  document.getElementById("dyad").hidden = true;
  if (state.cy) state.cy.resize();
  if (write) state.hooks.changed();
}

export async function openDyad(source, target) {
  state.pair = [source, target];
  state.hooks.changed();
  const panel = document.getElementById("dyad");
  if (panel.hidden) {
    panel.hidden = false;
    if (state.cy) state.cy.resize().fit(undefined, 20);  // the network now shares the row with the dyad panel
  }
  document.getElementById("dyad-title").textContent = `${source} ↔ ${target}`;
  const f = filters();
  const generation = (state.loads.dyad = (state.loads.dyad || 0) + 1);
  const [series, page] = await Promise.all([
    api(`/api/dyads/${encodeURIComponent(source)}/${encodeURIComponent(target)}`,
      { undirected: true, period: "month", since: f.since, until: f.until, type: f.type, status: f.status }),
    api("/api/events", { ...f, pair: `${source}:${target}`, sort: "-date", limit: 100 }),
  ]);
  if (generation !== state.loads.dyad) return;
  drawTimeline(document.getElementById("timeline"), withZeroMonths(series.items));
  renderSplit(document.getElementById("dyad-events"), page.items);
  panel.dataset.ready = `${source}:${target}`;
}

// Months without events are rows of zeros, so gaps show as gaps.
export function withZeroMonths(rows) {
  if (!rows.length) return rows;
  const have = new Map(rows.map((r) => [String(r.period).slice(0, 10), r]));
  return monthsBetween(String(rows[0].period), String(rows[rows.length - 1].period)).map((m) => have.get(m) ||
    { period: m, events: 0, verbal_coop: 0, material_coop: 0, verbal_conflict: 0, material_conflict: 0, not_stated_as_fact: 0 });
}

export function drawTimeline(box, rows) {
  const width = 460, height = 150, pad = 24;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `events per month, ${rows.length} months` });
  const max = Math.max(1, ...rows.map((r) => r.events + r.not_stated_as_fact));
  const step = (width - pad) / Math.max(rows.length, 1);
  rows.forEach((row, i) => {
    let y = height - pad;
    const parts = [[1, row.verbal_coop], [2, row.material_coop], [3, row.verbal_conflict], [4, row.material_conflict],
      [0, row.not_stated_as_fact]];
    for (const [quad, count] of parts) {
      if (!count) continue;
      const h = (count / max) * (height - 2 * pad);
      const kind = quad ? QUAD[quad] : NOT_FACT;
      const rect = svg("rect", { x: pad + i * step + 1, y: y - h, width: Math.min(Math.max(step - 2, 1), 40), height: h,
        fill: kind.colour, "data-period": String(row.period).slice(0, 7) });
      rect.append(svg("title", {}, `${String(row.period).slice(0, 7)}: ${count} ${kind.name}`));
      chart.append(rect);
      y -= h;
    }
    if (rows.length <= 12 || i % Math.ceil(rows.length / 12) === 0) {
      chart.append(svg("text", { x: pad + i * step, y: height - 6, "font-size": 9 }, String(row.period).slice(0, 7)));
    }
  });
  chart.append(svg("text", { x: 0, y: pad, "font-size": 9 }, String(max)));
  box.replaceChildren(rows.length ? chart : el("p", { class: "muted" }, "No dated events."));
  box.dataset.months = String(rows.length);
  const legend = document.getElementById("timeline-legend");
  legend.replaceChildren(...[...Object.values(QUAD), NOT_FACT].map((q) => el("span", {},
    el("span", { class: "swatch", style: `background:${q.colour}` }), ` ${q.name} `)));
}
