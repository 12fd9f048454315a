// The settlement panel: the shown account's vault collateral by chain —
// home, off home, and in flight (on no chain, at the bridge's haircut) —
// its moves, how long collateral at home takes to reach each chain; for an
// admin, every account's collateral by chain and the bridges' states. It
// builds its own section, follows the account the page shows
// (body[data-account]) and reloads now and then; it fails on its own.

import { $, el, table } from "./dom.js";
import { get } from "./api.js";
import { usd, dec, time } from "./fmt.js";
import { wrap } from "./governance.js";

const EVERY = 15000;
let timer = null;
let observer = null;

// initSettlement adds the panel (once) and loads it; admin adds the
// store-wide figures; report shows a failure in the panel.
export function initSettlement(admin, report) {
  if (!$("settlement-panel")) {
    $("desk").append(el("section", { class: "panel span-12", id: "settlement-panel" },
      el("h2", {}, "Collateral by chain ", el("small", {}, "vault shares at home, moved to other chains, and in flight over bridges"),
        el("span", { class: "stamp", id: "settlement-account" })),
      el("div", { class: "scroll short" }, el("table", { id: "settlement-chains", class: "grid" })),
      el("h3", {}, "Holdings"),
      el("div", { class: "scroll short" }, el("table", { id: "settlement-holdings", class: "grid" })),
      el("h3", {}, "Moves"),
      el("div", { class: "scroll short" }, el("table", { id: "settlement-moves", class: "grid" })),
      el("h3", {}, "Time to reach a chain ", el("small", {}, "what a liquidation there waits for collateral at home")),
      el("div", { class: "scroll short" }, el("table", { id: "settlement-etas", class: "grid" })),
      el("h3", { id: "settlement-bridges-title", hidden: !admin }, "Bridges"),
      el("table", { id: "settlement-bridges", class: "grid", hidden: !admin })));
  }
  const load = () => refresh(admin).catch(report);
  load();
  clearInterval(timer);
  timer = setInterval(load, EVERY);
  if (observer) observer.disconnect();
  observer = new MutationObserver(load);
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-account"] });
}

async function refresh(admin) {
  const account = document.body.dataset.account;
  if (account) {
    const st = await get(`/v1/settlement/accounts/${encodeURIComponent(account)}`);
    $("settlement-account").textContent = account;
    table("settlement-chains", chainCols, byChain(st.by_chain_usd), { key: (r) => r.chain, empty: "No vault collateral" });
    table("settlement-holdings", holdingCols, st.holdings || [], { key: (h) => `${h.chain}#${h.bridge}#${h.asset}`, empty: "No vault collateral" });
    table("settlement-moves", moveCols, st.moves || [], { key: (m) => m.id, empty: "No moves", rowTone: (m) => (m.status === "voided" ? "warn" : "") });
    table("settlement-etas", etaCols, st.etas || [], { empty: "Nothing at home to move" });
  }
  if (admin) {
    const ov = await get("/v1/settlement");
    if (!account) table("settlement-chains", chainCols, byChain(ov.by_chain_usd), { key: (r) => r.chain });
    table("settlement-bridges", bridgeCols, ov.bridges || [], { key: (b) => b.bridge, rowTone: (b) => (b.halted ? "bad" : "") });
  }
}

// byChain lists chains by value, in flight last.
function byChain(m) {
  const rows = Object.entries(m || {}).map(([chain, value]) => ({ chain, value }));
  rows.sort((a, b) => (a.chain === "in-flight") - (b.chain === "in-flight") || b.value - a.value);
  return rows;
}

const chainCols = [
  { label: "Chain", text: (r) => (r.chain === "in-flight" ? "in flight (no chain)" : r.chain), field: (r) => "settle.chain." + r.chain + ".name" },
  { label: "Value (USD)", num: usd, value: (r) => r.value, field: (r) => "settle.chain." + r.chain, tone: (r) => (r.chain === "in-flight" ? "warn" : "") },
];

const holdingCols = [
  { label: "Chain", text: (h) => h.chain },
  { label: "Arrived over", text: (h) => h.bridge || "—" },
  { label: "Asset", text: (h) => h.asset },
  { label: "Shares", text: (h) => dec(h.shares), cls: "num" },
  { label: "Assets", text: (h) => dec(h.assets), cls: "num" },
  { label: "USD", num: usd, value: (h) => h.value_usd },
];

const moveCols = [
  { label: "Move", text: (m) => m.id, field: (m) => "settle.move." + m.id },
  { label: "Shares", text: (m) => `${dec(m.shares)} ${m.asset}`, cls: "num" },
  { label: "Route", text: (m) => `${m.from} → ${m.to} over ${m.bridge}` },
  { label: "Status", text: (m) => (m.reason ? `${m.status} (${m.reason})` : m.status), field: (m) => "settle.move." + m.id + ".status" },
  { label: "Attestations", text: (m) => String((m.attestations || []).filter((a) => a.event === "finalized").length) },
  { label: "Source final", text: (m) => time(m.final_at) },
  { label: "Expected", text: (m) => time(m.expected_at) },
  { label: "Deadline", text: (m) => time(m.deadline) },
];

const etaCols = [
  { label: "Chain", text: (x) => x.chain },
  { label: "Asset", text: (x) => x.asset },
  { label: "Fastest bridge", text: (x) => x.bridge },
  { label: "Time", text: (x) => minutes(x.seconds), cls: "num" },
];

const minutes = (s) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`);

const bridgeCols = [
  { label: "Bridge", text: (b) => b.bridge },
  { label: "State", text: (b) => (b.halted ? "halted" : "open"), field: (b) => "settle.bridge." + b.bridge, tone: (b) => (b.halted ? "bad" : "") },
  { label: "Since", text: (b) => (b.since && !b.since.startsWith("0001") ? time(b.since) : "—") },
  { label: "Reason", text: (b) => wrap(el("span", {}, b.reason || "")) },
];
