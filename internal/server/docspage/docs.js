// The API docs page: loads /openapi.json from this server and renders every
// operation (method, path, access, parameters, request body, responses)
// and every schema. DOM is built with textContent only, never HTML strings.

const el = (tag, attrs = {}, ...kids) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") n.className = v;
    else n.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) n.append(k);
  return n;
};

// text renders `code` spans of a description; everything else stays text.
const text = (s, tag = "p") => {
  const n = el(tag, { class: "desc" });
  String(s || "").split("`").forEach((part, i) => n.append(i % 2 ? el("code", {}, part) : part));
  return n;
};

const refName = (ref) => ref.split("/").pop();
const anchor = (kind, name) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;

// typeOf is a schema's type as readable nodes: links for $refs.
function typeOf(s) {
  if (!s) return "any";
  if (s.$ref) return el("a", { class: "ref", href: "#" + anchor("schema", refName(s.$ref)) }, refName(s.$ref));
  if (s.oneOf || s.anyOf) {
    const span = el("span");
    (s.oneOf || s.anyOf).forEach((x, i) => { if (i) span.append(" | "); span.append(typeOf(x)); });
    return span;
  }
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((x) => x != null);
  const nullable = types.includes("null");
  const t = types.filter((x) => x !== "null").join(" | ");
  const span = el("span");
  if (t === "array") span.append("array of ", typeOf(s.items));
  else if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
    span.append("map of ", typeOf(s.additionalProperties));
  } else span.append((t || "any") + (s.format ? ` (${s.format})` : ""));
  if (nullable) span.append(" | null");
  return span;
}

// limits lists a schema's constraints.
function limits(s) {
  if (!s) return "";
  const out = [];
  for (const k of ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "default"]) {
    if (s[k] !== undefined) out.push(`${k} ${JSON.stringify(s[k])}`);
  }
  if (s.enum) out.push("one of " + s.enum.map((x) => JSON.stringify(x)).join(", "));
  return out.join("; ");
}

function propertiesTable(s) {
  const props = (s && s.properties) || {};
  const names = Object.keys(props);
  if (!names.length) return el("p", { class: "desc" }, typeOf(s));
  const required = new Set(s.required || []);
  const tb = el("tbody");
  for (const name of names) {
    const p = props[name];
    const nameCell = el("td", {}, el("code", {}, name));
    if (required.has(name)) nameCell.append(el("span", { class: "req" }, "required"));
    tb.append(el("tr", {}, nameCell, el("td", {}, el("span", { class: "type" }, typeOf(p))),
      el("td", {}, text(p.description, "span"), limits(p) ? el("div", { class: "summary" }, limits(p)) : null)));
  }
  return el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "type"), el("th", {}, "description"))), tb);
}

const accessOf = (op) => (op.security && op.security.length ? "bearer token" : "no token");

function parameters(op) {
  if (!op.parameters || !op.parameters.length) return null;
  const tb = el("tbody");
  for (const p of op.parameters) {
    const nameCell = el("td", {}, el("code", {}, p.name));
    if (p.required) nameCell.append(el("span", { class: "req" }, "required"));
    tb.append(el("tr", {}, nameCell, el("td", {}, p.in), el("td", {}, el("span", { class: "type" }, typeOf(p.schema))),
      el("td", {}, text(p.description || (p.schema && p.schema.description), "span"),
        limits(p.schema) ? el("div", { class: "summary" }, limits(p.schema)) : null)));
  }
  return el("div", {}, el("h4", {}, "Parameters"), el("table", {},
    el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "description"))), tb));
}

function contentRows(content) {
  const out = el("span");
  Object.entries(content || {}).forEach(([type, media], i) => {
    if (i) out.append(el("br"));
    out.append(el("code", {}, type), " ", typeOf(media.schema));
  });
  return out;
}

function requestBody(op) {
  const rb = op.requestBody;
  if (!rb) return null;
  return el("div", {}, el("h4", {}, "Request body" + (rb.required ? " (required)" : "")),
    rb.description ? text(rb.description) : null, el("p", { class: "desc" }, contentRows(rb.content)));
}

function responses(op) {
  const tb = el("tbody");
  for (const [code, r] of Object.entries(op.responses || {})) {
    tb.append(el("tr", {}, el("td", {}, el("code", {}, code)), el("td", {}, r.description || ""),
      el("td", {}, contentRows(r.content))));
  }
  return el("div", {}, el("h4", {}, "Responses"), el("table", {},
    el("thead", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, "meaning"), el("th", {}, "body"))), tb));
}

function operation(method, path, op) {
  const id = anchor("op", op.operationId || method + path);
  return el("article", { class: "op", id, "data-search": `${method} ${path} ${op.operationId} ${op.summary}`.toLowerCase() },
    el("h2", {}, el("span", { class: "method " + method }, method.toUpperCase()), el("span", { class: "path" }, path),
      el("span", { class: "summary" }, op.summary || ""), el("span", { class: "access" }, accessOf(op))),
    op.description ? text(op.description) : null,
    el("p", { class: "summary" }, "operationId ", el("code", {}, op.operationId || "")),
    parameters(op), requestBody(op), responses(op));
}

function schema(name, s) {
  return el("article", { class: "schema", id: anchor("schema", name), "data-search": name.toLowerCase() },
    el("h2", {}, el("span", { class: "path" }, name), el("span", { class: "summary" }, s.type || "")),
    s.description ? text(s.description) : null, propertiesTable(s));
}

function render(doc) {
  document.title = `${doc.info.title} ${doc.info.version} API`;
  document.getElementById("title").textContent = `${doc.info.title} API`;
  document.getElementById("meta").textContent = `version ${doc.info.version} · OpenAPI ${doc.openapi} · `;
  document.getElementById("meta").append(el("a", { href: "/openapi.json" }, "/openapi.json"));
  document.getElementById("intro").append(text(doc.info.description));
  const ops = document.getElementById("operations");
  const toc = document.getElementById("toc");
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "put", "post", "delete", "patch"].includes(method)) continue;
      const tag = (op.tags && op.tags[0]) || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([method, path, op]);
    }
  }
  for (const tag of [...byTag.keys()].sort()) {
    toc.append(el("h3", {}, tag));
    ops.append(el("h2", {}, tag));
    for (const [method, path, op] of byTag.get(tag).sort((a, b) => (a[1] + " " + a[0] < b[1] + " " + b[0] ? -1 : 1))) {
      const art = operation(method, path, op);
      ops.append(art);
      toc.append(el("a", { href: "#" + art.id, "data-for": art.id }, `${method.toUpperCase()} ${path}`));
    }
  }
  const schemas = document.getElementById("schemas");
  schemas.append(el("h2", {}, "Schemas"));
  toc.append(el("h3", {}, "schemas"));
  const comps = (doc.components && doc.components.schemas) || {};
  for (const name of Object.keys(comps).sort()) {
    const art = schema(name, comps[name]);
    schemas.append(art);
    toc.append(el("a", { href: "#" + art.id, "data-for": art.id }, name));
  }
}

function filter(q) {
  q = q.trim().toLowerCase();
  for (const art of document.querySelectorAll("article")) {
    const hide = q !== "" && !art.dataset.search.includes(q);
    art.classList.toggle("hidden", hide);
    const link = document.querySelector(`nav a[data-for="${art.id}"]`);
    if (link) link.classList.toggle("hidden", hide);
  }
}

async function main() {
  try {
    const res = await fetch("/openapi.json");
    if (!res.ok) throw new Error(`/openapi.json: HTTP ${res.status}`);
    render(await res.json());
  } catch (err) {
    document.getElementById("meta").textContent = "Could not load the API description: " + err.message;
    return;
  }
  document.getElementById("filter").addEventListener("input", (e) => filter(e.target.value));
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

main();
