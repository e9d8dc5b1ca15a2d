// Idle CPU: the built bin/letta-tui.js on a pseudo-terminal, one runtime attached and nothing
// happening, its process CPU% (user + system, from /proc) over a spell of ~10 s; and the bytes it
// wrote to the terminal meanwhile (anything but 0 is a redraw with nothing to show). Against the
// flood server's impostor and the real App Server (heartbeats and all). Target: < 1 %.
import { LETTA_MODEL } from "../scripts/harness/launch-server.mjs";
import { cpuSeconds, impostorArgs, tuiOnPty, withServers } from "./tui-pty.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function idleSpell(args, home, spellMs, settleMs) {
  const tui = tuiOnPty(args, { home });
  try {
    await tui.waitFor(/● connected/);
    await sleep(settleMs); // the attach's own work (history, first frames) settles
    const pid = tui.programPid();
    if (!pid) throw new Error("the program's process was not found");
    const cpu0 = cpuSeconds(pid);
    const bytes0 = tui.bytes();
    const t0 = performance.now();
    await sleep(spellMs);
    const cpu = cpuSeconds(pid) - cpu0;
    const wall = (performance.now() - t0) / 1000;
    if (tui.exited()) throw new Error(`the program ended while idle: ${JSON.stringify(tui.screen().slice(-300))}`);
    return { percent: (100 * cpu) / wall, bytes: tui.bytes() - bytes0, wall };
  } finally {
    await tui.quit();
  }
}

export async function run({ quick = false } = {}) {
  const spellMs = quick ? 1_500 : 10_000;
  return withServers(quick, async ({ home, impostor, real }) => {
    const cases = [{ name: "impostor server", args: impostorArgs(impostor) }];
    if (real) cases.push({ name: "real App Server", args: ["--url", real.url, "--new-agent", "idle", "--model", LETTA_MODEL] });
    const rows = [];
    for (const c of cases) {
      const r = await idleSpell(c.args, home, spellMs, quick ? 300 : 2000);
      const note = `over ${r.wall.toFixed(1)} s; CPU time counted in 10 ms ticks`;
      rows.push(
        { topic: "idle-cpu", case: `${c.name}: one idle runtime`, value: r.percent, unit: "% CPU", note: `${note}; target < 1 %` },
        { topic: "idle-cpu", case: `${c.name}: written to the terminal while idle`, value: r.bytes, unit: "bytes", note },
      );
    }
    return rows;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv[2] === "quick" }));
