// Memory of the real program under a flood of deltas: RSS before, at its peak, and after an idle
// spell, and whether it survives with its V8 heap capped. `node bench/flood-memory.mjs [deltas]
// [idleSeconds]` on its own; `npm run bench` runs it with the defaults (after a build).
import { rss, sleep, startSession } from "./session-driver.mjs";

export async function run({ deltas = 214_000, idleS = 10, heapMb, nodeArgs } = {}) {
  const s = await startSession({ heapMb, nodeArgs });
  await sleep(1000);
  const before = rss(s.pid).rss;
  const started = Date.now();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(s.pid).rss || 0)), 50);
  await s.server.flood(deltas, { chunk: (i) => `tick ${i} ` });
  const sentS = (Date.now() - started) / 1000;
  // The finished reply is printed up to its first 64 KB, then the note of the rest.
  const caughtUp = await s.waitForScreen("more not shown");
  const doneS = (Date.now() - started) / 1000;
  await sleep(idleS * 1000);
  clearInterval(sampler);
  const after = rss(s.pid).rss;
  const pre = await s.stats();
  s.send("gc");
  const st = await s.stats();
  if (process.env.BENCH_VERBOSE) console.error({ beforeGc: pre?.memory, afterGc: st?.memory, rssAfterGc: rss(s.pid) });
  const row = {
    deltas,
    "heap cap MB": heapMb ?? "none",
    "sent in s": sentS.toFixed(1),
    "shown in s": caughtUp ? doneS.toFixed(1) : "never",
    "RSS before MB": before,
    "RSS peak MB": peak,
    [`RSS after ${idleS} s idle MB`]: after,
    "heap after GC MB": st ? Math.round(st.memory.heapUsed / 1048576) : "dead",
    alive: s.exited() === null,
    connections: s.server.connections(),
  };
  if (!st) row.stderr = s.stderr().slice(-300);
  await s.close();
  return row;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const deltas = Number(process.argv[2] ?? 214_000);
  const idleS = Number(process.argv[3] ?? 10);
  console.table([await run({ deltas, idleS }), await run({ deltas, idleS, heapMb: 200 })]);
}
