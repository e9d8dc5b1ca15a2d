// How much memory the transport log holds while a flood of frames arrives, and after it.
//
//   node --expose-gc bench/log-flood.mjs [dist-dir] [fast|slow|big] [frames]
//
// `fast` logs to a file in a temp dir; `slow` logs into a FIFO drained at about 1 MB/s, a disk
// far slower than the frames, which is when a write queue would grow. Frames are handed over
// 500 per event-loop turn, the way a socket delivers a burst. Prints one JSON line of figures.
// `big` instead times logging one 10 MB delta (three times) and prints what was written.
// `npm run bench` calls run(), which runs this file once per mode, each in a fresh process.
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

async function main() {
  const dist = path.resolve(process.argv[2] ?? "dist");
  const mode = process.argv[3] ?? "fast";
  const count = Number(process.argv[4] ?? 214_000);
  const { TransportLog } = await import(pathToFileURL(path.join(dist, "transport", "log.js")).href);

  const gc = globalThis.gc ?? (() => undefined);
  if (mode === "big") {
    const bigDir = mkdtempSync(path.join(tmpdir(), "log-big-"));
    const bigFile = path.join(bigDir, "big.ndjson");
    const log = TransportLog.open({ file: bigFile });
    const frame = JSON.stringify({ type: "stream_delta", delta: { message_type: "assistant_message", content: [{ type: "text", text: "x".repeat(10 * 1024 * 1024) }] } });
    const ms = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      log.received(frame);
      ms.push(Math.round(performance.now() - t));
    }
    await log.close();
    const recs = readFileSync(bigFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    console.log(JSON.stringify({ mode, frameBytes: frame.length, msPerFrame: ms, lineBytes: recs.map((r) => JSON.stringify(r).length), notes: recs.map((r) => ({ bytes: r.bytes, truncated: r.truncated })) }));
    rmSync(bigDir, { recursive: true, force: true });
    process.exit(0);
  }
  const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
  const dir = mkdtempSync(path.join(tmpdir(), "log-flood-"));
  let reader;
  let file = path.join(dir, "flood.ndjson");
  if (mode === "slow") {
    file = path.join(dir, "fifo");
    execFileSync("mkfifo", [file]);
    // 64 KiB every 60 ms: about 1 MB/s, copied to drained.ndjson to count what arrived.
    const out = JSON.stringify(path.join(dir, "drained.ndjson"));
    reader = spawn(process.execPath, ["-e", `const fs=require("fs");const fd=fs.openSync(${JSON.stringify(file)},"r");const o=fs.openSync(${out},"w");const b=Buffer.alloc(65536);const t=setInterval(()=>{const n=fs.readSync(fd,b,0,b.length,null);if(n===0){clearInterval(t);fs.closeSync(o);process.exit(0)}fs.writeSync(o,b,0,n)},60)`], { stdio: "ignore" });
  }

  const frame = (i) =>
    JSON.stringify({
      type: "stream_delta",
      delta: { id: "letta-msg-1", date: "2026-11-21T05:23:22.497Z", message_type: "assistant_message", content: [{ type: "text", text: `tick ${i} ` }], run_id: "local-run-1", seq_id: i },
      runtime: { agent_id: "agent-local-6986b9c9-de4f-4de5-b086-bf11fcdedc71", conversation_id: "local-conv-14" },
      event_seq: i,
      emitted_at: "2026-11-21T05:23:22.498Z",
      idempotency_key: `stream_delta:${i}:a2e49218-e352-4bab-a26b-5c1479c35e7e`,
    });

  gc();
  const before = process.memoryUsage();
  const log = TransportLog.open({ file });
  let peakRss = 0;
  let peakHeap = 0;
  const started = Date.now();
  for (let i = 0; i < count; i += 500) {
    for (let j = i; j < Math.min(count, i + 500); j++) log.received(frame(j));
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
    await new Promise((r) => setImmediate(r));
  }
  const fedMs = Date.now() - started;
  gc();
  const afterFlood = process.memoryUsage();
  await log.close();
  gc();
  const afterClose = process.memoryUsage();
  if (reader) await new Promise((r) => reader.once("exit", r));
  const written = mode === "slow" ? path.join(dir, "drained.ndjson") : file;
  const lines = readFileSync(written, "utf8").split("\n").filter(Boolean);
  const frames = lines.filter((l) => l.includes('"dir":"recv"')).length;
  let dropped = 0;
  for (const l of lines) if (l.includes('"log_dropped"')) dropped += JSON.parse(l).detail.records;
  console.log(
    JSON.stringify({
      mode,
      frames: count,
      fedMs,
      rssBeforeMB: mb(before.rss),
      peakRssMB: mb(peakRss),
      peakHeapPlusBuffersMB: mb(peakHeap),
      heapAfterFloodMB: mb(afterFlood.heapUsed),
      heapAfterCloseMB: mb(afterClose.heapUsed),
      rssAfterCloseMB: mb(afterClose.rss),
      fileMB: mb(statSync(written).size),
      framesWritten: frames,
      droppedNoted: dropped,
      accountedFor: frames + dropped === count,
      logError: log.error ?? null,
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/** One measurement in a fresh process (its memory its own); the JSON line it prints. */
async function measure(mode, count) {
  const self = fileURLToPath(import.meta.url);
  const dist = path.join(path.dirname(self), "..", "dist");
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", self, dist, mode, String(count)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split("\n").pop());
}

export async function run({ quick = false } = {}) {
  const count = quick ? 5_000 : 214_000;
  const n = count.toLocaleString("en-US");
  const rows = [];
  for (const mode of ["fast", "slow"]) {
    const r = await measure(mode, count);
    if (!r.accountedFor) throw new Error(`${mode}: ${r.framesWritten} frames written and ${r.droppedNoted} noted as dropped, of ${r.frames}`);
    if (r.logError) throw new Error(`${mode}: ${r.logError}`);
    const what = mode === "fast" ? `${n} frames to a file` : `${n} frames to a 1 MB/s FIFO`;
    rows.push(
      { topic: "log-flood", case: `${what}: per frame`, value: (r.fedMs * 1000) / r.frames, unit: "µs", note: `${r.framesWritten} written, ${r.droppedNoted} noted as dropped` },
      { topic: "log-flood", case: `${what}: RSS peak`, value: r.peakRssMB, unit: "MB", note: `${r.rssBeforeMB} MB before` },
    );
  }
  if (!quick) {
    const r = await measure("big", 0);
    rows.push({ topic: "log-flood", case: "one 10 MB frame", value: Math.min(...r.msPerFrame), unit: "ms", note: `best of 3; ${r.lineBytes[0]} bytes logged` });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
