import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_BACKOFF, Rig, describePlan, expectConsistent, planFaults, runFault, suiteRng, summarize, typeDuring, type Figure, type StrikeOutcome } from "./reliability-support.js";
import { idle, texts } from "./reconnect-support.js";
import { startLettaServer, waitFor, type LettaServer } from "./support.js";

// 20 SIGKILLs of the real App Server at seeded points of turns (streaming, a pending card,
// right after an answer, a message in flight), each followed by a restart on the same port
// and HOME. After each: the transcript equals the server's history, no approval was answered
// twice, every typed message arrived exactly once. Figures: docs/reliability.md.

const SUITE = "reliability-kill";
const rng = suiteRng(SUITE);
const planned = 20;
const plans = planFaults(rng, planned, ["kill"] as const, () => 0);
const figures: Figure[] = [];
let server: LettaServer;
let rig: Rig;
/** Kills that had to wait at their point for the conversation record (a figure, not a check). */
let waitedForDisk = 0;

/** Where Letta Code's local backend keeps the session's conversation (`conversation:<id>`). */
function conversationDir(): string {
  const id = rig.rt.scope.conversation_id;
  return join(server.home, ".letta", "lc-local-backend", "conversations", Buffer.from(`conversation:${id}`).toString("base64url"));
}

/**
 * The conversation's record is on disk, whole, as a restarted server loads it (an id and an
 * agent): the local backend writes it a little after a turn, with a plain truncate-and-write.
 * Killed before that, or in the middle of that write, the restarted server rightly answers
 * "Conversation local-conv-1 not found": a loss no client can recover from, so a kill that
 * means to test recovery waits for this.
 */
function conversationOnDisk(): boolean {
  try {
    const record: unknown = JSON.parse(readFileSync(join(conversationDir(), "conversation.json"), "utf8"));
    return typeof record === "object" && record !== null && "id" in record && record.id === rig.rt.scope.conversation_id && "agent_id" in record;
  } catch {
    return false;
  }
}

/** The conversation's files and sizes, for a failure message: what the kill left behind. */
function diskState(): string {
  try {
    const dir = conversationDir();
    const files = readdirSync(dir).map((f) => `${f} ${statSync(join(dir, f)).size} B`);
    return `${files.join(", ")}; conversation.json ${conversationOnDisk() ? "whole" : "NOT loadable"}`;
  } catch (err) {
    return `unreadable: ${String(err)}`;
  }
}

/**
 * One turn first, so the conversation is on disk before the first kill's point: waiting for
 * it at the point itself would move that point (a streaming reply would run on).
 * Its reply stored and the runtime idle too: the record alone is written when a turn starts.
 */
async function firstTurn(tag: string): Promise<void> {
  rig.type(`${tag} [[text:reply ${tag}]]`);
  await waitFor("the first turn over", () => texts(rig.session, "assistant").includes(`reply ${tag}`) && idle(rig.session), 60_000);
  await waitFor("the conversation on disk", conversationOnDisk, 60_000);
}

beforeAll(async () => {
  server = await startLettaServer();
  rig = await Rig.open(server, server.url, { backoff: FAULT_BACKOFF });
  await firstTurn("t0");
});
afterAll(async () => {
  console.log(summarize(SUITE, rng.seed, figures));
  console.log(`[${SUITE}] kills that waited at their point for the conversation on disk: ${waitedForDisk}`);
  await rig?.close();
  await server?.stop();
});

describe(`the server is SIGKILLed and restarted (seed ${rng.seed})`, () => {
  for (const plan of plans) {
    it(describePlan(plan), async () => {
      let atKill = "";
      try {
        await runFault(rig, plan, figures, async (dropped): Promise<StrikeOutcome> => {
          // Checked in the tick of the point (no wait when it holds, as it does after the
          // first turn): the server may be rewriting the record right now.
          if (!conversationOnDisk()) {
            waitedForDisk += 1;
            await waitFor("the conversation whole on disk", conversationOnDisk, 60_000);
          }
          await server.crash();
          atKill = diskState();
          // The kill cut the server's in-place rewrite of the record (0.32.18 truncates, then
          // writes): the restarted server will answer "Conversation … not found". Rare (1 kill in
          // ~150 on this machine); what is tested then is that the session says so plainly.
          const lost = !conversationOnDisk();
          typeDuring(rig, plan);
          // Restarted only once we noticed, so every kill is a loss the client must recover from.
          await dropped();
          await server.restart();
          return lost ? "conversation-lost" : undefined;
        });
        if (figures.at(-1)?.conversationLost) await firstTurn(`t${plan.n}-new`);
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n  the conversation on disk after the kill: ${atKill || diskState()}`);
      }
    });
  }

  // What the server does on its own about once in 150 kills here, made to happen every run:
  // the record torn by the kill, as a kill inside its truncate-then-write leaves it.
  it("a kill that tears the conversation's record: the session says the conversation is lost, and goes on in a new one", async () => {
    const plan = { n: planned + 1, kind: "kill" as const, point: "typed" as const, tick: 1, allow: true, typeDuring: true, holdMs: 0 };
    const lostId = rig.rt.scope.conversation_id;
    await runFault(rig, plan, figures, async (dropped): Promise<StrikeOutcome> => {
      await server.crash();
      writeFileSync(join(conversationDir(), "conversation.json"), "");
      typeDuring(rig, plan);
      await dropped();
      await server.restart();
      return conversationOnDisk() ? undefined : "conversation-lost";
    });
    expect(figures.at(-1)?.conversationLost).toBe(true);
    expect(rig.rt.scope.conversation_id).not.toBe(lostId);
    await firstTurn(`t${plan.n}-new`);
    await expectConsistent(rig, "the new conversation");
  });
});
