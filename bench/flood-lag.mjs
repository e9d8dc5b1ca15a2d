// The flood: the real program (dist/cli/main.js on a fake terminal, bench/session-child.mjs)
// fed 20 000 deltas a second by the flood server until the reply is about 2 MB, then the end
// of the turn. How long the newest text takes from the socket to the screen (p50/p95 over the
// frames), frames drawn per second, and the event-loop delay (p99, max) from the first delta
// until the finished reply is on screen. Target: event-loop delay p99 ≤ 50 ms.
import { sleep, startSession } from "./session-driver.mjs";
import { percentile } from "./table.mjs";

export async function run({ quick = false, perSecond = 20_000, replyBytes = quick ? 200_000 : 2 * 1024 * 1024 } = {}) {
  // Markers n0 … n<count>: about 8 bytes each at these sizes.
  let count = 0;
  for (let bytes = 0; bytes < replyBytes; count++) bytes += `n${count} `.length;
  const s = await startSession();
  try {
    await sleep(quick ? 300 : 1000);
    const before = await s.stats();
    s.send("watch");
    s.send("eld-start");
    const t0 = Date.now();
    const sentAt = await s.server.paced(count, perSecond, { chunk: (i) => (i === count - 1 ? "END-OF-FLOOD" : `n${i} `) });
    const floodS = (Date.now() - t0) / 1000;
    const seen = await s.seen();
    const mid = await s.stats();
    const shown = await s.waitForScreen(["more not shown", "END-OF-FLOOD"], 180_000);
    const shownS = (Date.now() - t0) / 1000;
    s.send("eld-stop");
    const st = await s.stats();
    if (!st || !seen) throw new Error(`the program died: ${s.stderr().slice(-300)}`);
    if (!shown) throw new Error("the finished reply never reached the screen");
    if (s.server.connections() !== 1) throw new Error(`${s.server.connections()} connections: the flood cost the connection`);
    if (seen.length < 2) throw new Error("no streamed text reached the screen during the flood");
    const lags = seen.map(([i, at]) => at - sentAt[i]);
    const frames = mid.writes - before.writes;
    const what = `${(perSecond / 1000).toFixed(0)}k deltas/s to a ${(replyBytes / 1024 / 1024).toFixed(1)} MB reply`;
    const row = (c, value, unit, note) => ({ topic: "flood", case: `${what}: ${c}`, value, unit, ...(note ? { note } : {}) });
    return [
      row("newest text to screen p50", percentile(lags, 0.5), "ms", `${seen.length} frames with new text`),
      row("newest text to screen p95", percentile(lags, 0.95), "ms"),
      row("frames drawn", frames / floodS, "frames/s", `${count.toLocaleString("en-US")} deltas in ${floodS.toFixed(1)} s`),
      row("event-loop delay p99", st.eld.p99, "ms", "flood and finished reply; target ≤ 50 ms"),
      row("event-loop delay max", st.eld.max, "ms"),
      row("finished reply on screen", shownS - floodS, "s", "after the last delta"),
    ];
  } finally {
    await s.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv[2] === "quick" }));
