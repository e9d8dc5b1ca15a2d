import { afterAll, beforeAll, describe, it } from "vitest";
import { FAULT_BACKOFF, Rig, describePlan, planFaults, runFault, suiteRng, summarize, typeDuring, type Figure } from "./reliability-support.js";
import { sleep, startLettaServer, type LettaServer } from "./support.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// 30 faults of the network path between letta-tui and the real App Server, at seeded points
// of turns: cuts (both sides closed), cuts with the path refusing new connections for a
// while, and stalls (nothing flows, nothing is lost) shorter and longer than the heartbeat's
// patience. After each: the transcript equals the server's history, no approval was answered
// twice, every typed message arrived exactly once. Figures: docs/reliability.md.

const SUITE = "reliability-proxy";
const HEARTBEAT = { intervalMs: 250, timeoutMs: 1500 };
const KINDS = ["cut", "cut and refuse", "short stall", "long stall"] as const;
const rng = suiteRng(SUITE);
const plans = planFaults(rng, 30, KINDS, (kind, r) => (kind === "cut" ? 0 : kind === "short stall" ? r.int(200, 800) : r.int(200, 1500)));
const figures: Figure[] = [];
let server: LettaServer;
let proxy: TcpProxy;
let rig: Rig;

beforeAll(async () => {
  server = await startLettaServer();
  proxy = await startTcpProxy(server.port);
  rig = await Rig.open(server, proxy.url, { heartbeat: HEARTBEAT, connectTimeoutMs: 2_000, backoff: FAULT_BACKOFF });
});
afterAll(async () => {
  console.log(summarize(SUITE, rng.seed, figures));
  await rig?.close();
  await proxy?.close();
  await server?.stop();
});

async function strike(kind: (typeof KINDS)[number], holdMs: number, during: () => void, dropped: () => Promise<unknown>): Promise<void> {
  switch (kind) {
    case "cut":
      proxy.dropAll();
      during();
      await dropped();
      return;
    case "cut and refuse":
      proxy.block();
      proxy.dropAll();
      during();
      try {
        await dropped();
        await sleep(holdMs);
      } finally {
        proxy.unblock();
      }
      return;
    case "short stall":
    case "long stall":
      proxy.stall();
      try {
        const from = rig.oldestUnacked();
        during();
        if (kind === "long stall") {
          await dropped(); // the heartbeat gave up
          rig.strand(from);
        }
        await sleep(holdMs);
      } finally {
        proxy.resume();
      }
      return;
  }
}

describe(`the network path is cut or stalled (seed ${rng.seed})`, () => {
  for (const plan of plans) {
    it(describePlan(plan), () => runFault(rig, plan, figures, (dropped) => strike(plan.kind, plan.holdMs, () => typeDuring(rig, plan), dropped)));
  }
});
