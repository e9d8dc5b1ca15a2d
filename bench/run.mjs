// `npm run bench`: every topic against the freshly built dist/, one table at the end.
//
//   node bench/run.mjs [--quick] [--json] [--only NAME[,NAME]] [--out FILE]
//   node bench/run.mjs --markdown [FILE]    the table of a kept run (last.json) for the README
//
// Each topic runs in a process of its own (bench/topic-child.mjs) with NODE_ENV=production, as
// bin/letta-tui.js sets it, so React's production build is what is measured. A topic that
// throws, dies or hangs becomes a row with the error in its note, the run goes on, and the exit
// code is 1. A full run keeps its raw JSON, with the machine and the date, in
// bench/results/last.json (committed: README's table comes from it); `--quick` (seconds per
// topic, two at a time: the smoke run of `npm test`) and `--only` runs write only where --out
// says.
import { fork } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { machine, machineLine, markdownTable, textTable } from "./table.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** name → module in bench/. Every module exports `async run({ quick })` returning rows
 *  { topic, case, value, unit, ratio?, note? }; the runner files them under `name`. */
export const TOPICS = [
  { name: "ingest", module: "ingest.mjs" },
  { name: "reducer-scale", module: "reducer-scale.mjs" },
  { name: "render-scale", module: "render-scale.mjs" },
  { name: "mount-scale", module: "mount-scale.mjs" },
  { name: "live-layout", module: "live-layout.mjs" },
  { name: "output-tail", module: "output-tail.mjs" },
  { name: "reader-scale", module: "reader-scale.mjs" },
  { name: "md-stream", module: "md-stream.mjs" },
  { name: "huge-reply", module: "huge-reply.mjs" },
  { name: "huge-delta", module: "huge-delta.mjs" },
  { name: "flood", module: "flood-lag.mjs" },
  { name: "flood-memory", module: "flood-memory.mjs" },
  { name: "log-flood", module: "log-flood.mjs" },
  { name: "history-save", module: "history-save.mjs" },
  { name: "start-up", module: "startup.mjs" },
  { name: "idle-cpu", module: "idle.mjs" },
];

/** What a topic may take before it counts as hung (a full flood topic takes minutes). */
const TIMEOUT_MS = { quick: 90_000, full: 20 * 60_000 };

function runTopic(topic, quick) {
  const file = join(here, topic.module);
  const failed = (why) => [{ topic: topic.name, case: "error", value: NaN, unit: "", note: why, error: true }];
  if (!existsSync(file)) return Promise.resolve(failed(`no module ${topic.module}`));
  return new Promise((resolve) => {
    // Its own process group, so a hung topic is stopped with whatever it started.
    const child = fork(join(here, "topic-child.mjs"), [file, quick ? "quick" : "full"], {
      execArgv: ["--expose-gc"],
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
      detached: true,
    });
    // A topic's own prints go to stderr: stdout carries the table or the JSON only.
    child.stdout.pipe(process.stderr);
    let reply = null;
    child.on("message", (m) => (reply = m));
    const timer = setTimeout(() => {
      reply = { error: `no answer after ${TIMEOUT_MS[quick ? "quick" : "full"] / 1000} s` };
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, TIMEOUT_MS[quick ? "quick" : "full"]);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (reply?.rows) {
        const rows = reply.rows.map((r) => ({ ...r, topic: topic.name }));
        const bad = rows.find((r) => typeof r.value !== "number");
        resolve(bad ? failed(`row "${bad.case}" has no numeric value`) : rows);
      } else resolve(failed(reply?.error ?? `exited (${signal ?? `code ${code}`}) without rows`));
    });
  });
}

/**
 * Runs the topics (all, or those named in `only`): one after another for figures; two at a
 * time for the quick run, whose figures nobody reads and which waits more than it computes.
 */
export async function runBench({ quick = false, only = null, progress = () => undefined } = {}) {
  const started = Date.now();
  const topics = only ? TOPICS.filter((t) => only.includes(t.name)) : TOPICS;
  const results = new Array(topics.length);
  let next = 0;
  const worker = async () => {
    while (next < topics.length) {
      const i = next++;
      const t0 = Date.now();
      results[i] = await runTopic(topics[i], quick);
      const n = results[i].length;
      progress(`${topics[i].name}: ${n} row${n === 1 ? "" : "s"} in ${((Date.now() - t0) / 1000).toFixed(1)} s${results[i].some((r) => r.error) ? " (error)" : ""}`);
    }
  };
  await Promise.all(Array.from({ length: quick ? 2 : 1 }, worker));
  const rows = results.flat();
  return { date: new Date(started).toISOString(), machine: machine(), quick, only, topics: topics.map((t) => t.name), seconds: Math.round((Date.now() - started) / 100) / 10, rows };
}

function parseArgs(argv) {
  const opts = { quick: false, json: false, only: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") opts.quick = true;
    else if (a === "--json") opts.json = true;
    else if (a === "--only" || a === "--out") {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === "--out") opts.out = v;
      else opts.only = v.split(",").map((s) => s.trim()).filter(Boolean);
    } else throw new Error(`unknown option ${a}`);
  }
  const unknown = opts.only?.filter((n) => !TOPICS.some((t) => t.name === n)) ?? [];
  if (unknown.length) throw new Error(`unknown topic ${unknown.join(", ")}; topics: ${TOPICS.map((t) => t.name).join(", ")}`);
  return opts;
}

/** README's table: a kept run's rows in Markdown, then the machine and the date. */
function printMarkdown(file) {
  const result = JSON.parse(readFileSync(file, "utf8"));
  const rows = result.rows.map((r) => ({ ...r, value: r.value ?? NaN }));
  process.stdout.write(`${markdownTable(rows)}\n\n${machineLine(result.machine)}; ${result.date.slice(0, 16).replace("T", " ")} UTC; the run took ${Math.round(result.seconds)} s.\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--markdown") {
    printMarkdown(process.argv[3] ?? join(here, "results", "last.json"));
    process.exit(0);
  }
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exit(2);
  }
  const result = await runBench({ ...opts, progress: (line) => process.stderr.write(`bench: ${line}\n`) });
  const out = opts.out ?? (opts.quick || opts.only ? null : join(here, "results", "last.json"));
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))}\n`);
  else process.stdout.write(`${textTable(result.rows)}\n\n${machineLine(result.machine)}; ${result.date}; ${result.seconds} s${out ? `; raw: ${out}` : ""}\n`);
  process.exit(result.rows.some((r) => r.error) ? 1 : 0);
}
