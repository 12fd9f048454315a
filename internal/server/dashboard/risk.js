// Risk evidence for the selected account, on request: the VaR and ES table
// beside the unified and fragmented initial margin (GET …/var) and the
// reverse stress, the smallest move per direction that makes a venue or the
// account liquidatable (GET …/stress/reverse). Both run on the stored book
// against the stored market, as `unimargin var` and `stress --reverse`.
import { $, el, table } from "./dom.js";
import { get } from "./api.js";
import { usd, pct } from "./fmt.js";

// clearRisk removes another account's figures.
export function clearRisk() {
  for (const id of ["var-table", "reverse-table"]) $(id).querySelectorAll("thead, tbody, tfoot").forEach((n) => n.remove());
  $("risk-as-of").textContent = "";
  $("var-note").textContent = "";
  $("reverse-note").textContent = "";
}

export async function loadRisk(account) {
  const q = `/v1/accounts/${encodeURIComponent(account)}`;
  const [v, r] = await Promise.all([get(q + "/var"), get(q + "/stress/reverse")]);
  return { v, r };
}

export function renderRisk({ v, r }) {
  $("risk-as-of").textContent = "market " + r.as_of.replace("T", " ");
  $("var-note").textContent = `moves of ${v.lookback_from} to ${v.lookback_to}; unified IM ${usd(v.unified_initial)}, fragmented IM ${usd(v.fragmented_initial)}`;
  const vf = (k) => (row) => `var.${row.method}.${row.confidence}.${row.horizon_days}.${k}`;
  table("var-table", [
    { label: "Method", text: (row) => row.method },
    { label: "Conf.", num: pct, value: (row) => row.confidence },
    { label: "Horizon", text: (row) => row.horizon_days + " d", cls: "num" },
    { label: "VaR", num: usd, value: (row) => row.var, field: vf("var"), tone: (row) => (row.var > v.unified_initial ? "warn" : "") },
    { label: "ES", num: usd, value: (row) => row.es, field: vf("es"), tone: (row) => (row.es > v.unified_initial ? "warn" : "") },
  ], v.rows, { empty: "No VaR" });
  const s = r.smallest;
  $("reverse-note").textContent = s
    ? `smallest price move: ${s.name} ${pct(s.move)} breaks ${s.breaks.join(", ") || "—"}`
    : "nothing breaks within the searched moves";
  const rf = (k) => (mv) => `reverse.${mv.name}.${k}`;
  table("reverse-table", [
    { label: "Direction", text: (mv) => mv.name, cls: "id" },
    { label: "Kind", text: (mv) => mv.kind, cls: "muted" },
    { label: "Move", num: pct, value: (mv) => mv.move, field: rf("move"), tone: (mv) => (mv.move !== null && Math.abs(mv.move) < 0.1 ? "bad" : "") },
    { label: "Breaks first", text: (mv) => (mv.move === null ? "nothing" : mv.breaks.join(", ")), field: rf("breaks") },
    { label: "Unified equity there", num: usd, value: (mv) => (mv.at ? mv.at.unified.equity : null) },
  ], r.moves, { key: (mv) => mv.name, empty: "No risk asset to move" });
}

export function initRisk(getAccount, onError) {
  $("risk-run").addEventListener("click", async () => {
    const account = getAccount();
    $("risk-run").disabled = true;
    $("reverse-note").textContent = "computing…";
    try {
      const res = await loadRisk(account);
      if (account === getAccount()) renderRisk(res);
    } catch (err) {
      onError(err);
    } finally {
      $("risk-run").disabled = false;
    }
  });
}
