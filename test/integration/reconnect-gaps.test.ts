import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import type { TranscriptItem } from "../../src/store/state.js";
import { untilTranscriptMatches } from "./history-compare.js";
import { count, idle, recovered, reply, status, texts } from "./reconnect-support.js";
import { activeScope, FAST_RECONNECT, NEW_AGENT, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// Issue 10, item 6, against the real App Server: after a frozen or killed server the transcript
// is the server's history (every message once, whole), and a turn the gap cut off says so.

/** Our heartbeat, quick enough that a frozen server is declared dead in about a second. */
const QUICK_HEARTBEAT = { heartbeat: { intervalMs: 200, timeoutMs: 1_000 } };

let server: LettaServer;
let proxy: TcpProxy;
const open: Session[] = [];
beforeAll(async () => {
  server = await startLettaServer();
  proxy = await startTcpProxy(server.port);
});
afterEach(() => {
  server.thaw();
  for (const s of open.splice(0)) s.controller.close();
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

async function session(selection = NEW_AGENT, url = server.url): Promise<Session> {
  const s = await testSession({ ...server, url }, selection, {}, { ...FAST_RECONNECT, ...QUICK_HEARTBEAT });
  open.push(s);
  return s;
}

type AssistantRow = Extract<TranscriptItem, { kind: "assistant" }>;
const assistantRow = (s: Session) => transcript(s).find((i): i is AssistantRow => i.kind === "assistant" && i.text.startsWith("tick1"));

describe("the server freezes (SIGSTOP) in the middle of a streamed reply", () => {
  it("once it runs again the reply shows whole, as the server has it, once", async () => {
    const s = await session();
    s.controller.sendMessage("[[slow:5]]");
    await waitFor("tick4 on screen", () => assistantRow(s)?.text.includes("tick4"));
    const done = server.model.finished.length;
    server.freeze();
    await waitFor("our heartbeat declares it dead", () => status(s) === "reconnecting");
    // The model streams the other ticks into the frozen server's socket meanwhile.
    await waitFor("the model's answer written to the end", () => server.model.finished.length > done);
    server.thaw();
    await waitFor("recovered", () => recovered(s), 60_000);
    await waitFor("idle", () => idle(s), 60_000);
    const rows = await untilTranscriptMatches(server, s);
    // The server stored the reply under the id we saw in part (0.32.18 reads the buffered
    // stream on SIGCONT, so all 20 ticks in every run so far, though it then cancels the turn
    // for the lost socket); we show the server's text, once.
    const key = assistantRow(s)?.key;
    const stored = rows.filter(([k]) => k === key);
    expect(stored).toEqual([[key, assistantRow(s)?.text]]);
    expect(stored[0]?.[1]).toMatch(/^tick1 tick2 tick3 tick4 tick5/);
    expect(transcript(s).filter((i) => i.key === key)).toHaveLength(1);
    expect(assistantRow(s)?.done).toBe(true);
    expect(assistantRow(s)?.interrupted).toBeUndefined();
    expect(count(texts(s, "user"), "[[slow:5]]")).toBe(1);
    await reply(s, "[[text:still here]]", "still here");
  });
});

describe("the TCP path stalls in the middle of a streamed reply", () => {
  it("the reply shows as far as the server kept it, also what it stored after we reconnected", async () => {
    const s = await session(NEW_AGENT, proxy.url);
    s.controller.sendMessage("[[slow:5]]");
    await waitFor("tick4 on screen", () => assistantRow(s)?.text.includes("tick4"));
    // The server's side stays open: the turn goes on there for a while and streams to the new
    // socket too; the server ends it (cancelled, 0.32.18) and stores its text after we resynced.
    proxy.freeze();
    await waitFor("our heartbeat declares it dead", () => status(s) === "reconnecting");
    await waitFor("recovered", () => recovered(s), 60_000);
    await waitFor("the turn's end", () => idle(s) && assistantRow(s)?.done, 60_000);
    const rows = await untilTranscriptMatches(server, s);
    const key = assistantRow(s)?.key;
    expect(rows.filter(([k]) => k === key)).toEqual([[key, assistantRow(s)?.text]]);
    expect(assistantRow(s)?.interrupted).toBeUndefined();
  });
});

describe("the server is killed (SIGKILL) in the middle of a streamed reply and started again", () => {
  it("the partial reply is marked interrupted, the turn says so, and the rest is the server's history", async () => {
    const s = await session();
    await reply(s, "[[text:before]]", "before");
    s.controller.sendMessage("[[slow:30]]");
    await waitFor("tick4 on screen", () => assistantRow(s)?.text.includes("tick4"));
    await server.crash();
    await waitFor("reconnecting", () => status(s) === "reconnecting");
    await server.restart();
    await waitFor("recovered", () => recovered(s), 60_000);
    await waitFor("idle", () => idle(s), 60_000);
    await waitFor("the partial reply marked", () => assistantRow(s)?.interrupted);
    expect(assistantRow(s)?.text).toMatch(/^tick1 tick2 tick3 tick4/);
    expect(assistantRow(s)?.done).toBe(true);
    expect(texts(s, "notice")).toContain("turn interrupted: the connection was lost before it finished");
    const rows = await untilTranscriptMatches(server, s);
    // The server kept no part of the cut reply: it is ours alone, and shown as cut.
    expect(rows.some(([key]) => key === assistantRow(s)?.key)).toBe(false);
    expect(count(texts(s, "user"), "[[slow:30]]")).toBe(1);
    expect(count(texts(s, "assistant"), "before")).toBe(1);
  });
});

describe("a message Letta Code injected (a system reminder after an abort)", () => {
  it("draws no row, live or from history", async () => {
    const s = await session();
    s.controller.sendMessage("[[slow:20]]");
    await waitFor("tick2 on screen", () => assistantRow(s)?.text.includes("tick2"));
    s.controller.abort();
    await waitFor("idle after the abort", () => idle(s), 60_000);
    await reply(s, "after abort [[text:ok]]", "ok");
    // A second client attaching to the conversation shows it from history alone.
    const scope = activeScope(s);
    const other = await session({ kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id });
    for (const who of [s, other]) {
      expect(transcript(who).filter((i) => i.kind === "user").map((i) => ("text" in i ? i.text : ""))).toEqual(["[[slow:20]]", "after abort [[text:ok]]"]);
    }
    await untilTranscriptMatches(server, other);
  });
});
