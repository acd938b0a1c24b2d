/* Actor autocomplete on the filter bar, from /api/actors?q= (the ARIA combobox
 * pattern: arrows move, Enter picks, Escape closes). Filters match actor keys
 * exactly, so what a reader types ("irn", "iran") is resolved to the store's key
 * before it is applied; an unknown name says so instead of showing an empty view. */
import { api, el } from "./util.js";

let timer = null, options = [], active = -1;

// /api/actors lists codes (IRN, IRN.GOV...); the filters work on keys: one option per key.
function byKey(items) {
  const keys = new Map();
  for (const a of items) {
    const key = a.key || a.code;
    const have = keys.get(key);
    const codes = [...(have?.codes || []), a.code.toLowerCase()];
    if (!have || a.code === key) keys.set(key, { key, name: a.name, kind: a.kind, codes });
    else have.codes = codes;
  }
  return [...keys.values()];
}

export async function lookup(q) {
  return byKey((await api("/api/actors", { q, limit: 50 })).items);
}

// The key the typed value stands for (case-insensitive on key, code or name), or null.
export async function resolveActor(value) {
  if (!value) return { key: "" };
  const wanted = value.trim().toLowerCase();
  const found = await lookup(value.trim());
  const exact = found.find((a) => a.key.toLowerCase() === wanted || a.codes.includes(wanted) ||
    (a.name || "").toLowerCase() === wanted);
  if (exact) return { key: exact.key };
  return { key: null, suggestions: found.slice(0, 5) };
}

function render(input, list) {
  list.replaceChildren(...options.map((a, i) => el("li", { role: "option", id: `actor-option-${i}`,
    "aria-selected": String(i === active), "data-key": a.key,
    on: { mousedown: (ev) => { ev.preventDefault(); pick(input, list, i); } } },
  el("strong", {}, a.key), " ", el("span", { class: "muted" }, [a.name, a.kind].filter(Boolean).join(" · ")))));
  list.hidden = !options.length;
  input.setAttribute("aria-expanded", String(!list.hidden));
  if (active >= 0) input.setAttribute("aria-activedescendant", `actor-option-${active}`);
  else input.removeAttribute("aria-activedescendant");
}

function pick(input, list, i) {
  input.value = options[i].key;
  options = [];
  active = -1;
  render(input, list);
  input.dispatchEvent(new CustomEvent("actor-picked", { bubbles: true }));
}

export function initAutocomplete(input, list) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      options = input.value.trim() ? await lookup(input.value.trim()).catch(() => []) : [];
      active = -1;
      render(input, list);
      list.dataset.query = input.value.trim();
    }, 150);
  });
  input.addEventListener("keydown", (ev) => {
    if (list.hidden) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      render(input, list);
    } else if (ev.key === "Enter" && active >= 0) {
      ev.preventDefault();
      pick(input, list, active);
    } else if (ev.key === "Escape") {
      options = [];
      render(input, list);
    }
  });
  input.addEventListener("blur", () => setTimeout(() => { options = []; render(input, list); }, 100));
}
