/* faultlines dashboard: network -> dyad timeline -> events with their evidence.
 *
 * The URL's fragment holds the view (tab, filters, sort, open dyad or document), so
 * a link reproduces what the sender saw: #tab=network&actor=IRN&dyad=IRN:RUS.
 * Our own updates use history.replaceState (no hashchange); a pasted or clicked
 * link fires hashchange and is applied.
 */
import { api, el, filters, state, showError } from "./util.js";
import { loadEvents, downloadEvents, pageBy } from "./events.js";
import { loadNetwork, closeDyad } from "./network.js";
import { loadDocuments, loadClaims, loadTransfers, loadAlerts, downloadRows } from "./ledgers.js";
import { initBrush, drawBrush } from "./brush.js";
import { initAutocomplete, resolveActor } from "./autocomplete.js";
import { loadMap } from "./map.js";

const FIELDS = ["since", "until", "type", "status", "actor", "text"];
const LOADERS = { network: loadNetwork, events: loadEvents, documents: loadDocuments, claims: loadClaims,
  transfers: loadTransfers, alerts: loadAlerts, map: loadMap };
const field = (name) => document.querySelector(`#filters [name=${name}]`);

// -- the view in the URL ------------------------------------------------------------
function viewParams(overrides = {}) {
  const view = { ...filters(), tab: state.tab, sort: state.sort !== "date" ? state.sort : null,
    view: state.view !== "table" ? state.view : null, offset: state.offset || null,
    dyad: state.pair ? state.pair.join(":") : null, doc: state.doc,
    contested: document.getElementById("contested-only").checked ? "1" : null, ...overrides };
  if (view.tab !== "network") view.dyad = null;
  if (view.tab !== "documents") view.doc = null;
  if (view.tab !== "events") { view.sort = null; view.view = null; view.offset = null; }
  return new URLSearchParams(Object.entries(view).filter(([, v]) => v !== null && v !== undefined && v !== ""));
}

function link(overrides) { return `#${viewParams(overrides)}`; }

function writeUrl() {
  const hash = link();
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

function readUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const name of FIELDS) field(name).value = params.get(name) || "";
  state.doc = params.get("doc");
  state.tab = LOADERS[params.get("tab")] ? params.get("tab") : (state.doc ? "documents" : "network");
  const dyad = (params.get("dyad") || "").split(":");
  state.pair = dyad.length === 2 && dyad[0] && dyad[1] ? dyad : null;
  state.sort = params.get("sort") || "date";
  state.view = params.get("view") === "cards" ? "cards" : "table";
  state.offset = Math.max(0, parseInt(params.get("offset"), 10) || 0);
  document.getElementById("contested-only").checked = params.get("contested") === "1";
}

// -- tabs (the ARIA tabs pattern: arrows, Home and End move between them) -------------
function show(name, load = true) {
  state.tab = name;
  for (const button of document.querySelectorAll("nav [role=tab]")) {
    const on = button.dataset.tab === name;
    button.setAttribute("aria-selected", String(on));
    button.tabIndex = on ? 0 : -1;
  }
  for (const section of document.querySelectorAll("section.tab")) section.hidden = section.id !== `tab-${name}`;
  writeUrl();
  if (load) return LOADERS[name]().then(writeUrl).catch(() => {});
  return Promise.resolve();
}

function tabKeys(ev) {
  const tabs = [...document.querySelectorAll("nav [role=tab]")];
  const at = tabs.indexOf(document.activeElement);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[ev.key];
  if (next === undefined || at < 0) return;
  ev.preventDefault();
  const tab = tabs[(next + tabs.length) % tabs.length];
  tab.focus();
  show(tab.dataset.tab);
}

// -- filters -------------------------------------------------------------------------
async function apply() {
  const input = field("actor");
  const hint = document.getElementById("actor-hint");
  hint.hidden = true;
  if (input.value.trim()) {
    const found = await resolveActor(input.value).catch(() => ({ key: input.value.trim() }));
    if (found.key) input.value = found.key;
    else {
      hint.textContent = `No actor "${input.value.trim()}" in this store` + (found.suggestions.length
        ? `; did you mean ${found.suggestions.map((a) => `${a.key} (${a.name})`).join(", ")}?` : ".");
      hint.hidden = false;
    }
  }
  state.offset = 0;
  drawBrush();
  await show(state.tab);
}

function setDates(since, until) {
  field("since").value = since || "";
  field("until").value = until || "";
  return apply();
}

function download() {
  if (state.tab === "events") return downloadEvents();
  return downloadRows(state.tab);
}

async function start() {
  window.faultlines = { state };
  state.hooks = { link, changed: writeUrl, show: (tab) => { state.offset = 0; return show(tab); } };
  const summary = await api("/api/summary");
  document.getElementById("store").textContent =
    `${summary.db}: ${summary.documents.toLocaleString()} documents, ${summary.events.toLocaleString()} events` +
    (summary.first_date ? `, ${summary.first_date} – ${summary.last_date}` : "");
  const types = field("type");
  for (const t of summary.event_types) types.append(el("option", { value: t.event_type }, `${t.event_type} (${t.events})`));
  readUrl();
  for (const button of document.querySelectorAll("nav [role=tab]")) {
    button.addEventListener("click", () => { state.offset = 0; show(button.dataset.tab); });
  }
  document.querySelector("nav[role=tablist]").addEventListener("keydown", tabKeys);
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.addEventListener("actor-picked", () => apply());
  initAutocomplete(field("actor"), document.getElementById("actor-options"));
  document.getElementById("sort").addEventListener("change", (ev) => {
    state.sort = ev.target.value;
    state.offset = 0;
    loadEvents();
  });
  document.getElementById("events-prev").addEventListener("click", () => pageBy(-1));
  document.getElementById("events-next").addEventListener("click", () => pageBy(1));
  for (const b of document.querySelectorAll("[data-view]")) {
    b.addEventListener("click", () => { state.view = b.dataset.view; loadEvents(); });
  }
  document.getElementById("contested-only").addEventListener("change", () => loadClaims().then(writeUrl));
  document.getElementById("dyad-close").addEventListener("click", () => closeDyad());
  for (const b of document.querySelectorAll("[data-download]")) b.addEventListener("click", () => download());
  document.getElementById("brush-clear").addEventListener("click", () => setDates("", ""));
  document.getElementById("evidence-close").addEventListener("click", () => document.getElementById("evidence").close());
  window.addEventListener("hashchange", () => { readUrl(); drawBrush(); show(state.tab); });
  initBrush(document.getElementById("brush"), setDates).catch(() => {});
  await show(state.tab);
  document.body.dataset.started = "true";
}

document.addEventListener("DOMContentLoaded", () => start().catch((err) => showError(String(err))));
