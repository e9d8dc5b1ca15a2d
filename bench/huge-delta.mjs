// One 10 MB assistant delta into the real program: how long the event loop stalls (p99, max of
// monitorEventLoopDelay in the program) while it arrives and is printed, whether the connection
// survives (the server counts sockets), and RSS. `node bench/huge-delta.mjs [MB]`.
import { rss, sleep, startSession } from "./session-driver.mjs";

export async function run({ quick = false, mb = quick ? 1 : 10 } = {}) {
  const s = await startSession();
  try {
    await sleep(quick ? 300 : 1000);
    s.send("eld-start");
    const started = Date.now();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(s.pid).rss || 0)), 50);
    await s.server.huge(mb * 1024 * 1024);
    const shown = await s.waitForScreen("more not shown", 180_000);
    const shownS = (Date.now() - started) / 1000;
    // A heartbeat round (10 s interval, 20 s timeout) must pass with the connection kept.
    await sleep(quick ? 300 : 2000);
    s.send("eld-stop");
    clearInterval(sampler);
    const st = await s.stats();
    if (!st) throw new Error(`the program died: ${s.stderr().slice(-300)}`);
    if (!shown) throw new Error("the reply never reached the screen");
    if (s.server.connections() !== 1) throw new Error(`${s.server.connections()} connections: the delta cost the connection`);
    const what = `one ${mb} MB delta`;
    return [
      { topic: "huge-delta", case: `${what}: on screen after`, value: shownS, unit: "s" },
      { topic: "huge-delta", case: `${what}: event-loop delay p99`, value: st.eld.p99, unit: "ms", note: "target ≤ 50 ms" },
      { topic: "huge-delta", case: `${what}: event-loop delay max`, value: st.eld.max, unit: "ms" },
      { topic: "huge-delta", case: `${what}: RSS peak`, value: peak, unit: "MB" },
    ];
  } finally {
    await s.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ mb: Number(process.argv[2] ?? 10) }));
