/* The map: places with coordinates where the events in the filters happened, over
 * an offline world outline (Natural Earth 1:110m, public domain, vendored as one
 * SVG path; no tile server). A dot's area is its number of events; click a dot
 * for its events and documents. */
import { api, filters, state, svg, QUAD, NOT_FACT } from "./util.js";
import { openEvidence } from "./events.js";

let outline = null;

// The view box around the places (2:1, at least 40 degrees wide), or the whole world.
function extent(items) {
  if (!items.length) return [-180, -90, 360, 180];
  const xs = items.map((p) => p.longitude), ys = items.map((p) => -p.latitude);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const width = Math.min(360, Math.max(40, (Math.max(...xs) - Math.min(...xs)) * 1.4,
    (Math.max(...ys) - Math.min(...ys)) * 2.8));
  return [cx - width / 2, cy - width / 4, width, width / 2];
}

function colour(place) {
  if (!place.stated_as_fact) return NOT_FACT.colour;
  return QUAD[Math.max(...place.quad_classes)]?.colour || "#555";
}

export async function loadMap() {
  const f = filters();
  outline = outline || await fetch("/static/vendor/world-110m.json").then((r) => r.json());
  const { items } = await api("/api/places", { actor: f.actor, type: f.type, status: f.status, since: f.since,
    until: f.until, text: f.text });
  state.rows.map = items.map((p) => ({ ...p, events: p.event_ids.length }));
  const box = extent(items);
  const chart = svg("svg", { viewBox: box.join(" "), role: "img", "data-testid": "map-svg",
    "aria-label": `map of ${items.length} places with events`, preserveAspectRatio: "xMidYMid meet" });
  chart.append(svg("path", { d: outline.path, class: "land" }));
  const unit = box[2] / 120;
  for (const place of items) {
    const dot = svg("circle", { cx: place.longitude, cy: -place.latitude, r: unit * Math.sqrt(place.event_ids.length),
      fill: colour(place), class: "place", tabindex: 0, "data-place": place.place || "" });
    dot.append(svg("title", {}, `${place.place}: ${place.event_ids.length} event(s)`));
    const open = () => openEvidence(`Events at ${place.place}`, { events: place.event_ids, docs: place.doc_ids });
    dot.addEventListener("click", open);
    dot.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    chart.append(dot);
  }
  document.getElementById("map").replaceChildren(chart);
  document.getElementById("map-count").textContent = items.length
    ? `${items.length} place(s) with coordinates, ${items.reduce((n, p) => n + p.event_ids.length, 0)} event(s); ` +
      "events without coordinates are not drawn."
    : "No event in the filters carries coordinates.";
  document.getElementById("map").dataset.loaded = String(items.length);
}
