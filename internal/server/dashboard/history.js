// Margin history and alerts: a time series of the account's unified
// equity, initial and maintenance from GET /v1/accounts/{id}/history (an
// inline SVG, oldest left), and the account's alerts — the stored ones
// (GET …/alerts, newest first) joined by those the event stream carries
// (`alert` events, the same ids) — beside its limits (GET …/limits).
import { $, el, table } from "./dom.js";
import { get } from "./api.js";
import { usd, ratio } from "./fmt.js";

const alerts = [];
const SVG = "http://www.w3.org/2000/svg";

// shown is the account and the entries the chart shows (newest first), for
// the explanation.
let shown = { account: "", entries: [] };

export async function loadHistory(account) {
  const q = `/v1/accounts/${encodeURIComponent(account)}`;
  const [h, l, a] = await Promise.all([get(q + "/history?limit=500"), get(q + "/limits"), get(q + "/alerts?limit=20")]);
  if (shown.account !== account) $("explain-table").replaceChildren();
  shown = { account, entries: h.entries };
  alerts.length = 0;
  alerts.push(...a.alerts);
  drawAlerts();
  drawHistory(h.entries.slice().reverse());
  const last = h.entries[0];
  $("history-count").textContent = String(h.entries.length);
  $("history-last-initial").textContent = last ? usd(last.initial) : "—";
  table("limits-table", [
    { label: "Limit", text: (r) => r.kind },
    { label: "Threshold", num: ratio, value: (r) => r.threshold },
    { label: "State", text: (r) => (r.breached ? "breached" : "ok"), field: (r) => "limit." + r.kind, tone: (r) => (r.breached ? "bad" : "") },
  ], l.limits, { empty: "No limits set" });
}

// drawHistory plots equity, initial and maintenance against entry order.
function drawHistory(entries) {
  const svg = $("history-chart");
  svg.replaceChildren();
  if (entries.length < 1) return;
  const W = 600, H = 160, pad = 4;
  const series = [["equity", "var(--ok, #2a7)"], ["initial", "var(--accent, #36c)"], ["maintenance", "var(--warn, #c80)"]];
  const vals = entries.flatMap((e) => series.map(([k]) => e[k]));
  const lo = Math.min(...vals), hi = Math.max(...vals), span = hi - lo || 1;
  const x = (i) => pad + (entries.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (entries.length - 1));
  const y = (v) => H - pad - ((v - lo) * (H - 2 * pad)) / span;
  for (const [k, color] of series) {
    const p = document.createElementNS(SVG, "polyline");
    p.setAttribute("points", entries.map((e, i) => `${x(i).toFixed(1)},${y(e[k]).toFixed(1)}`).join(" "));
    p.setAttribute("fill", "none");
    p.setAttribute("stroke", color);
    p.setAttribute("stroke-width", "2");
    p.dataset.series = k;
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${k}: ${usd(entries[0][k])} → ${usd(entries[entries.length - 1][k])}`;
    p.append(t);
    svg.append(p);
  }
}

// addAlert shows an `alert` event, newest first (the last 20); one already
// listed from the store is not shown twice.
export function addAlert(ev) {
  if (alerts.some((a) => a.id === ev.id)) return;
  alerts.unshift({ ...ev, raised_at: new Date(ev.timestamp * 1000).toISOString() });
  alerts.length = Math.min(alerts.length, 20);
  drawAlerts();
}

function drawAlerts() {
  table("alerts-table", [
    { label: "Limit", text: (a) => a.kind, field: (a, i) => "alert." + (alerts.indexOf(a) + 1) + ".kind" },
    { label: "State", text: (a) => a.state, field: (a) => "alert." + (alerts.indexOf(a) + 1) + ".state", tone: (a) => (a.state === "breached" ? "bad" : "ok") },
    { label: "Value", num: ratio, value: (a) => a.value },
    { label: "Threshold", num: ratio, value: (a) => a.threshold },
    { label: "Raised", text: (a) => a.raised_at },
    { label: "As of", text: (a) => a.as_of },
  ], alerts, { empty: "No alerts" });
}

// explain draws the additive waterfall between the oldest and the newest
// entry shown (GET …/explain?from=&to=): price, vol, time, trades, params.
async function explain(onError) {
  const { account, entries } = shown;
  if (entries.length < 2) {
    $("explain-note").textContent = "needs two entries";
    return;
  }
  const from = entries[entries.length - 1], to = entries[0];
  try {
    const x = await get(`/v1/accounts/${encodeURIComponent(account)}/explain?from=${from.seq}&to=${to.seq}`);
    if (account !== shown.account) return;
    $("explain-note").textContent = `initial ${usd(x.before.initial)} (${x.as_of_before}) → ${usd(x.after.initial)} (${x.as_of_after})`;
    const rows = [...x.steps, { factor: "total", change: x.total, after: x.after }];
    table("explain-table", [
      { label: "Factor", text: (r) => r.factor, cls: "id" },
      { label: "Initial change", num: usd, value: (r) => r.change.initial, field: (r) => `explain.${r.factor}.initial` },
      { label: "Equity change", num: usd, value: (r) => r.change.equity, field: (r) => `explain.${r.factor}.equity` },
      { label: "Initial after", num: usd, value: (r) => r.after.initial },
    ], rows, { key: (r) => r.factor });
  } catch (err) {
    onError(err);
  }
}

export function initHistory(onError = () => {}) {
  $("explain-run").addEventListener("click", () => explain(onError));
  table("alerts-table", [{ label: "Alerts" }], [], { empty: "No alerts" });
  void el;
}
