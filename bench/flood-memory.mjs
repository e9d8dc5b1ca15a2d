// Memory of the real program under a flood of deltas: RSS before, at its peak, and after an idle
// spell, and whether it survives with its V8 heap capped. `node bench/flood-memory.mjs [deltas]
// [idleSeconds]` on its own; `npm run bench` runs it with the defaults (after a build).
import { rss, sleep, startSession } from "./session-driver.mjs";

/** One flood into one program; throws if the program died or never showed the reply's end. */
async function flood({ deltas, idleS, heapMb, nodeArgs, settleMs }) {
  const s = await startSession({ heapMb, nodeArgs });
  try {
    await sleep(settleMs);
    const before = rss(s.pid).rss;
    const started = Date.now();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(s.pid).rss || 0)), 50);
    await s.server.flood(deltas, { chunk: (i) => (i === deltas - 1 ? "END-OF-FLOOD" : `tick ${i} `) });
    const sentS = (Date.now() - started) / 1000;
    // The finished reply is printed up to its first 64 KB, then the note of the rest; a
    // shorter one whole.
    const caughtUp = await s.waitForScreen(["more not shown", "END-OF-FLOOD"]);
    const doneS = (Date.now() - started) / 1000;
    await sleep(idleS * 1000);
    clearInterval(sampler);
    const after = rss(s.pid).rss;
    const pre = await s.stats();
    s.send("gc");
    const st = await s.stats();
    if (process.env.BENCH_VERBOSE) console.error({ beforeGc: pre?.memory, afterGc: st?.memory, rssAfterGc: rss(s.pid) });
    if (!st) throw new Error(`the program died${heapMb ? ` under a ${heapMb} MB heap cap` : ""}: ${s.stderr().slice(-300)}`);
    if (!caughtUp) throw new Error(`the reply's end never reached the screen`);
    if (s.server.connections() !== 1) throw new Error(`${s.server.connections()} connections: the flood cost the connection`);
    return { deltas, sentS, doneS, before, peak, after, idleS, heapAfterGc: Math.round(st.memory.heapUsed / 1048576) };
  } finally {
    await s.close();
  }
}

export async function run({ quick = false, deltas = quick ? 5_000 : 214_000, idleS = quick ? 0.3 : 10 } = {}) {
  const rows = [];
  for (const heapMb of quick ? [undefined] : [undefined, 200]) {
    const r = await flood({ deltas, idleS, heapMb, settleMs: quick ? 300 : 1000 });
    const what = `${deltas.toLocaleString("en-US")} deltas${heapMb ? `, heap capped at ${heapMb} MB` : ""}`;
    const row = (c, value, unit, note) => rows.push({ topic: "flood-memory", case: `${what}: ${c}`, value, unit, ...(note ? { note } : {}) });
    row("RSS before", r.before, "MB");
    row("RSS peak", r.peak, "MB");
    row(`RSS after ${idleS} s idle`, r.after, "MB");
    row("heap after GC", r.heapAfterGc, "MB");
    row("reply's end on screen", r.doneS, "s", `sent in ${r.sentS.toFixed(1)} s`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const deltas = Number(process.argv[2] ?? 214_000);
  const idleS = Number(process.argv[3] ?? 10);
  console.table(await run({ deltas, idleS }));
}
