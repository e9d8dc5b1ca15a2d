// Start-up: from spawning the built bin/letta-tui.js on a pseudo-terminal to its first frame
// and to "● connected" on screen, against the flood server's impostor (the program's own cost:
// it answers at once) and against the real App Server with the scripted model. Beside each, the
// ratio to a bare `node` printing one byte on the same kind of terminal. Medians of interleaved
// runs. Target: first frame ≤ 250 ms.
import { LETTA_MODEL } from "../scripts/harness/launch-server.mjs";
import { interleaved, median } from "./table.mjs";
import { impostorArgs, onPty, tuiOnPty, withServers } from "./tui-pty.mjs";

const CONNECTED = /● connected/;

/** One start: ms to the first output and to "connected"; then quits. */
async function start(args, home) {
  const tui = tuiOnPty(args, { home });
  try {
    const connected = await tui.waitFor(CONNECTED);
    return { first: tui.firstOutputMs(), connected };
  } finally {
    await tui.quit();
  }
}

async function bareNode(home) {
  const p = onPty(["-e", "process.stdout.write('x')"], { home });
  const ms = await p.waitFor(/x/);
  await p.quit();
  return { first: ms, connected: NaN };
}

export async function run({ quick = false } = {}) {
  return withServers(quick, async ({ home, impostor, real }) => {
    const cases = [
      { name: "bare node on a pty", go: () => bareNode(home) },
      { name: "impostor server", go: () => start(impostorArgs(impostor), home) },
    ];
    if (real) {
      // The first start makes the agent; later ones attach to the agent that ran last.
      await start(["--url", real.url, "--new-agent", "bench", "--model", LETTA_MODEL], home);
      cases.push({ name: "real App Server", go: () => start(["--url", real.url, "--model", LETTA_MODEL], home) });
    }
    // One start of each not counted: the first pays for a cold disk cache.
    if (!quick) for (const c of cases) await c.go();
    const runs = quick ? 1 : 5;
    const samples = cases.map(() => ({ first: [], connected: [] }));
    await interleaved(cases, runs, async (c) => {
      const r = await c.go();
      const s = samples[cases.indexOf(c)];
      s.first.push(r.first);
      s.connected.push(r.connected);
      return r.first;
    });
    const base = median(samples[0].first);
    const rows = [{ topic: "start-up", case: "bare node on a pty: first output", value: base, unit: "ms", ratio: 1, note: `median of ${runs}` }];
    cases.slice(1).forEach((c, i) => {
      const first = median(samples[i + 1].first);
      const connected = median(samples[i + 1].connected);
      rows.push(
        { topic: "start-up", case: `${c.name}: first frame`, value: first, unit: "ms", ratio: first / base, note: `median of ${runs}; target ≤ 250 ms` },
        { topic: "start-up", case: `${c.name}: connected on screen`, value: connected, unit: "ms", ratio: connected / base, note: `median of ${runs}` },
      );
    });
    return rows;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv[2] === "quick" }));
