/* Events: cards with highlighted evidence, the compact sortable table beside them,
 * the CSV of everything in the filters, and the evidence dialog that any row with
 * event ids (claims, transfers, alerts, network edges) opens. */
import { api, el, filters, state, toCSV, download, QUAD, FACTUAL, NON_FACTUAL } from "./util.js";

const PAGE = 50;
const ROLE_TITLES = { trigger: "the event", source: "source", target: "target", attributed_to: "who says so",
  cue: "status cue" };
const CSV_COLUMNS = ["id", "event_date", "event_type", "mode", "cameo", "quad_class", "goldstein", "source_key",
  "source_text", "target_key", "target_text", "status", "attributed_key", "attributed_text", "instrument",
  "location_name", "confidence", "outlet", "title", "doc_id", "trigger", "sentence"];
// Table columns; those with a key sort on the server (the same order pages through).
const TABLE = [["event_date", "date", "date"], ["event_type", "type", "type"], ["source_key", "source", "source"],
  ["target_key", "target", "target"], ["status", "status", null], ["goldstein", "Goldstein", "goldstein"],
  ["confidence", "confidence", "confidence"], ["outlet", "outlet", null]];

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

export function docHref(id) {
  return state.hooks.link({ tab: "documents", doc: id });
}

export function eventCard(e) {
  const quad = QUAD[e.quad_class] || { name: "", colour: "#777" };
  const claim = e.status !== "asserted" && (e.attributed_text || e.attributed_key)
    ? el("span", { class: "claimant" }, "according to ", e.attributed_text || e.attributed_key) : null;
  return el("div", { class: `event${FACTUAL.includes(e.status) ? "" : " not-fact"}`, "data-testid": "event",
    "data-event-id": e.id },
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
      el("a", { href: docHref(e.doc_id), class: "doclink" }, e.title || e.outlet || "document")));
}

export function renderEvents(container, items) {
  container.replaceChildren(...(items.length ? items.map(eventCard) : [el("p", { class: "muted" }, "No events.")]));
}

// Events stated as fact first; denied, hypothetical, planned and unconfirmed ones
// under their own heading, so talk of what may have happened is never read as news.
export function renderSplit(container, items) {
  const fact = items.filter((e) => FACTUAL.includes(e.status));
  const other = items.filter((e) => !FACTUAL.includes(e.status));
  const group = (title, list, id) => el("section", { class: "event-group", "data-testid": id },
    el("h3", {}, `${title} (${list.length})`), ...(list.length ? list.map(eventCard) : [el("p", { class: "muted" }, "None.")]));
  container.replaceChildren(group("Stated as fact: asserted or reported", fact, "factual"),
    group(`Not stated as fact: ${NON_FACTUAL.join(", ")}`, other, "not-factual"));
}

function eventRow(e) {
  const open = () => {
    for (const row of document.querySelectorAll("#events-table tr.selected")) row.classList.remove("selected");
    tr.classList.add("selected");
    const detail = document.getElementById("event-detail");
    detail.replaceChildren(eventCard(e));
    detail.hidden = false;
  };
  const tr = el("tr", { tabindex: 0, "data-event-id": e.id, class: FACTUAL.includes(e.status) ? "" : "not-fact",
    on: { click: open, keydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); } } } },
  ...TABLE.map(([key]) => el("td", { class: key === "status" ? `status-cell status-${e.status}` : null },
    key === "source_key" || key === "target_key" ? (e[key] || e[key.replace("_key", "_text")] || "—") : (e[key] ?? ""))));
  return tr;
}

function tableHead() {
  const key = state.sort.replace(/^-/, "");
  const desc = state.sort.startsWith("-");
  return el("tr", {}, ...TABLE.map(([, label, sort]) => {
    if (!sort) return el("th", { scope: "col" }, label);
    const current = sort === key;
    return el("th", { scope: "col", "aria-sort": current ? (desc ? "descending" : "ascending") : "none" },
      el("button", { class: "sort", type: "button", "data-sort": sort, on: { click: () => {
        state.sort = current && !desc ? `-${sort}` : sort;
        state.offset = 0;
        loadEvents();
      } } }, label, current ? (desc ? " ▼" : " ▲") : ""));
  }));
}

export async function loadEvents() {
  const params = { ...filters(), sort: state.sort, limit: PAGE, offset: state.offset };
  document.getElementById("sort").value = state.sort;
  const generation = (state.loads.events = (state.loads.events || 0) + 1);
  const page = await api("/api/events", params);
  if (generation !== state.loads.events) return;  // a newer request is on its way
  state.total = page.total;
  state.rows.events = page.items;
  const table = state.view === "table";
  document.getElementById("events-table-wrap").hidden = !table;
  document.getElementById("events").hidden = table;
  for (const b of document.querySelectorAll("[data-view]")) b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
  if (table) {
    document.getElementById("events-table").replaceChildren(tableHead(), ...page.items.map(eventRow));
    document.getElementById("event-detail").hidden = true;
  } else {
    renderEvents(document.getElementById("events"), page.items);
  }
  // what is on screen, view included: a test (or a script) waiting for a view to be
  // drawn must not take the other view's earlier answer for it
  const loaded = new URLSearchParams({ ...params, view: state.view }).toString();
  document.getElementById("events").dataset.loaded = loaded;
  document.getElementById("tab-events").dataset.loaded = loaded;
  const last = Math.min(state.offset + page.items.length, page.total);
  document.getElementById("events-count").textContent =
    page.total ? `${state.offset + 1}–${last} of ${page.total.toLocaleString()} events` : "no events";
  document.getElementById("events-prev").disabled = state.offset === 0;
  document.getElementById("events-next").disabled = last >= page.total;
  state.hooks.changed();
}

// Every event in the filters (not only this page), a page of 1,000 at a time.
export async function downloadEvents() {
  const rows = [];
  for (let offset = 0; offset < 100_000; offset += 1000) {
    const page = await api("/api/events", { ...filters(), sort: state.sort, limit: 1000, offset });
    rows.push(...page.items);
    if (rows.length >= page.total || !page.items.length) break;
  }
  download("faultlines-events.csv", toCSV(CSV_COLUMNS, rows));
}

export function pageBy(step) {
  state.offset = Math.max(0, state.offset + step * PAGE);
  loadEvents();
}

// -- the evidence behind a row -------------------------------------------------------
export async function openEvidence(title, ids) {
  const dialog = document.getElementById("evidence");
  document.getElementById("evidence-title").textContent = title;
  const body = document.getElementById("evidence-body");
  body.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  delete dialog.dataset.ready;
  if (!dialog.open) dialog.showModal();
  const found = ids.events.length ? await api("/api/evidence", { id: ids.events })
    : { items: [], documents: [], missing: [] };
  const known = new Set(found.documents.map((d) => d.id));
  const docs = [...found.documents, ...ids.docs.filter((d) => !known.has(d)).map((id) => ({ id }))];
  body.replaceChildren(
    el("h3", {}, `Documents (${docs.length})`),
    el("ul", { class: "evidence-docs", "data-testid": "evidence-documents" }, ...docs.map((d) => el("li", {},
      el("a", { href: docHref(d.id), "data-doc-id": d.id, on: { click: () => dialog.close() } }, d.title || d.id),
      el("span", { class: "muted" }, [d.outlet, d.date].filter(Boolean).map((x) => ` · ${x}`).join(""))))),
    el("h3", {}, `Events (${found.items.length})`),
    ...(found.missing.length ? [el("p", { class: "muted" }, `${found.missing.length} event id(s) not in this store.`)] : []));
  const list = el("div", { class: "events", "data-testid": "evidence-events" });
  renderSplit(list, found.items);
  body.append(list);
  dialog.dataset.ready = ids.events.join(",");
}

export function evidenceButton(title, ids) {
  const n = ids.events.length, d = ids.docs.length;
  if (!n && !d) return el("span", { class: "muted" }, "—");
  const label = [n ? `${n} event${n === 1 ? "" : "s"}` : null, d ? `${d} doc${d === 1 ? "" : "s"}` : null]
    .filter(Boolean).join(" · ");
  return el("button", { type: "button", class: "evidence-open", "data-testid": "open-evidence",
    on: { click: () => openEvidence(title, ids) } }, label);
}
