import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { fetchHistory, sentMessageIds } from "../../src/controller/attach.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import { AppServerClient } from "../../src/transport/client.js";
import { count, idle, recovered, reply, sentFrames, texts, turnsSeenByModel } from "./reconnect-support.js";
import { startReplyGateProxy, type ReplyGateProxy } from "./reply-gate-proxy.js";
import { activeScope, FAST_RECONNECT, runtimeOf, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// What the controller does on a new socket after a cut, checked against the real App Server:
// what it sends to re-attach, what becomes of an open card, a queued message, a lost ack.

let server: LettaServer;
let proxy: TcpProxy;
let gate: ReplyGateProxy;
const open: Session[] = [];

beforeAll(async () => {
  server = await startLettaServer();
  proxy = await startTcpProxy(server.port);
  gate = await startReplyGateProxy(server.port);
});
afterEach(() => {
  for (const s of open.splice(0)) s.controller.close();
});
afterAll(async () => {
  await proxy?.close();
  await gate?.close();
  await server?.stop();
});

async function sessionVia(url: string) {
  const frames = sentFrames();
  const s = await testSession({ ...server, url }, undefined, {}, { ...FAST_RECONNECT, log: frames.log });
  open.push(s);
  return { s, sent: frames.sent };
}

const rt = (s: Session) => runtimeOf(s.store.getState(), s);

describe("after the network cuts the connection", () => {
  it("re-attaches with the same tools and skill sources, then syncs with a forced device status", async () => {
    const { s, sent } = await sessionVia(proxy.url);
    const before = sent.length;
    proxy.dropAll();
    await waitFor("recovered", () => recovered(s));
    const after = sent.slice(before);
    const start = after.findIndex((f) => f.type === "runtime_start");
    expect(start).toBeGreaterThanOrEqual(0);
    const command = after[start] as { preserve_skill_sources?: boolean; external_tools?: { tools: { name: string }[] }[]; agent_id?: string };
    expect(command.preserve_skill_sources).toBe(true);
    expect(command.agent_id).toBe(activeScope(s).agent_id);
    expect(command.external_tools?.flatMap((g) => g.tools.map((t) => t.name)).sort()).toEqual(["ask_user", "notify_user"]);
    const sync = after.findIndex((f, i) => i > start && f.type === "sync");
    expect(sync).toBeGreaterThan(start);
    expect(after[sync]).toMatchObject({ force_device_status: true, runtime: activeScope(s) });
  });

  it("an unanswered approval card is still there once, marked replayed, and can be approved", async () => {
    const { s } = await sessionVia(proxy.url);
    // Alone, the server would cancel the turn with the cut and reject its approval (PROTOCOL
    // §1.6); a second subscriber keeps it running, the card unowned until we re-attach.
    const scope = activeScope(s);
    open.push(await testSession(server, { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id }));
    const file = join(server.workDir, "approved-after-cut.txt");
    s.controller.sendMessage(`[[bash:echo kept > ${file}]]`);
    const card = await waitFor("card", () => rt(s).approvals.order[0]);
    proxy.dropAll();
    await waitFor("recovered", () => recovered(s));
    await waitFor("card replayed", () => rt(s).approvals.byId[card]?.replayed);
    expect(rt(s).approvals.order).toEqual([card]);
    s.controller.answerApproval(card, { behavior: "allow" });
    await waitFor("file written", () => existsSync(file), 30_000);
    await waitFor("idle", () => idle(s));
    expect(rt(s).approvals.order).toEqual([]);
  });
});

describe("an input whose answer never came back", () => {
  const inputsWith = (sent: Record<string, unknown>[], needle: string) => sent.filter((f) => f.type === "input" && JSON.stringify(f).includes(needle));
  const messageId = (f: Record<string, unknown>) => JSON.stringify(f).match(/"client_message_id":"([^"]+)"/)?.[1];

  /** Ask the server on a connection of its own (no subscription) whether history holds `id`. */
  async function inServerHistory(scope: RuntimeScope, id: string): Promise<boolean> {
    const side = await AppServerClient.connect(server.url, { onFrame() {}, onStatus() {}, onReconnected() {} });
    try {
      return sentMessageIds(await fetchHistory(side, scope)).has(id);
    } finally {
      side.close();
    }
  }

  it("lost on the way in: resent once with the same client_message_id, run once", async () => {
    const { s, sent } = await sessionVia(gate.url);
    s.controller.sendMessage("lost in transit [[text:arrived]]");
    // Cut in the same tick: the proxy never reads the bytes, so the server never gets them.
    gate.cutAll();
    await waitFor("reply", () => texts(s, "assistant").includes("arrived"), 30_000);
    await waitFor("idle", () => idle(s));
    const inputs = inputsWith(sent, "lost in transit");
    expect(inputs).toHaveLength(2);
    expect(messageId(inputs[0]!)).toBeTruthy();
    expect(messageId(inputs[1]!)).toBe(messageId(inputs[0]!));
    expect(inputs[1]!.request_id).not.toBe(inputs[0]!.request_id);
    expect(turnsSeenByModel(server, "lost in transit")).toBe(1);
    expect(count(texts(s, "user"), "lost in transit [[text:arrived]]")).toBe(1);
  });

  it("lost on the way back after the turn ended: history shows it, so it is not resent", async () => {
    const { s, sent } = await sessionVia(gate.url);
    gate.swallowReplies();
    s.controller.sendMessage("lost ack [[text:once only]]");
    const id = messageId(inputsWith(sent, "lost ack")[0]!)!;
    // The server ran it and stored it; only its answers are gone. Its idle runtime is evicted
    // with the memory of the id, so only history can tell the client not to send it again.
    await waitFor("the message in the server's history", () => inServerHistory(activeScope(s), id), { timeoutMs: 30_000, everyMs: 100 });
    gate.cutAll();
    gate.passReplies();
    await waitFor("recovered", () => recovered(s));
    await waitFor("reply from history", () => texts(s, "assistant").includes("once only"), 30_000);
    expect(inputsWith(sent, "lost ack")).toHaveLength(1);
    expect(turnsSeenByModel(server, "lost ack")).toBe(1);
    expect(transcript(s).filter((i) => i.kind === "user" && i.text === "lost ack [[text:once only]]")).toEqual([
      expect.objectContaining({ state: "started", done: true }),
    ]);
    await reply(s, "[[text:next]]", "next");
    expect(turnsSeenByModel(server, "lost ack")).toBe(1);
  });
});
