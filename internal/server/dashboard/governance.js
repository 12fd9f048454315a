// The governance panel: the effective parameter version (ramps, guardian
// action, pause) and every proposal with its impact preview — accounts
// that become liquidatable, the change in equity and requirements, the
// largest movers, both transition rules, the cascade on the standard shock.
// It builds its own section (so the page's markup is untouched) and reads
// GET /v1/governance and /v1/governance/proposals; it fails on its own.

import { $, el, table } from "./dom.js";
import { get } from "./api.js";
import { usd, time } from "./fmt.js";

const EVERY = 30000; // reload: proposals move through votes and timelocks
let timer = null;

// initGovernance adds the panel (once) and loads it now and every EVERY ms;
// report shows a failure in the panel.
export function initGovernance(report) {
  if (!$("governance-panel")) {
    $("desk").append(el("section", { class: "panel span-12", id: "governance-panel" },
      el("h2", {}, "Governance ", el("small", {}, "versioned risk parameters, proposals and their impact previews"),
        el("span", { class: "stamp", id: "governance-version" })),
      el("table", { id: "governance-kv", class: "grid kv" }),
      el("h3", {}, "Proposals"),
      el("div", { class: "scroll" }, el("table", { id: "proposals-table", class: "grid" }))));
  }
  const load = () => refresh().catch(report);
  load();
  clearInterval(timer);
  timer = setInterval(load, EVERY);
}

async function refresh() {
  let st;
  try {
    st = await get("/v1/governance");
  } catch (err) {
    if (err.code === "governance_not_set_up") {
      $("governance-version").textContent = "not set up";
      table("governance-kv", kv, [{ k: "Risk parameters", v: "a document an admin replaces (unimargin govern init sets governance up)" }]);
      table("proposals-table", proposalCols, [], { empty: "No proposals" });
      return;
    }
    throw err;
  }
  const version = $("governance-version");
  version.textContent = `version ${st.version} · ${st.hash.slice(0, 15)}…`;
  version.dataset.value = String(st.version);
  const rows = [
    { k: "Effective version", v: `${st.version} (${st.origin}, since ${time(st.since)})` },
    { k: "Decision", v: decision(st.rules) },
    { k: "New risk", v: st.pause_new_risk ? "paused by the guardian" : "open", tone: st.pause_new_risk ? "bad" : "" },
  ];
  for (const r of st.ramps || []) rows.push({ k: "Ramp " + r.path, v: `${r.from} → ${r.to}, now ${fmtNum(r.now)}, until ${time(r.end)}`, tone: "warn" });
  if (st.guardian) rows.push({ k: "Guardian action", v: `version ${st.guardian.version} until ${time(st.guardian.expires_at)}${st.guardian.ratified ? " (ratified)" : ""}`, tone: "warn" });
  if ((st.keyed_versions || []).length) rows.push({ k: "Configuration keys", v: "accounts keep versions " + st.keyed_versions.join(", ") });
  table("governance-kv", kv, rows);
  const res = await get("/v1/governance/proposals");
  table("proposals-table", proposalCols, res.proposals || [], { key: (p) => p.id, empty: "No proposals yet", rowTone: proposalTone });
}

const kv = [
  { label: "", text: (r) => r.k },
  { label: "", text: (r) => r.v, tone: (r) => r.tone || "" },
];

function decision(r) {
  if (!r) return "—";
  const d = r.decision;
  if (d.mode === "signers") return `${d.threshold} of ${r.members.length} signers, timelock ${hours(r.timelock_seconds)}`;
  return `token-weighted: quorum ${d.quorum}, pass ${d.pass}; timelock ${hours(r.timelock_seconds)}`;
}

const hours = (s) => (s >= 3600 ? `${(s / 3600).toFixed(s % 3600 ? 1 : 0)} h` : `${s} s`);
const fmtNum = (x) => (typeof x === "number" ? Number(x.toPrecision(6)).toString() : String(x));

function proposalTone(p) {
  if (p.state === "executed") return "";
  if (p.preview && p.preview.newly_liquidatable_count > 0) return "warn";
  return "";
}

// wrap lets a cell's text wrap (table cells do not by default); CSSOM,
// which the page's content security policy allows, unlike style attributes.
export function wrap(e) {
  e.style.whiteSpace = "normal";
  e.style.minWidth = "14em";
  return e;
}

function changes(p) {
  const list = wrap(el("ul", { class: "changes" }));
  list.style.margin = "0";
  list.style.paddingLeft = "1.1em";
  for (const l of p.leaves || []) {
    list.append(el("li", { title: l.path }, `${l.path.replace(/^risk_params\./, "")}: ${fmtNum(l.from)} → ${fmtNum(l.to)}`,
      l.stricter ? el("small", {}, " stricter") : ""));
  }
  if (!(p.leaves || []).length && p.ratifies) list.append(el("li", {}, `ratifies guardian version ${p.ratifies}`));
  return list;
}

function transition(p) {
  const t = p.transition || {};
  return t.kind === "ramp" ? `ramp ${hours(t.seconds)}` : t.kind || "—";
}

function state(p) {
  const s = p.state;
  if (s === "queued" && p.executable_at) return `queued until ${time(p.executable_at)}`;
  if (s === "executed" && p.version) return `executed → v${p.version}`;
  return s;
}

function preview(p) {
  const v = p.preview;
  if (!v) return el("span", { class: "hint" }, "not computed yet");
  const t = v.transition || {};
  const box = wrap(el("div", { class: "preview", "data-field": "preview." + p.id }));
  box.append(el("div", {}, `${v.accounts} accounts · liquidatable ${v.before.liquidatable} → ${v.after.liquidatable}`,
    v.newly_liquidatable_count ? el("b", { "data-tone": "bad" }, ` (+${v.newly_liquidatable_count})`) : ""));
  box.append(el("div", {}, `Δ equity ${usd(v.delta_equity)} · Δ initial ${usd(v.delta_initial)} · Δ maintenance ${usd(v.delta_maintenance)}`));
  if (t.ramp) box.append(el("div", {}, `ramp: liquidatable ${t.ramp.liquidatable_at_start} / ${t.ramp.liquidatable_halfway} / ${t.ramp.liquidatable_at_end} (start / half / end)`));
  if (t.key) box.append(el("div", {}, `key: ${t.key.liquidatable_now} now, ${t.key.liquidatable_after_refresh} once every account refreshed`));
  const movers = (v.movers || []).slice(0, 3).map((m) => `${m.account} ${usd(m.delta)}`).join(", ");
  if (movers) box.append(el("div", {}, "largest movers (cushion): " + movers));
  const c = v.cascade;
  if (c && c.accounts) {
    box.append(el("div", {}, `cascade ${c.path}: liquidated ${usd(c.before.liquidated_usd)} → ${usd(c.after.liquidated_usd)}, bad debt ${usd(c.before.bad_debt_usd)} → ${usd(c.after.bad_debt_usd)}`));
  } else if (c && c.note) box.append(el("div", { class: "hint" }, "cascade: " + c.note));
  for (const n of v.notes || []) box.append(el("div", { class: "hint" }, n));
  return box;
}

const proposalCols = [
  { label: "Proposal", text: (p) => p.id, field: (p) => "proposal." + p.id },
  { label: "State", text: state, field: (p) => "proposal." + p.id + ".state" },
  { label: "Proposer", text: (p) => p.proposer },
  { label: "Changes", text: changes },
  { label: "Transition", text: transition },
  { label: "Votes", text: (p) => `${p.tally.yes} yes · ${p.tally.no} no of ${p.tally.total}` },
  { label: "Impact preview", text: preview },
  { label: "Rationale", text: (p) => wrap(el("span", {}, p.rationale)) },
];
