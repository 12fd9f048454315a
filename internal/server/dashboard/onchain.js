// The ledger-and-chain panel: for each account the token may read, its
// vault shares and assets and its liens in the ledger beside the on-chain
// master vault's (GET /v1/chain/balances), each pair flagged "match" or
// "mismatch". A server without a chain says so; one still deploying its
// mirror says that. It builds its own section, reloads now and then and
// fails on its own.

import { $, el, table } from "./dom.js";
import { get } from "./api.js";
import { dec } from "./fmt.js";

const EVERY = 10000;
let timer = null;

const states = {
  none: "This server has no chain (serve --demo mirrors its store to a simulated chain at start).",
  deploying: "Deploying the master vault and mirroring the ledger…",
  failed: "The chain mirror failed; the server's log says why.",
};

// initChain adds the panel (once) and loads it; report shows a failure.
export function initChain(report) {
  if (!$("chain-panel")) {
    $("desk").append(el("section", { class: "panel span-12", id: "chain-panel" },
      el("h2", {}, "Ledger and chain ", el("small", {}, "vault balances and liens in the ledger beside the on-chain master vault"),
        el("span", { class: "stamp", id: "chain-master", "data-field": "chain.master" })),
      el("p", { class: "hint", id: "chain-state", "data-field": "chain.state" }, "—"),
      el("h3", {}, "Balances ", el("small", { id: "chain-mismatches", "data-field": "chain.mismatches" })),
      el("div", { class: "scroll short" }, el("table", { id: "chain-balances", class: "grid" })),
      el("h3", {}, "Liens"),
      el("div", { class: "scroll short" }, el("table", { id: "chain-liens", class: "grid" })),
      el("ul", { id: "chain-warnings", class: "warnings" })));
  }
  const load = () => refresh().catch(report);
  load();
  clearInterval(timer);
  timer = setInterval(load, EVERY);
}

async function refresh() {
  const cb = await get("/v1/chain/balances");
  const ready = cb.state === "ready";
  $("chain-state").textContent = ready ? `${cb.chain} chain ${cb.chain_id}` : states[cb.state] || cb.state;
  $("chain-state").dataset.value = cb.state;
  $("chain-master").textContent = ready ? `master ${cb.master}` : "";
  $("chain-mismatches").textContent = ready ? (cb.mismatches ? `${cb.mismatches} mismatched` : "all match") : "";
  $("chain-mismatches").dataset.tone = cb.mismatches ? "bad" : "";
  const empty = ready ? "No vault balances" : "—";
  table("chain-balances", balanceCols, cb.balances || [], { key: (b) => `${b.account}#${b.asset}`, empty, rowTone: (b) => (b.match ? "" : "bad") });
  table("chain-liens", lienCols, cb.liens || [], { key: (l) => `${l.account}#${l.venue}`, empty: ready ? "No liens" : "—", rowTone: (l) => (l.match ? "" : "bad") });
  $("chain-warnings").replaceChildren(...(cb.warnings || []).map((w) => el("li", {}, w)));
}

const flag = (r) => (r.match ? "match" : "mismatch");

const balanceCols = [
  { label: "Account", text: (b) => b.account },
  { label: "Asset", text: (b) => b.asset },
  { label: "Ledger shares", text: (b) => dec(b.ledger_shares), cls: "num", field: (b) => `chain.bal.${b.account}.${b.asset}.ledger_shares` },
  { label: "Chain shares", text: (b) => dec(b.chain_shares), cls: "num", field: (b) => `chain.bal.${b.account}.${b.asset}.chain_shares` },
  { label: "Ledger assets", text: (b) => dec(b.ledger_assets), cls: "num", field: (b) => `chain.bal.${b.account}.${b.asset}.ledger_assets` },
  { label: "Chain assets", text: (b) => dec(b.chain_assets), cls: "num", field: (b) => `chain.bal.${b.account}.${b.asset}.chain_assets` },
  { label: "", text: flag, cls: "flag", tone: (b) => (b.match ? "" : "bad"), field: (b) => `chain.bal.${b.account}.${b.asset}` },
];

const lienCols = [
  { label: "Account", text: (l) => l.account },
  { label: "Venue", text: (l) => l.venue },
  { label: "Ledger (USD)", text: (l) => dec(l.ledger_usd), cls: "num", field: (l) => `chain.lien.${l.account}.${l.venue}.ledger_usd` },
  { label: "Chain (USD)", text: (l) => dec(l.chain_usd), cls: "num", field: (l) => `chain.lien.${l.account}.${l.venue}.chain_usd` },
  { label: "", text: flag, cls: "flag", tone: (l) => (l.match ? "" : "bad"), field: (l) => `chain.lien.${l.account}.${l.venue}` },
];
