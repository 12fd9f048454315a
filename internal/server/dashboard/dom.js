// Small DOM helpers: elements, figures with their raw value and meaning
// (data-field, data-value, data-tone), and tables built from column specs.

export const $ = (id) => document.getElementById(id);

// el builds an element: props are attributes ("class", "data-*", "title")
// or event handlers ("onclick"); children are nodes or strings.
export function el(tag, props = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const k of kids.flat()) {
    if (k === undefined || k === null) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

// figure writes a formatted number into e, keeps the raw value for tests
// and tooltips, and sets its tone ("bad", "warn" or none).
export function figure(e, value, fmt, tone) {
  if (typeof e === "string") e = $(e);
  if (!e) return;
  const text = fmt(value);
  if (e.textContent !== text && e.dataset.value !== undefined) flash(e);
  e.textContent = text;
  if (typeof value === "number" && Number.isFinite(value)) e.dataset.value = String(value);
  else if (typeof value === "boolean" || typeof value === "string") e.dataset.value = String(value);
  else delete e.dataset.value;
  if (tone) e.dataset.tone = tone;
  else delete e.dataset.tone;
}

// flash marks a changed figure for a moment (a live update).
export function flash(e) {
  e.classList.remove("changed");
  void e.offsetWidth; // restart the animation
  e.classList.add("changed");
}

// table renders rows under column specs:
//   {label, num: fmt, value: row => raw, text: row => string|Node,
//    field: row => data-field, tone: row => "bad"|"warn"|"", cls, title}
// opts: {key: row => row id, foot: [rows rendered in tfoot], empty, onclick, selected}
export function table(t, cols, rows, opts = {}) {
  if (typeof t === "string") t = $(t);
  const head = el("thead", {}, el("tr", {}, cols.map((c) => el("th", { class: cellClass(c), title: c.title }, c.label))));
  const body = el("tbody");
  if (!rows.length) {
    body.append(el("tr", {}, el("td", { class: "empty", colspan: cols.length }, opts.empty || "None")));
  }
  for (const r of rows) body.append(row(cols, r, opts));
  const parts = [head, body];
  if (opts.foot && opts.foot.length) {
    parts.push(el("tfoot", {}, opts.foot.map((r) => row(cols, r, opts))));
  }
  t.replaceChildren(...parts);
}

function cellClass(c) {
  return [c.num ? "num" : "", c.cls || ""].join(" ").trim() || undefined;
}

function row(cols, r, opts) {
  const key = opts.key ? opts.key(r) : undefined;
  const tr = el("tr", { "data-key": key });
  if (opts.onclick) {
    tr.classList.add("clickable");
    tr.addEventListener("click", () => opts.onclick(r));
  }
  if (opts.selected && key === opts.selected) tr.classList.add("selected");
  if (opts.rowTone) {
    const tone = opts.rowTone(r);
    if (tone) tr.dataset.tone = tone;
  }
  for (const c of cols) {
    const td = el("td", { class: cellClass(c) });
    if (c.field) td.dataset.field = c.field(r);
    if (c.num) {
      figure(td, c.value(r), c.num, c.tone ? c.tone(r) : "");
    } else {
      const v = c.text ? c.text(r) : "";
      td.append(v instanceof Node ? v : document.createTextNode(v ?? ""));
      const tone = c.tone ? c.tone(r) : "";
      if (tone) td.dataset.tone = tone;
    }
    tr.append(td);
  }
  return tr;
}
