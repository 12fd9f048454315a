// Renderers, one per panel, from the API's JSON (margin.Report,
// vault.AccountState, hedge suggestions, margin events). Colour carries
// meaning only: "bad" is a breach or liquidatable, "warn" is near one.

import { $, el, figure, table } from "./dom.js";
import { usd, price, pct, ratio, qty, dec, time } from "./fmt.js";

// Thresholds of "near": a price move this small reaches a liquidation
// price; a health (equity / maintenance) this low.
const NEAR_MOVE = 0.15;
const BAD_MOVE = 0.05;
const NEAR_HEALTH = 1.1;

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// unifiedTone classifies the unified book: a margin that could not be
// computed (a listed account's or margin event's error), liquidatable or
// below initial margin is a breach; equity within 25% of maintenance is near.
export function unifiedTone(u) {
  if (u.error) return ["bad", "MARGIN ERROR", u.error];
  if (u.liquidatable) return ["bad", "LIQUIDATABLE", "equity below maintenance"];
  if (u.excess < 0) return ["bad", "INITIAL BREACH", "equity below initial margin"];
  if (u.maintenance > 0 && u.equity < 1.25 * u.maintenance) return ["warn", "NEAR", "equity within 25% of maintenance"];
  return ["", "OK", "equity above initial"];
}

// renderUnified writes the unified figures (from a report or a margin
// event); rep, when known, adds how many venues would be liquidatable alone.
export function renderUnified(u, rep) {
  const [tone, label, why] = unifiedTone(u);
  const alone = rep ? rep.venues.filter((v) => v.liquidatable).length : 0;
  const note = alone ? `${why} · ${alone} venue${alone > 1 ? "s" : ""} liquidatable alone` : why;
  const s = $("unified-status");
  s.textContent = label;
  s.dataset.value = String(!!u.liquidatable);
  s.dataset.tone = tone || "ok";
  $("unified-status-note").textContent = note;
  figure("unified-equity", u.equity, usd);
  figure("unified-initial", u.initial, usd);
  figure("unified-maintenance", u.maintenance, usd);
  figure("unified-excess", u.excess, usd, u.excess < 0 ? "bad" : "");
}

// renderReport fills every panel drawn from margin.Report.
export function renderReport(rep, prices) {
  renderUnified(rep.unified, rep);
  figure("fragmented-initial", rep.fragmented.initial, usd);
  figure("savings-initial", rep.savings.initial, usd);
  figure("savings-fraction", rep.savings.fraction, pct);
  figure("ce-fragmented", rep.capital_efficiency.fragmented, ratio);
  figure("ce-unified", rep.capital_efficiency.unified, ratio);
  figure("ce-deadweight", rep.capital_efficiency.deadweight_loss_per_year, usd);
  $("report-as-of").textContent = "as of " + time(rep.as_of);
  $("footer-params").textContent = rep.params_version ? "risk params " + rep.params_version.slice(0, 19) + "…" : "";
  renderVenues(rep, prices);
  renderCompare(rep);
  renderLiquidation(rep, prices);
  renderComponents(rep);
  renderChains(rep);
  renderGreeks(rep);
  renderStress(rep);
  renderRebalance(rep);
}

// distances lists each venue's liquidation prices with the move from the
// current price that reaches them (null when no price in range).
export function distances(rep, prices) {
  const out = [];
  for (const v of rep.venues) {
    for (const [asset, liq] of Object.entries(v.liquidation_prices || {})) {
      const now = prices[asset];
      const move = liq !== null && now > 0 ? (liq - now) / now : null;
      out.push({ venue: v.id, asset, liq, now: now ?? null, move, liquidatable: v.liquidatable });
    }
  }
  return out;
}

function moveTone(d) {
  if (d.liquidatable) return "bad";
  if (d.move === null) return "";
  const a = Math.abs(d.move);
  return a < BAD_MOVE ? "bad" : a < NEAR_MOVE ? "warn" : "";
}

function nearest(rep, prices) {
  const m = new Map();
  for (const d of distances(rep, prices)) {
    if (d.move === null) continue;
    const cur = m.get(d.venue);
    if (!cur || Math.abs(d.move) < Math.abs(cur.move)) m.set(d.venue, d);
  }
  return m;
}

function renderVenues(rep, prices) {
  const near = nearest(rep, prices);
  const f = (k) => (r) => (r.total ? `total.${r.total}.${k}` : `venue.${r.id}.${k}`);
  const cols = [
    { label: "Venue", text: (r) => r.id, cls: "id", field: f("id") },
    { label: "Model", text: (r) => r.model, cls: "muted" },
    { label: "Collateral", num: usd, value: (r) => r.collateral_value, field: f("collateral_value") },
    { label: "Equity", num: usd, value: (r) => r.equity, field: f("equity") },
    { label: "Initial", num: usd, value: (r) => r.initial, field: f("initial") },
    { label: "Maint.", num: usd, value: (r) => r.maintenance, field: f("maintenance") },
    { label: "Excess", num: usd, value: (r) => r.excess, field: f("excess"), tone: (r) => (r.excess < 0 ? "bad" : "") },
    {
      label: "Health", title: "equity / maintenance", num: ratio, value: (r) => r.health, field: f("health"),
      tone: (r) => (r.liquidatable ? "bad" : r.health !== null && r.health < NEAR_HEALTH ? "warn" : ""),
    },
    {
      label: "Nearest liq.", title: "smallest single-price move to liquidation", num: pct,
      value: (r) => (near.get(r.id) ? near.get(r.id).move : null), field: f("nearest_move"),
      tone: (r) => (r.liquidatable ? "bad" : near.get(r.id) ? moveTone(near.get(r.id)) : ""),
    },
    { label: "", text: (r) => (near.get(r.id) ? near.get(r.id).asset : ""), cls: "muted unit" },
    { label: "Status", text: (r) => (r.liquidatable ? "LIQUIDATABLE" : r.excess < 0 ? "below IM" : ""), tone: (r) => (r.liquidatable || r.excess < 0 ? "bad" : ""), cls: "flag", field: f("liquidatable") },
  ];
  // Carry and reconciliation appear when the market gives rates and the
  // book carries the venues' own reported figures.
  if (rep.venues.some((v) => v.carry)) {
    cols.splice(cols.length - 1, 0, {
      label: "Carry / yr", title: "supply + borrow + funding at market rates (USD a year)", num: usd,
      value: (r) => (r.carry ? r.carry.total : null), field: f("carry"), tone: (r) => (r.carry && r.carry.total < 0 ? "warn" : ""),
    });
  }
  if (rep.venues.some((v) => v.reported)) {
    cols.splice(cols.length - 1, 0, {
      label: "Reported", title: "model vs the venue's own reported figures, within the venue's tolerance",
      text: (r) => (r.reported ? (r.reported.drift ? "drift: " + drifting(r.reported) : "matches") : ""),
      field: f("drift"), tone: (r) => (r.reported && r.reported.drift ? "bad" : ""),
    });
  }
  const fr = rep.fragmented, u = rep.unified;
  const foot = [
    { id: "Fragmented Σ", model: "sum of venues", collateral_value: fr.collateral_value, equity: fr.equity, initial: fr.initial, maintenance: fr.maintenance, excess: fr.equity - fr.initial, health: null, liquidatable: false, total: "fragmented" },
    { id: "Unified", model: "one book", collateral_value: u.collateral_value, equity: u.equity, initial: u.initial, maintenance: u.maintenance, excess: u.excess, health: u.maintenance > 0 ? u.equity / u.maintenance : null, liquidatable: u.liquidatable, total: "unified" },
  ];
  table("venues-table", cols, rep.venues, { key: (r) => r.id, foot });
}

// drifting names the figures beyond tolerance ("initial, health").
const drifting = (rec) => (rec.figures || []).filter((x) => x.drift).map((x) => x.name).join(", ");

function renderCompare(rep) {
  const fi = rep.fragmented.initial, ui = rep.unified.initial;
  const max = Math.max(fi, ui, 1);
  $("bar-fragmented").style.width = (100 * fi) / max + "%";
  $("bar-unified").style.width = (100 * ui) / max + "%";
  figure("compare-fragmented", fi, usd);
  figure("compare-unified", ui, usd);
}

function renderLiquidation(rep, prices) {
  const rows = distances(rep, prices).filter((d) => d.liq !== null);
  rows.sort((a, b) => Math.abs(a.move ?? Infinity) - Math.abs(b.move ?? Infinity));
  const none = distances(rep, prices).filter((d) => d.liq === null).length;
  const f = (k) => (r) => `liq.${r.venue}.${r.asset}.${k}`;
  table("liq-table", [
    { label: "Venue", text: (r) => r.venue, cls: "id" },
    { label: "Asset", text: (r) => r.asset },
    { label: "Price", num: price, value: (r) => r.now, field: f("price") },
    { label: "Liq. price", num: price, value: (r) => r.liq, field: f("liquidation_price") },
    { label: "Move", num: pct, value: (r) => r.move, field: f("move"), tone: moveTone },
    { label: "", text: (r) => moveBar(r), cls: "barcell" },
  ], rows, { key: (r) => r.venue + "/" + r.asset, empty: "No liquidation price in range" });
  if (none) {
    const t = $("liq-table");
    t.append(el("caption", { class: "muted" }, `${none} venue/asset pairs have no liquidation price in range`));
  }
}

// moveBar draws |move| on a 0–50% scale: short bars are close to liquidation.
function moveBar(r) {
  const i = el("i");
  const a = r.move === null ? 0.5 : Math.min(Math.abs(r.move), 0.5);
  i.style.width = (a / 0.5) * 100 + "%";
  const t = moveTone(r);
  if (t) i.dataset.tone = t;
  return el("span", { class: "minibar" }, i);
}

function renderComponents(rep) {
  const u = rep.unified, c = u.components;
  const rows = [
    { k: "Scenario (worst: " + u.worst_scenario.name + ")", v: c.scenario, f: "unified.components.scenario" },
    { k: "Liquidity (close-out cost)", v: c.liquidity, f: "unified.components.liquidity" },
    { k: "Contingency", v: c.contingency, f: "unified.components.contingency" },
    { k: "Unified initial", v: u.initial, f: "unified.initial.sum", strong: true },
    { k: "Unified maintenance", v: u.maintenance, f: "unified.maintenance.kv" },
    { k: "Collateral (after haircuts)", v: u.collateral_value, f: "unified.collateral_value" },
  ];
  table("components-table", [
    { label: "Component", text: (r) => r.k, cls: "label" },
    { label: "USD", num: usd, value: (r) => r.v, field: (r) => r.f },
  ], rows, { rowTone: (r) => (r.strong ? "strong" : "") });
}

function renderChains(rep) {
  const rows = Object.entries(rep.collateral_by_chain || {}).map(([chain, c]) => ({ chain, ...c }));
  rows.sort((a, b) => b.value - a.value);
  table("chains-table", [
    { label: "Chain", text: (r) => r.chain },
    { label: "At market", num: usd, value: (r) => r.value, field: (r) => `chain.${r.chain}.value` },
    { label: "Counted", num: usd, value: (r) => r.counted, field: (r) => `chain.${r.chain}.counted` },
    { label: "Haircut", num: pct, value: (r) => (r.value > 0 ? 1 - r.counted / r.value : null) },
  ], rows);
}

function renderGreeks(rep) {
  const rows = Object.entries(rep.greeks || {}).map(([root, g]) => ({ root, ...g })).sort((a, b) => byName(a.root, b.root));
  const f = (k) => (r) => `greeks.${r.root}.${k}`;
  table("greeks-table", [
    { label: "Root", text: (r) => r.root, cls: "id" },
    { label: "Δ units", num: qty, value: (r) => r.delta, field: f("delta") },
    { label: "Δ USD", num: usd, value: (r) => r.delta_usd, field: f("delta_usd") },
    { label: "Γ USD", num: usd, value: (r) => r.gamma_usd, field: f("gamma_usd"), title: "USD per 1% move, squared" },
    { label: "Vega USD", num: usd, value: (r) => r.vega_usd, field: f("vega_usd") },
    { label: "Θ USD", num: usd, value: (r) => r.theta_usd, field: f("theta_usd") },
  ], rows);
}

function renderStress(rep) {
  const rows = [...(rep.stress || [])].sort((a, b) => b.loss - a.loss);
  table("stress-table", [
    { label: "Scenario", text: (r) => r.name },
    { label: "Kind", text: (r) => r.kind, cls: "muted" },
    { label: "Loss", num: usd, value: (r) => r.loss, field: (r) => `stress.${r.name}.loss`, tone: (r) => (r.loss > rep.unified.equity ? "bad" : r.loss > rep.unified.excess ? "warn" : "") },
    { label: "In IM", text: (r) => (r.in_requirement ? "yes" : ""), cls: "muted" },
  ], rows);
}

function renderRebalance(rep) {
  table("rebalance-table", [
    { label: "From", text: (r) => r.from, cls: "id" },
    { label: "To", text: (r) => r.to, cls: "id" },
    { label: "Asset", text: (r) => r.asset },
    { label: "Amount", num: (s) => dec(s), value: (r) => r.amount, field: (r) => `rebalance.${r.from}.${r.to}.${r.asset}` },
  ], rep.rebalance || [], { empty: "No move needed: no venue is short of initial margin" });
  $("warnings").replaceChildren(...(rep.warnings || []).map((w) => el("li", {}, w)));
}

// renderVault fills the vault panel from vault.AccountState.
export function renderVault(st) {
  $("vault-account").textContent = st.account;
  const rows = [
    { k: "Collateral value (haircut)", v: st.collateral_value, f: "vault.collateral_value" },
    { k: "Liens outstanding", v: st.liens_usd === undefined ? null : Number(st.liens_usd), f: "vault.liens_usd" },
    { k: "Excess over unified initial", v: st.excess, f: "vault.excess", tone: st.excess !== null && st.excess < 0 ? "bad" : "" },
  ];
  table("vault-kv", [
    { label: "", text: (r) => r.k, cls: "label" },
    { label: "USD", num: usd, value: (r) => r.v, field: (r) => r.f, tone: (r) => r.tone || "" },
  ], rows);
  const bal = Object.entries(st.balances || {}).map(([asset, b]) => ({ asset, ...b })).sort((a, b) => byName(a.asset, b.asset));
  table("balances-table", [
    { label: "Asset", text: (r) => r.asset, cls: "id" },
    { label: "Shares", num: dec, value: (r) => r.shares, field: (r) => `vault.balance.${r.asset}.shares` },
    { label: "Assets", num: dec, value: (r) => r.assets, field: (r) => `vault.balance.${r.asset}.assets` },
  ], bal, { empty: "No vault deposits" });
  table("liens-table", [
    { label: "Venue", text: (r) => r.venue, cls: "id" },
    { label: "USD", num: dec, value: (r) => r.amount_usd, field: (r) => `vault.lien.${r.venue}` },
  ], st.liens || [], { empty: "No liens" });
}

// describe writes a suggested trade as a desk would say it.
function describe(p) {
  const q = Number(p.quantity);
  const side = q < 0 ? "Sell" : "Buy";
  let what = `${p.underlying} ${p.kind}`;
  if (p.kind === "option") what = `${p.underlying} ${(p.expiry || "").slice(0, 10)} ${dec(p.strike)} ${p.right}`;
  if (p.kind === "future" && p.expiry) what = `${p.underlying} future ${p.expiry.slice(0, 10)}`;
  return { side, size: dec(String(p.quantity).replace(/^-/, "")), what };
}

export function renderHedges(h) {
  const rows = (h.suggestions || []).map((s, i) => ({ i: i + 1, ...s, d: describe(s.position) }));
  table("hedges-table", [
    { label: "#", text: (r) => String(r.i), cls: "muted" },
    { label: "Venue", text: (r) => r.venue, cls: "id" },
    { label: "Side", text: (r) => r.d.side },
    { label: "Size", text: (r) => r.d.size, cls: "num" },
    { label: "Instrument", text: (r) => r.d.what },
    { label: "IM reduction", num: usd, value: (r) => r.reduction, field: (r) => `hedge.${r.i}.reduction` },
    { label: "Cost", num: usd, value: (r) => r.cost, field: (r) => `hedge.${r.i}.cost` },
    { label: "IM after", num: usd, value: (r) => r.unified_initial_after, field: (r) => `hedge.${r.i}.after` },
    { label: "Reduction / cost", num: ratio, value: (r) => r.score, field: (r) => `hedge.${r.i}.score` },
  ], rows, { empty: "No trade lowers unified initial margin" });
}

// renderScenarios draws the historical scenarios run on the book
// (GET /v1/accounts/{id}/stress).
export function renderScenarios(run) {
  const rows = (run.scenarios || []).map((s, i) => ({ i, ...s }));
  const f = (k) => (r) => `scenario.${r.i}.${k}`;
  table("scenarios-table", [
    { label: "Scenario", text: (r) => r.name, cls: "id" },
    { label: "P&L", num: usd, value: (r) => r.pnl, field: f("pnl"), tone: (r) => (r.pnl < 0 ? "bad" : "") },
    { label: "Equity after", num: usd, value: (r) => r.unified.equity, field: f("equity") },
    { label: "Maint. after", num: usd, value: (r) => r.unified.maintenance, field: f("maintenance") },
    {
      label: "Liquidatable after", text: (r) => (r.liquidatable.length ? r.liquidatable.join(", ") : "none"),
      tone: (r) => (r.liquidatable.length ? "bad" : ""), field: f("liquidatable"),
    },
  ], rows, { empty: "No scenarios" });
}

// renderAccounts draws the admin's table of every account.
export function renderAccounts(list, selected, onSelect) {
  $("accounts-count").textContent = `${list.length} accounts · ${list.filter((a) => a.liquidatable).length} liquidatable`;
  const f = (k) => (r) => `account.${r.id}.${k}`;
  table("accounts-table", [
    { label: "Account", text: (r) => r.id, cls: "id", field: f("id") },
    { label: "Equity", num: usd, value: (r) => r.equity, field: f("equity") },
    { label: "Initial", num: usd, value: (r) => r.initial, field: f("initial") },
    { label: "Maint.", num: usd, value: (r) => r.maintenance, field: f("maintenance") },
    { label: "Excess", num: usd, value: (r) => r.excess, field: f("excess"), tone: (r) => (r.excess < 0 ? "bad" : "") },
    {
      label: "Cushion", title: "share of equity that can be lost before liquidation: (equity − maintenance) / equity",
      num: pct, value: cushion, field: f("cushion"), tone: (r) => cushionTone(r),
    },
    { label: "", text: (r) => cushionBar(r), cls: "barcell" },
    { label: "Status", text: (r) => unifiedTone(r)[1], tone: (r) => unifiedTone(r)[0], cls: "flag", field: f("status") },
  ], list, { key: (r) => r.id, selected, onclick: (r) => onSelect(r.id) });
}

const cushion = (r) => (r.equity > 0 ? (r.equity - r.maintenance) / r.equity : null);

function cushionTone(r) {
  const c = cushion(r);
  if (r.liquidatable || c === null || c <= 0) return "bad";
  return c < 0.2 ? "warn" : "";
}

function cushionBar(r) {
  const i = el("i");
  i.style.width = Math.max(0, Math.min(1, cushion(r) ?? 0)) * 100 + "%";
  const t = cushionTone(r);
  if (t) i.dataset.tone = t;
  return el("span", { class: "minibar wide" }, i);
}

// updateAccountRow applies a margin event to the accounts table.
export function updateAccountRow(ev) {
  const tr = document.querySelector(`#accounts-table tr[data-key="${CSS.escape(ev.account)}"]`);
  if (!tr) return false;
  for (const k of ["equity", "initial", "maintenance", "excess"]) {
    const td = tr.querySelector(`[data-field="account.${CSS.escape(ev.account)}.${k}"]`);
    if (td) figure(td, ev[k], usd, k === "excess" && ev[k] < 0 ? "bad" : "");
  }
  const cu = tr.querySelector(`[data-field="account.${CSS.escape(ev.account)}.cushion"]`);
  if (cu) figure(cu, cushion(ev), pct, cushionTone(ev));
  const bar = cu && cu.nextElementSibling;
  if (bar) bar.replaceChildren(cushionBar(ev));
  const st = tr.querySelector(`[data-field="account.${CSS.escape(ev.account)}.status"]`);
  if (st) {
    const [tone, label] = unifiedTone(ev);
    st.textContent = label;
    if (tone) st.dataset.tone = tone;
    else delete st.dataset.tone;
  }
  return true;
}

// renderPrices shows the market's prices in the header.
export function renderPrices(asOf, prices) {
  figure("market-as-of", asOf, time);
  const keys = Object.keys(prices).sort(byName);
  $("prices").replaceChildren(...keys.map((k) => {
    const b = el("b", { "data-field": "price." + k });
    figure(b, prices[k], price);
    return el("span", { class: "px" }, el("label", {}, k), b);
  }));
}
