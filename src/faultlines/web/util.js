/* Shared pieces of the dashboard: the view state, DOM building, API calls, CSV.
 *
 * Every piece of text from the store is put on the page with textContent or
 * createTextNode, never as HTML, so a document that contains markup shows it
 * as text. All data comes from this server's /api routes.
 */

// What is on screen; app.js mirrors it into the URL so a link reproduces the view.
export const state = {
  tab: "network", offset: 0, total: 0, sort: "date", view: "table", pair: null, doc: null,
  cy: null, rows: {}, hooks: {}, loads: {},
};

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
export const QUAD = {
  1: { name: "verbal cooperation", colour: "#56B4E9" },
  2: { name: "material cooperation", colour: "#0072B2" },
  3: { name: "verbal conflict", colour: "#E69F00" },
  4: { name: "material conflict", colour: "#D55E00" },
};
export const NOT_FACT = { name: "not stated as fact", colour: "#9E9E9E" };
export const FACTUAL = ["asserted", "reported"];
export const NON_FACTUAL = ["unconfirmed", "planned", "hypothetical", "denied"];

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function filters() {
  const form = new FormData(document.getElementById("filters"));
  const params = {};
  for (const [key, value] of form.entries()) if (value) params[key] = value.trim();
  return params;
}

export async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== undefined && value !== null && value !== "" && value !== false) query.append(key, value);
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

export function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = false;
}
export function hideError() { document.getElementById("error").hidden = true; }

// -- CSV of what is on screen ------------------------------------------------------
// A cell that starts with = + - @ is read as a formula by spreadsheets: text cells
// that do get a leading apostrophe (numbers, negative ones included, stay numbers).
function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) value = value.join("; ");
  else if (typeof value === "object") value = JSON.stringify(value);
  else if (typeof value !== "string") return String(value);
  if (/^[=+\-@\t\r]/.test(value)) value = `'${value}`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCSV(columns, rows) {
  return [columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))]
    .join("\r\n") + "\r\n";
}

export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function columnsOf(rows, preferred = []) {
  const seen = new Set();
  for (const row of rows) Object.keys(row).forEach((k) => seen.add(k));
  return [...preferred.filter((c) => seen.has(c)), ...[...seen].filter((c) => !preferred.includes(c))];
}

// The ids of the events and documents behind a row (15a's `event_ids`/`doc_ids`;
// alerts have long carried theirs as `events`).
export function evidenceOf(row) {
  const events = row.event_ids || (Array.isArray(row.events) ? row.events : []);
  return { events: events || [], docs: row.doc_ids || [] };
}

export function lastDayOfMonth(isoMonth) {
  const [y, m] = isoMonth.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function monthsBetween(first, last) {
  const found = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    found.push(`${y}-${String(m).padStart(2, "0")}-01`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return found;
}
