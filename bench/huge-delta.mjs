// One 10 MB assistant delta into the real program: how long the event loop stalls (p99, max of
// monitorEventLoopDelay in the program) while it arrives and is printed, whether the connection
// survives (the server counts sockets), and RSS. `node bench/huge-delta.mjs [MB]`.
import { rss, sleep, startSession } from "./session-driver.mjs";

export async function run({ mb = 10 } = {}) {
  const s = await startSession();
  await sleep(1000);
  s.send("eld-start");
  const started = Date.now();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(s.pid).rss || 0)), 50);
  await s.server.huge(mb * 1024 * 1024);
  const shown = await s.waitForScreen("more not shown", 180_000);
  const shownS = (Date.now() - started) / 1000;
  // A heartbeat round (10 s interval, 20 s timeout) must pass with the connection kept.
  await sleep(2000);
  s.send("eld-stop");
  clearInterval(sampler);
  const st = await s.stats();
  const row = {
    "delta MB": mb,
    "shown in s": shown ? shownS.toFixed(1) : "never",
    "loop delay p99 ms": st?.eld.p99 ?? "dead",
    "loop delay max ms": st?.eld.max ?? "dead",
    "RSS peak MB": peak,
    alive: s.exited() === null,
    connections: s.server.connections(),
  };
  await s.close();
  return row;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table([await run({ mb: Number(process.argv[2] ?? 10) })]);
