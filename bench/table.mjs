// The one table `npm run bench` prints, the machine line under it, and the small helpers every
// topic module shares to make its rows: { topic, case, value, unit, ratio?, note? }.
import os from "node:os";

/** The machine a run came from: figures mean little without it, nor without how busy it was
 *  (the 1-minute load average when the run started: this project's machine is shared). */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: Math.round(os.loadavg()[0] * 10) / 10,
  };
}

export function machineLine(m) {
  return `${m.cpu}, ${m.cores} cores, ${m.memGB} GB, Node ${m.node.replace(/^v/, "")}, ${m.os}${m.load === undefined ? "" : `, load average ${m.load} at the start`}`;
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The value at fraction `p` (0.95 for p95) of the sorted values. */
export function percentile(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(v.length * p))] : NaN;
}

/** Runs each case once per round, the cases interleaved, so that a noisy moment of the
 *  machine hits every case alike; the median of each case's rounds. */
export async function interleaved(cases, rounds, measure) {
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) for (let i = 0; i < cases.length; i++) samples[i].push(await measure(cases[i], r));
  return samples.map(median);
}

/** Sets each row's ratio to its value over the value of the row `baseline` picks. */
export function ratiosTo(rows, baseline) {
  const base = rows.find(baseline)?.value;
  return rows.map((r) => (Number.isFinite(base) && base !== 0 && Number.isFinite(r.value) ? { ...r, ratio: r.value / base } : r));
}

/** A readable number: three significant digits, thousands grouped, no exponent. */
export function formatValue(v) {
  if (typeof v !== "number") return String(v ?? "");
  if (!Number.isFinite(v)) return "—";
  const abs = Math.abs(v);
  const digits = abs >= 100 || Number.isInteger(v) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatRatio(r) {
  return typeof r === "number" && Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toFixed(3)}×` : "";
}

const COLUMNS = ["topic", "case", "value", "unit", "ratio", "note"];
const cells = (row) => [row.topic, row.case, formatValue(row.value), row.unit ?? "", formatRatio(row.ratio), row.note ?? ""].map(String);

/** A plain-text table: numbers right-aligned, everything else left. */
export function textTable(rows) {
  const all = [COLUMNS, ...rows.map(cells)];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const right = new Set([2, 4]);
  const line = (r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
  return [line(COLUMNS), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

/** The same table in Markdown, for the README. */
export function markdownTable(rows) {
  const esc = (s) => s.replaceAll("|", "\\|");
  return [`| ${COLUMNS.join(" | ")} |`, "|---|---|--:|---|--:|---|", ...rows.map((r) => `| ${cells(r).map(esc).join(" | ")} |`)].join("\n");
}
