// The cascade panel: POST /v1/jobs/cascade, poll the job, then show the
// comparison table and the plots (fetched with the token, shown as blobs).

import { $, el, table } from "./dom.js";
import { get, post } from "./api.js";
import { usd, ratio, price } from "./fmt.js";

let running = null; // the job id being polled
const urls = []; // object URLs of the plots shown, revoked on the next run

export function initCascade(report) {
  $("cascade-form").addEventListener("submit", (e) => {
    e.preventDefault();
    run(new FormData(e.target)).catch((err) => {
      status("failed", err.message, "bad");
      report(err);
    });
  });
}

function status(state, text, tone) {
  const s = $("cascade-status");
  s.textContent = text;
  s.dataset.value = state;
  if (tone) s.dataset.tone = tone;
  else delete s.dataset.tone;
}

async function run(form) {
  if (running) return;
  const body = {
    synthetic: Number(form.get("synthetic")),
    path: form.get("path"),
    impact: form.get("impact"),
    steps: Number(form.get("steps")),
    runs: Number(form.get("runs")),
    seed: Number(form.get("seed")),
  };
  $("cascade-run").disabled = true;
  const bar = $("cascade-progress");
  bar.hidden = false;
  bar.value = 0;
  status("queued", "queued…");
  try {
    const job = await post("/v1/jobs/cascade", body);
    running = job.id;
    const done = await poll(job.id, bar);
    if (done.status !== "done") {
      status(done.status, `${done.status}${done.error ? ": " + done.error : ""}`, "bad");
      return;
    }
    status("done", `job ${job.id} done`);
    $("cascade-status").dataset.job = job.id;
    await Promise.all([showTable(job.id), showPlots(job.id)]);
  } catch (err) {
    if (err.missing) err.message = "cascade jobs are not available on this server (" + err.message + ")";
    throw err;
  } finally {
    running = null;
    $("cascade-run").disabled = false;
    bar.hidden = true;
  }
}

async function poll(id, bar) {
  for (;;) {
    const j = await get(`/v1/jobs/${encodeURIComponent(id)}`);
    bar.value = j.progress || 0;
    if (["done", "failed", "cancelled"].includes(j.status)) return j;
    status(j.status, `${j.status} ${Math.round((j.progress || 0) * 100)}%`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

// fmtMeasure formats a table figure by its row's unit: dollars whole
// (prices with cents), counts whole, ratios with two decimals.
function fmtMeasure(unit, x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "—";
  if (/^USD/.test(unit || "")) return Math.abs(x) >= 100 || x === 0 ? usd(x) : price(x);
  if (/count|accounts|books/.test(unit || "") || Math.abs(x) >= 1000) return usd(x);
  return ratio(x);
}

async function showTable(id) {
  const res = await get(`/v1/jobs/${encodeURIComponent(id)}/result`);
  const rows = res.table || [];
  const archs = ["isolated", "hub", "uct"].filter((a) => rows.some((r) => a in r));
  const cols = [
    { label: "Dimension", text: (r) => (r.first ? r.dimension : ""), cls: "muted" },
    { label: "Measure", text: (r) => r.measure.replaceAll("_", " ") },
    ...archs.map((a) => ({
      label: a === "uct" ? "UCT" : a[0].toUpperCase() + a.slice(1),
      num: String, value: (r) => r[a], field: (r) => `cascade.${r.measure}.${a}`,
    })),
    { label: "Unit", text: (r) => r.unit, cls: "muted unit" },
  ];
  rows.forEach((r, i) => { r.first = i === 0 || rows[i - 1].dimension !== r.dimension; });
  table("cascade-table", cols, rows, { rowTone: (r) => (r.first && rows.indexOf(r) > 0 ? "group" : "") });
  // Each row has its own unit, so figures are formatted per row.
  [...$("cascade-table").tBodies[0].rows].forEach((tr, i) => {
    for (const td of tr.querySelectorAll("td.num")) td.textContent = fmtMeasure(rows[i].unit, rows[i][td.dataset.field.split(".").pop()]);
  });
}

async function showPlots(id) {
  urls.splice(0).forEach((u) => URL.revokeObjectURL(u));
  let names = await get(`/v1/jobs/${encodeURIComponent(id)}/artifacts`);
  if (!Array.isArray(names)) names = names.artifacts || names.names || [];
  names = names.map((n) => (typeof n === "string" ? n : n.name));
  const pngs = names.filter((n) => n.endsWith(".png"));
  const shown = pngs.length ? pngs : names.filter((n) => n.endsWith(".svg"));
  const figs = await Promise.all(shown.map(async (n) => {
    const blob = await get(`/v1/jobs/${encodeURIComponent(id)}/artifacts/${encodeURIComponent(n)}`);
    const u = URL.createObjectURL(blob);
    urls.push(u);
    return el("figure", {}, el("img", { src: u, alt: n }), el("figcaption", {}, n));
  }));
  $("cascade-plots").replaceChildren(...figs);
}
