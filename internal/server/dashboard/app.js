// The risk desk page: asks for a token, learns whose it is (GET
// /v1/session), loads the account's report, vault state and hedges, and
// keeps them live from /v1/events. Each panel fails on its own: a missing
// endpoint shows a note and the rest keeps working.

import { $, el } from "./dom.js";
import { ApiError, events, get, setToken } from "./api.js";
import { renderAccounts, renderHedges, renderPrices, renderReport, renderScenarios, renderUnified, renderVault, updateAccountRow } from "./panels.js";
import { initCascade } from "./cascade.js";
import { initGovernance } from "./governance.js";
import { initSettlement } from "./settlement.js";
import { initChain } from "./onchain.js";
import { addAlert, initHistory, loadHistory } from "./history.js";
import { clearRisk, initRisk } from "./risk.js";
import { loadValidation } from "./validation.js";

const TOKEN_KEY = "unimargin.token";
const ACCOUNT_KEY = "unimargin.account";

const state = {
  session: null,
  account: "",
  accounts: [],
  report: null,
  prices: {},
  marketAsOf: "",
  stream: null,
  gen: 0, // bumped by each margin event of the shown account
  refresh: null, // pending report refresh timer
  refreshDue: 0, // when it fires (ms)
  loading: false,
  hedgesAt: 0, // when hedges were last asked for (ms)
  hedgesTimer: null,
};

// note shows a message: in a panel when given, else in the banner.
function note(text, tone = "warn", panel) {
  const host = panel ? $(panel) : $("messages");
  if (!host) return;
  const key = "note-" + (panel || "global");
  let n = host.querySelector(`.note[data-key="${key}"]`);
  if (!text) {
    if (n) n.remove();
    return;
  }
  if (!n) {
    n = el("div", { class: "note", "data-key": key });
    if (panel) host.querySelector("h2").after(n);
    else host.append(n);
  }
  n.textContent = text;
  n.dataset.tone = tone;
}

function explain(err, what) {
  if (err instanceof ApiError && err.missing) return `${what}: not available on this server yet (${err.status})`;
  return `${what}: ${err.message}`;
}

// ---- token ---------------------------------------------------------------

function takeToken() {
  const url = new URL(location.href);
  const fromURL = url.searchParams.get("token");
  if (fromURL) {
    localStorage.setItem(TOKEN_KEY, fromURL);
    url.searchParams.delete("token"); // keep it out of the address bar and history
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return fromURL || localStorage.getItem(TOKEN_KEY) || "";
}

function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(ACCOUNT_KEY);
  location.replace(location.pathname);
}

function showSignin(message) {
  $("desk").hidden = true;
  $("token-form").classList.remove("connected");
  $("signin").hidden = false;
  $("token-input").focus();
  if (message) note(message, "bad");
}

// ---- session and account --------------------------------------------------

async function connect(token) {
  setToken(token);
  try {
    state.session = await get("/v1/session");
  } catch (err) {
    if (err.status === 401) {
      localStorage.removeItem(TOKEN_KEY); // do not offer it again on reload
      return showSignin("That token was refused: " + err.message);
    }
    return showSignin(explain(err, "Session"));
  }
  note("");
  $("signin").hidden = true;
  $("token-form").classList.add("connected");
  $("desk").hidden = false;
  $("session-role").textContent = state.session.admin ? "admin" : "account token";
  loadMarket();
  initGovernance((err) => note(explain(err, "Governance"), "warn", "governance-panel"));
  initSettlement(state.session.admin, (err) => note(explain(err, "Settlement"), "warn", "settlement-panel"));
  initChain((err) => note(explain(err, "Ledger and chain"), "warn", "chain-panel"));
  loadValidation((err) => note(explain(err, "Model validation"), "warn", "validation-panel"));
  if (state.session.admin) await loadAccounts();
  else selectAccount(state.session.account);
  openStream();
}

async function loadAccounts() {
  $("accounts-panel").hidden = false;
  try {
    const res = await get("/v1/accounts");
    state.accounts = res.accounts || [];
  } catch (err) {
    note(explain(err, "Accounts"), "warn", "accounts-panel");
    state.accounts = [];
  }
  const wanted = new URL(location.href).searchParams.get("account") || localStorage.getItem(ACCOUNT_KEY);
  const ids = state.accounts.map((a) => a.id);
  const pick = ids.includes(wanted) ? wanted : ids[0] || wanted || "";
  const sel = $("account-select");
  sel.replaceChildren(...ids.map((id) => el("option", { value: id }, id)));
  $("account-picker").hidden = ids.length === 0;
  renderAccounts(state.accounts, pick, selectAccount);
  if (pick) selectAccount(pick);
  else note("No accounts in the store yet.", "warn");
}

function selectAccount(id) {
  if (!id) return;
  state.account = id;
  state.report = null;
  localStorage.setItem(ACCOUNT_KEY, id);
  $("account-name").textContent = id;
  $("account-select").value = id;
  for (const tr of document.querySelectorAll("#accounts-table tbody tr")) tr.classList.toggle("selected", tr.dataset.key === id);
  document.body.dataset.account = id;
  refreshReport();
  loadHedges();
  // another book's scenario figures must not stay on screen
  $("scenarios-table").querySelectorAll("thead, tbody").forEach((n) => n.remove());
  $("scenarios-as-of").textContent = "";
  clearRisk();
  refreshHistory();
}

// refreshHistory redraws the history chart and limits (a failure is a note,
// never a broken page).
function refreshHistory() {
  const id = state.account;
  loadHistory(id).catch((err) => note(explain(err, "History"), "warn", "history-panel"));
}

// ---- data -------------------------------------------------------------------

const path = (suffix = "") => `/v1/accounts/${encodeURIComponent(state.account)}${suffix}`;

// refreshReport loads the report and the vault state; if a margin event
// arrived meanwhile, the answer may predate it, so it loads again.
async function refreshReport() {
  if (state.loading) {
    scheduleRefresh();
    return;
  }
  state.loading = true;
  const gen = state.gen;
  const account = state.account;
  try {
    await Promise.all([loadReport(account), loadVault(account)]);
  } finally {
    state.loading = false;
  }
  if (gen !== state.gen) scheduleRefresh();
}

// scheduleRefresh asks for a report refresh within delay ms; a sooner
// request replaces a later one.
function scheduleRefresh(delay = 250) {
  const due = Date.now() + delay;
  if (state.refresh && state.refreshDue <= due) return;
  clearTimeout(state.refresh);
  state.refreshDue = due;
  state.refresh = setTimeout(() => {
    state.refresh = null;
    refreshReport();
  }, delay);
}

async function loadReport(account) {
  try {
    const rep = await get(path("/report"));
    if (account !== state.account) return;
    state.report = rep;
    renderReport(rep, state.prices);
    markStale();
    document.body.dataset.loaded = "report";
    note("", "", "venues-panel");
  } catch (err) {
    note(explain(err, "Margin report"), "warn", "venues-panel");
  }
}

async function loadVault(account) {
  try {
    const st = await get(path());
    if (account !== state.account) return;
    renderVault(st);
    note("", "", "vault-panel");
  } catch (err) {
    note(explain(err, "Vault state"), "warn", "vault-panel");
  }
}

// scheduleHedges recomputes suggestions after the book's margin moved, at
// most every HEDGE_EVERY ms (a search over candidate trades is the page's
// most expensive call).
const HEDGE_EVERY = 2000;
function scheduleHedges() {
  const stamp = $("hedges-as-of");
  if (stamp.textContent) stamp.dataset.tone = "warn"; // shown figures predate the move
  if (state.hedgesTimer) return;
  const wait = Math.max(0, state.hedgesAt + HEDGE_EVERY - Date.now());
  state.hedgesTimer = setTimeout(() => {
    state.hedgesTimer = null;
    loadHedges();
  }, wait);
}

async function loadHedges() {
  const account = state.account;
  state.hedgesAt = Date.now();
  if (!document.querySelector("#hedges-table tbody")) note("computing…", "info", "hedges-panel");
  try {
    const h = await get(path("/hedges?top=8"));
    if (account !== state.account) return;
    renderHedges(h);
    const stamp = $("hedges-as-of");
    stamp.textContent = state.marketAsOf ? "market " + state.marketAsOf.replace("T", " ") : "";
    if (state.hedgesTimer === null) delete stamp.dataset.tone;
    note("", "", "hedges-panel");
  } catch (err) {
    note(explain(err, "Hedges"), "warn", "hedges-panel");
  }
}

// loadScenarios runs the historical library on the book (on request: a run
// margins the book once per scenario).
async function loadScenarios() {
  const account = state.account;
  note("computing…", "info", "scenarios-panel");
  try {
    const run = await get(path("/stress"));
    if (account !== state.account) return;
    renderScenarios(run);
    $("scenarios-as-of").textContent = "market " + run.as_of.replace("T", " ");
    note("", "", "scenarios-panel");
  } catch (err) {
    note(explain(err, "Scenarios"), "warn", "scenarios-panel");
  }
}

async function loadMarket() {
  try {
    const m = await get("/v1/market");
    const prices = {};
    for (const [sym, a] of Object.entries(m.assets || {})) prices[sym] = Number(a.price);
    if (!state.marketAsOf) applyMarket({ as_of: m.as_of, prices });
  } catch (err) {
    // The event stream's first message carries the market too.
    if (!(err instanceof ApiError && err.missing)) note(explain(err, "Market"), "warn");
  }
}

function applyMarket(m) {
  state.marketAsOf = m.as_of;
  state.prices = m.prices || {};
  renderPrices(m.as_of, state.prices);
  if (state.report) renderReport(state.report, state.prices);
  markStale();
}

// markStale flags the report's stamp while it predates the market shown
// (a refresh is on its way).
function markStale() {
  const stamp = $("report-as-of");
  const stale = state.report && state.marketAsOf && Date.parse(state.report.as_of) < Date.parse(state.marketAsOf);
  if (stale) stamp.dataset.tone = "warn";
  else delete stamp.dataset.tone;
}

// ---- live -------------------------------------------------------------------

function live(stateName, text) {
  const l = $("live");
  l.dataset.state = stateName;
  l.textContent = text;
}

// heard stamps the arrival of an event, so a quiet feed is visible.
function heard() {
  live("on", "LIVE");
  $("last-event").textContent = "updated " + new Date().toLocaleTimeString("en-GB", { hour12: false });
}

function openStream() {
  if (state.stream) state.stream.close();
  const es = events();
  state.stream = es;
  live("connecting", "CONNECTING");
  es.onopen = () => live("on", "LIVE");
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      // Refused (401, 404) or the server went away: retry on our own.
      live("off", "OFFLINE");
      setTimeout(() => state.stream === es && openStream(), 10000);
    } else live("connecting", "RECONNECTING");
  };
  es.addEventListener("market", (e) => {
    heard();
    const m = JSON.parse(e.data);
    applyMarket(m);
    scheduleRefresh(1000); // if no margin event follows (other accounts' books)
  });
  es.addEventListener("margin", (e) => {
    heard();
    const ev = JSON.parse(e.data);
    updateAccountRow(ev);
    if (ev.account !== state.account) return;
    state.gen++;
    if (state.report) {
      // Keep the event's figures when the page redraws before the next report.
      const u = state.report.unified;
      for (const k of ["equity", "initial", "maintenance", "excess", "liquidatable"]) if (k in ev) u[k] = ev[k];
    }
    renderUnified(ev, state.report);
    scheduleRefresh();
    scheduleHedges();
    refreshHistory();
  });
  es.addEventListener("alert", (e) => {
    heard();
    const ev = JSON.parse(e.data);
    if (ev.account !== state.account) return;
    addAlert(ev);
    refreshHistory();
  });
}

// ---- start ------------------------------------------------------------------

function init() {
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = $("token-input").value.trim();
    if (!t) return;
    localStorage.setItem(TOKEN_KEY, t);
    $("token-input").value = "";
    connect(t);
  });
  $("token-clear").addEventListener("click", signOut);
  $("account-select").addEventListener("change", (e) => selectAccount(e.target.value));
  $("hedges-refresh").addEventListener("click", loadHedges);
  $("scenarios-run").addEventListener("click", loadScenarios);
  initHistory((err) => note(explain(err, "Explain"), "warn", "history-panel"));
  initRisk(() => state.account, (err) => note(explain(err, "Risk"), "warn", "risk-panel"));
  initCascade((err) => note(explain(err, "Cascade"), "warn", "cascade-panel"));
  const token = takeToken();
  if (!token) return showSignin();
  connect(token);
}

init();
