/* Documents, claims, arms transfers and alerts: tables whose rows open the events
 * and documents behind them (when the API gives their ids), and download as CSV. */
import { api, el, filters, state, columnsOf, evidenceOf, toCSV, download } from "./util.js";
import { docHref, evidenceButton, renderEvents } from "./events.js";

const ID_COLUMNS = ["event_ids", "doc_ids"];
const CLAIM_COLUMNS = ["event_type", "source_key", "target_key", "instrument", "first_date", "last_date", "documents",
  "corroboration", "stances", "contested"];

function cell(value) {
  if (value === true) return "yes";
  if (value === false) return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (value && typeof value === "object") return JSON.stringify(value);
  return value ?? "";
}

// A table of rows; extra fields the API adds later (a contested claim's reason, say)
// show up as columns of their own; id lists become one "evidence" button.
function grid(table, items, preferred, title, empty = "Nothing in the current filters.") {
  const columns = columnsOf(items, preferred).filter((c) => !ID_COLUMNS.includes(c) && c !== "events_ids");
  const withIds = items.some((r) => { const ids = evidenceOf(r); return ids.events.length || ids.docs.length; });
  table.replaceChildren(el("tr", {}, ...columns.map((c) => el("th", { scope: "col" }, c.replace(/_/g, " "))),
    withIds ? el("th", { scope: "col" }, "evidence") : null),
  ...items.map((row) => el("tr", {}, ...columns.map((c) => el("td", {}, cell(row[c]))),
    withIds ? el("td", {}, evidenceButton(title(row), evidenceOf(row))) : null)));
  if (!items.length) table.append(el("tr", {}, el("td", { colspan: Math.max(columns.length, 1), class: "muted" }, empty)));
}

export async function loadDocuments() {
  const page = await api("/api/documents", { q: filters().text, limit: 200 });
  state.rows.documents = page.items;
  const table = document.getElementById("documents");
  table.replaceChildren(el("tr", {}, ...["date", "title", "source", "events"].map((c) => el("th", { scope: "col" }, c))),
    ...page.items.map((d) => el("tr", {},
      el("td", {}, d.date || ""),
      el("td", {}, el("a", { href: docHref(d.id), "data-testid": "document-link" }, d.title || d.id),
        d.duplicate_of ? el("span", { class: "muted" }, " (near-duplicate)") : null),
      el("td", {}, d.source || ""), el("td", {}, d.events))));
  if (state.doc) await openDocument(state.doc);
  else document.getElementById("document").hidden = true;
}

export async function openDocument(id) {
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  document.getElementById("document").hidden = false;
  document.getElementById("document-title").textContent = doc.title || doc.id;
  document.getElementById("document-meta").textContent =
    [doc.source, doc.date, doc.url, `${doc.n_chars} characters`, `id ${doc.id}`].filter(Boolean).join(" · ");
  const text = document.getElementById("document-text");
  text.replaceChildren(...doc.text.split(/\n{2,}/).map((para) => el("p", {}, para)));
  renderEvents(document.getElementById("document-events"), doc.events);
  document.getElementById("document").dataset.ready = doc.id;
}

export async function loadClaims() {
  const contested = document.getElementById("contested-only").checked;
  const f = filters();
  const page = await api("/api/claims", { actor: f.actor, type: f.type, since: f.since, until: f.until,
    status: f.status, contested });
  state.rows.claims = page.items;
  grid(document.getElementById("claims"), page.items, CLAIM_COLUMNS,
    (r) => `Claim: ${r.event_type} ${r.source_key || "?"} → ${r.target_key || "?"} ${r.instrument || ""}`);
  document.getElementById("claims").dataset.loaded = String(page.items.length);
}

export async function loadTransfers() {
  const f = filters();
  const page = await api("/api/transfers", { actor: f.actor, since: f.since, until: f.until, status: f.status });
  state.rows.transfers = page.items;
  grid(document.getElementById("transfers"), page.items, ["supplier", "recipient", "system"],
    (r) => `Transfer: ${r.supplier} → ${r.recipient}, ${r.system}`);
  document.getElementById("transfers").dataset.loaded = String(page.items.length);
}

export async function loadAlerts() {
  const f = filters();
  const page = await api("/api/alerts", { actor: f.actor, since: f.since, until: f.until, status: f.status });
  state.rows.alerts = page.items.map((a) => ({ ...a, dyad: a.dyad.join(" ↔ "),
    event_ids: a.event_ids || a.events, events: (a.event_ids || a.events || []).length }));
  grid(document.getElementById("alerts"), state.rows.alerts, ["dyad", "week", "count", "baseline", "score", "events"],
    (r) => `Alert: ${r.dyad}, week of ${r.week}`,
    "No alerts: no dyad's weekly count of conflict events rose well above its own baseline " +
    "(a dyad needs a few weeks of history before it can alert).");
  document.getElementById("alerts").dataset.loaded = String(page.items.length);
}

// The rows last loaded, every field (id lists joined with "; ").
export function downloadRows(name) {
  const rows = state.rows[name] || [];
  download(`faultlines-${name}.csv`, toCSV(columnsOf(rows), rows));
}
