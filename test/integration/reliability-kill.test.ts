import { afterAll, beforeAll, describe, it } from "vitest";
import { Rig, describePlan, planFaults, runFault, suiteRng, summarize, typeDuring, type Figure } from "./reliability-support.js";
import { startLettaServer, type LettaServer } from "./support.js";

// 20 SIGKILLs of the real App Server at seeded points of turns (streaming, a pending card,
// right after an answer, a message in flight), each followed by a restart on the same port
// and HOME. After each: the transcript equals the server's history, no approval was answered
// twice, every typed message arrived exactly once. Figures: docs/reliability.md.

const SUITE = "reliability-kill";
const rng = suiteRng(SUITE);
const plans = planFaults(rng, 20, ["kill"] as const, () => 0);
const figures: Figure[] = [];
let server: LettaServer;
let rig: Rig;

beforeAll(async () => {
  server = await startLettaServer();
  rig = await Rig.open(server, server.url);
});
afterAll(async () => {
  console.log(summarize(SUITE, rng.seed, figures));
  await rig?.close();
  await server?.stop();
});

describe(`the server is SIGKILLed and restarted (seed ${rng.seed})`, () => {
  for (const plan of plans) {
    it(describePlan(plan), () =>
      runFault(rig, plan, figures, async (dropped) => {
        await server.crash();
        typeDuring(rig, plan);
        // Restarted only once we noticed, so every kill is a loss the client must recover from.
        await dropped();
        await server.restart();
      }),
    );
  }
});
