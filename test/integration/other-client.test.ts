import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { idle } from "./reconnect-support.js";
import { runtimeOf, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";

// Two clients on one conversation (two terminals, or a script and the TUI). 0.32.18 streams a
// turn's reply to every subscriber but never the message that started it: the client that did
// not send it showed the reply without its prompt. It now reads the turn back from history when
// the turn ends, so what the agent was told is on screen above what it answered.

let server: LettaServer;
let watcher: Session;
let sender: Session;

/** The transcript's rows as "kind: text", in order. */
const rows = (s: Session) => transcript(s).flatMap((i) => (i.kind === "user" || i.kind === "assistant" ? [`${i.kind}: ${i.text}`] : []));

beforeAll(async () => {
  server = await startLettaServer();
  watcher = await testSession(server);
  const { agent_id, conversation_id } = runtimeOf(watcher.store.getState()).scope;
  sender = await testSession(server, { kind: "existing", agentId: agent_id ?? "", conversationId: conversation_id });
}, 120_000);
afterAll(async () => {
  await sender?.close();
  await watcher?.close();
  await server?.stop();
});

describe("a message another client sends to the conversation", () => {
  it("shows above its reply, in order, once the turn ends", async () => {
    watcher.controller.sendMessage("mine first [[text:reply to mine]]");
    await waitFor("the first turn over", () => rows(watcher).includes("assistant: reply to mine") && idle(watcher), 60_000);
    sender.controller.sendMessage("from the other terminal [[text:reply to the other]]");
    await waitFor("the other turn's reply on the watcher", () => rows(watcher).includes("assistant: reply to the other") && idle(watcher), 60_000);
    await waitFor("the other client's message on the watcher", () => rows(watcher).includes("user: from the other terminal [[text:reply to the other]]"), 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(transcript(watcher))}`);
    });
    expect(rows(watcher)).toEqual([
      "user: mine first [[text:reply to mine]]",
      "assistant: reply to mine",
      "user: from the other terminal [[text:reply to the other]]",
      "assistant: reply to the other",
    ]);
  });
});
