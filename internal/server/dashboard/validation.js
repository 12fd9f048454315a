// Model validation: the reference books' margin backtest over the embedded
// 2021-2023 prices (GET /v1/backtest/reference, `unimargin backtest` on the
// reference books, computed once per server): per book the mean unified
// and fragmented initial margin, the savings, the unified 1-day
// exceedances with Kupiec's p-value, and the Basel traffic-light zone.
import { $, table } from "./dom.js";
import { get } from "./api.js";
import { usd, pct } from "./fmt.js";

const zoneTone = { green: "", yellow: "warn", red: "bad" };

export function renderValidation(s) {
  $("validation-note").textContent = `${s.from} to ${s.to}, ${s.days} days`;
  $("validation-method").textContent = s.method;
  const f = (k) => (b) => `validation.${b.name}.${k}`;
  table("validation-table", [
    { label: "Book", text: (b) => b.name + (b.hedged ? " (hedged)" : ""), cls: "id" },
    { label: "Unified IM", num: usd, value: (b) => b.mean_unified_initial, field: f("unified"), title: "mean over the days" },
    { label: "Fragmented IM", num: usd, value: (b) => b.mean_fragmented_initial, field: f("fragmented"), title: "mean over the days" },
    { label: "Savings", num: pct, value: (b) => b.mean_savings, field: f("savings"), tone: (b) => (b.mean_savings < 0.3 ? "warn" : "") },
    { label: "Exceed. 1d", text: (b) => `${b.unified_1d.exceedances} / ${b.unified_1d.days}`, field: f("exceedances"), cls: "num",
      tone: (b) => (b.hedged && b.unified_1d.exceedances > 0 ? "bad" : "") },
    { label: "Kupiec p", num: (x) => (Number.isFinite(x) ? x.toFixed(3) : "—"), value: (b) => b.unified_1d.kupiec_p, field: f("kupiec_p"),
      tone: (b) => (b.unified_1d.kupiec_p < 0.05 ? "warn" : "") },
    { label: "Zone", text: (b) => b.unified_1d.zone, field: f("zone"), tone: (b) => zoneTone[b.unified_1d.zone] || "" },
  ], s.books, { key: (b) => b.name, empty: "No reference books" });
}

// loadValidation fills the panel once: the figures do not change while the
// server runs.
export async function loadValidation(onError) {
  $("validation-method").textContent = "computing the backtest…";
  try {
    renderValidation(await get("/v1/backtest/reference"));
  } catch (err) {
    $("validation-method").textContent = "";
    onError(err);
  }
}
