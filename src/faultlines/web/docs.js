// The API reference, built from /openapi.json with DOM calls only (no CDN, no inline
// script, no innerHTML), so it works offline under the server's content policy.
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function parameterRow(p) {
  const row = el("tr");
  row.append(el("td", p.name), el("td", p.in), el("td", p.required ? "required" : "optional"),
             el("td", (p.schema && (p.schema.type || (p.schema.anyOf || []).map(s => s.type).join(" | "))) || ""),
             el("td", p.description || ""));
  return row;
}

function operation(path, method, op) {
  const section = el("section");
  section.append(el("h2", `${method.toUpperCase()} ${path}`));
  if (op.description || op.summary) section.append(el("p", op.description || op.summary));
  const params = op.parameters || [];
  if (params.length) {
    const table = el("table");
    const head = el("tr");
    ["name", "in", "", "type", "description"].forEach(h => head.append(el("th", h)));
    table.append(head, ...params.map(parameterRow));
    section.append(table);
  }
  if (op.requestBody) section.append(el("p", "Body: JSON (see the schema in /openapi.json).", "muted"));
  return section;
}

async function main() {
  const root = document.getElementById("routes");
  try {
    const spec = await (await fetch("/openapi.json")).json();
    root.replaceChildren(el("p", `${spec.info.title} ${spec.info.version}: ${spec.info.description || ""}`));
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) root.append(operation(path, method, op));
    }
  } catch (error) {
    root.replaceChildren(el("p", `could not load /openapi.json: ${error}`));
  }
}

main();
