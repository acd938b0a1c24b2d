/* The time brush: the whole store's events per month (zero months included), on
 * which a drag picks the months the filters keep. Plain SVG and pointer events. The
 * date boxes stay the keyboard's way to the same filter. */
import { api, el, svg, NOT_FACT, QUAD, lastDayOfMonth } from "./util.js";

const HEIGHT = 56, LABEL = 14;
const brush = { months: [], box: null, onSelect: null };

export async function initBrush(box, onSelect) {
  brush.box = box;
  brush.onSelect = onSelect;
  brush.months = (await api("/api/timeline")).items;
  window.addEventListener("resize", () => drawBrush());
  drawBrush();
}

function geometry() {
  const width = Math.max(brush.box.clientWidth, 200);
  return { width, step: width / Math.max(brush.months.length, 1) };
}

function monthAt(clientX) {
  const { step } = geometry();
  const x = clientX - brush.box.getBoundingClientRect().left;
  return Math.min(brush.months.length - 1, Math.max(0, Math.floor(x / step)));
}

// The selected range (indices) from the date filters: whole months that overlap them.
function selected() {
  const since = document.querySelector("#filters [name=since]").value;
  const until = document.querySelector("#filters [name=until]").value;
  if (!since && !until) return null;
  const ms = brush.months.map((m) => m.period);
  let first = since ? ms.findIndex((m) => lastDayOfMonth(m) >= since) : 0;
  let last = until ? ms.length - 1 - [...ms].reverse().findIndex((m) => m <= until) : ms.length - 1;
  if (first < 0) first = ms.length;
  if (last >= ms.length) last = -1;
  return [first, last];
}

export function drawBrush(preview) {
  if (!brush.box) return;
  if (!brush.months.length) {
    brush.box.replaceChildren(el("p", { class: "muted" }, "No dated events to draw."));
    return;
  }
  const { width, step } = geometry();
  const max = Math.max(1, ...brush.months.map((m) => m.events + m.not_stated_as_fact));
  const chart = svg("svg", { width, height: HEIGHT + LABEL, role: "img", "data-testid": "brush-svg",
    "aria-label": `events per month, ${brush.months[0].period.slice(0, 7)} to ${brush.months.at(-1).period.slice(0, 7)}` });
  const [a, b] = preview || selected() || [0, -1];
  chart.append(svg("rect", { class: "brush-selection", x: a * step, y: 0, width: Math.max(0, (b - a + 1) * step),
    height: HEIGHT, "data-first": brush.months[a]?.period || "", "data-last": brush.months[b]?.period || "" }));
  brush.months.forEach((m, i) => {
    const fact = (m.events / max) * (HEIGHT - 4), other = (m.not_stated_as_fact / max) * (HEIGHT - 4);
    const w = Math.max(step - 1, 1);
    if (fact) chart.append(svg("rect", { x: i * step, y: HEIGHT - fact, width: w, height: fact, fill: QUAD[2].colour }));
    if (other) chart.append(svg("rect", { x: i * step, y: HEIGHT - fact - other, width: w, height: other, fill: NOT_FACT.colour }));
  });
  const every = Math.max(1, Math.ceil(brush.months.length / Math.max(2, Math.floor(width / 70))));
  brush.months.forEach((m, i) => {
    if (i % every === 0) chart.append(svg("text", { x: i * step, y: HEIGHT + LABEL - 2, "font-size": 10 }, m.period.slice(0, 7)));
  });
  attach(chart);
  brush.box.replaceChildren(chart);
  brush.box.dataset.ready = String(brush.months.length);
}

function attach(chart) {
  let start = null;
  chart.addEventListener("pointerdown", (ev) => {
    start = monthAt(ev.clientX);
    chart.setPointerCapture(ev.pointerId);
    drawPreview(start, start);
  });
  chart.addEventListener("pointermove", (ev) => { if (start !== null) drawPreview(start, monthAt(ev.clientX)); });
  chart.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const end = monthAt(ev.clientX);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    brush.onSelect(brush.months[a].period, lastDayOfMonth(brush.months[b].period));
  });
}

function drawPreview(a, b) {
  const sel = brush.box.querySelector(".brush-selection");
  const { step } = geometry();
  const [first, last] = [Math.min(a, b), Math.max(a, b)];
  sel.setAttribute("x", first * step);
  sel.setAttribute("width", (last - first + 1) * step);
}
