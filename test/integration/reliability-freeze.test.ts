import { afterAll, beforeAll, describe, it } from "vitest";
import { FAULT_BACKOFF, Rig, describePlan, planFaults, runFault, suiteRng, summarize, typeDuring, type Figure } from "./reliability-support.js";
import { sleep, startLettaServer, type LettaServer } from "./support.js";

// 10 SIGSTOP/SIGCONT freezes of the real App Server at seeded points of turns. Short ones end
// before our heartbeat may call the peer dead; long ones last until it has, and a while more.
// After each: the transcript equals the server's history, no approval was answered twice,
// every typed message arrived exactly once. Figures: docs/reliability.md.

const SUITE = "reliability-freeze";
// A frozen peer costs seconds, not the default 20 s: the heartbeat is injectable.
const HEARTBEAT = { intervalMs: 250, timeoutMs: 1500 };
const rng = suiteRng(SUITE);
// short: held 200-800 ms (under the heartbeat's timeout); long: held until the heartbeat gave
// up, then 0-1500 ms more while our reconnects meet a server that takes no connection.
const plans = planFaults(rng, 10, ["short freeze", "long freeze"] as const, (kind, r) => (kind === "short freeze" ? r.int(200, 800) : r.int(0, 1500)));
const figures: Figure[] = [];
let server: LettaServer;
let rig: Rig;

beforeAll(async () => {
  server = await startLettaServer();
  rig = await Rig.open(server, server.url, { heartbeat: HEARTBEAT, connectTimeoutMs: 2_000, backoff: FAULT_BACKOFF });
});
afterAll(async () => {
  server?.thaw();
  console.log(summarize(SUITE, rng.seed, figures));
  await rig?.close();
  await server?.stop();
});

describe(`the server is frozen with SIGSTOP, then continued (seed ${rng.seed})`, () => {
  for (const plan of plans) {
    it(describePlan(plan), () =>
      runFault(rig, plan, figures, async (dropped) => {
        server.freeze();
        try {
          typeDuring(rig, plan);
          if (plan.kind === "long freeze") await dropped(); // the heartbeat gave up
          // How long the fault lasts is what the plan varies; nothing here waits for a state.
          await sleep(plan.holdMs);
        } finally {
          server.thaw();
        }
      }),
    );
  }
});
