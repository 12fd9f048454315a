// Number formatting for the desk: tabular figures, thousands separators, a
// true minus sign, and one rule per kind of figure so columns line up.

const MINUS = "\u2212";
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const fixed = (d) => new Intl.NumberFormat("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const f2 = fixed(2);
const f4 = fixed(4);
const f1 = fixed(1);

const isNum = (x) => typeof x === "number" && Number.isFinite(x);

function signed(x, f) {
  const s = f.format(Math.abs(x));
  return x < 0 && s.replace(/[0.,]/g, "") !== "" ? MINUS + s : s;
}

// usd: whole dollars (the desk reads sizes, not cents).
export const usd = (x) => (isNum(x) ? signed(x, whole) : "—");

// price: enough decimals to see a move in any asset.
export function price(x) {
  if (!isNum(x)) return "—";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 10) return signed(x, f2);
  if (a >= 0.01) return signed(x, f4);
  return signed(x, fixed(6));
}

// pct: a fraction as a percentage with one decimal.
export const pct = (x) => (isNum(x) ? signed(x * 100, f1) + "%" : "—");

// ratio: a multiple such as capital efficiency or health.
export const ratio = (x) => (isNum(x) ? signed(x, f2) : "—");

// qty: asset quantities and Greeks in units.
export function qty(x) {
  if (!isNum(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return signed(x, whole);
  if (a >= 1) return signed(x, f2);
  if (a === 0) return "0";
  return signed(x, fixed(Math.min(8, 2 + Math.ceil(-Math.log10(a)))));
}

// dec: a decimal string from the API (amounts in whole units), grouped.
export function dec(s) {
  if (s === undefined || s === null || s === "") return "—";
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(String(s));
  if (!m) return String(s);
  const int = whole.format(BigInt(m[2]));
  return (m[1] ? MINUS : "") + int + (m[3] || "");
}

// time: an RFC 3339 instant as UTC "2023-10-31 12:00:00Z".
export function time(s) {
  if (!s) return "—";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return String(s);
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}
