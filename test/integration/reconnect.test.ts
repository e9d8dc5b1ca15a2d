import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { count, idle, reply, status, texts, turnsSeenByModel } from "./reconnect-support.js";
import { FAST_RECONNECT, runtimeOf, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// Losing the connection must never lose the user's work: every message shows once, every input
// is delivered once, and no approval is answered twice. (More in reconnect-recovery.test.ts.)

const open: Session[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.controller.close();
});

describe("the server is killed mid-turn and started again", () => {
  let server: LettaServer;
  beforeAll(async () => {
    server = await startLettaServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reconnects by itself, re-attaches, and shows every message once", async () => {
    const s = await testSession(server, undefined, {}, FAST_RECONNECT);
    open.push(s);
    await reply(s, "hello", "pong");
    s.controller.sendMessage("[[slow:30]]");
    await waitFor("ticks", () => texts(s, "assistant").some((t) => t.includes("tick2")));

    await server.crash();
    await waitFor("reconnecting", () => status(s) === "reconnecting");
    await server.restart();
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"), 60_000);

    await reply(s, "after [[text:back again]]", "back again");
    const users = texts(s, "user");
    expect(count(users, "hello")).toBe(1);
    expect(count(users, "[[slow:30]]")).toBe(1);
    expect(count(users, "after [[text:back again]]")).toBe(1);
    expect(count(texts(s, "assistant"), "pong")).toBe(1);
    const keys = transcript(s).map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("a server that stays down", () => {
  let server: LettaServer;
  beforeAll(async () => {
    server = await startLettaServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("ends in an offline state after the retry window, and Ctrl+R's retry brings it back", async () => {
    const s = await testSession(server, undefined, {}, { backoff: { initialMs: 100, maxMs: 200, giveUpAfterMs: 1000 } });
    open.push(s);
    await server.crash();
    await waitFor("offline", () => status(s) === "offline", 10_000);
    expect(s.store.getState().connection.error).toMatch(/Nothing is listening|connection lost/);
    await server.restart();
    s.controller.retry();
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"), 30_000);
    await reply(s, "[[text:back]]", "back");
  });
});

describe("the socket is cut by the network", () => {
  let server: LettaServer;
  let proxy: TcpProxy;
  const sent: unknown[] = [];
  const log = { sent: (f: unknown) => sent.push(f), received() {}, event() {} };
  const viaProxy = async (extra = {}) => {
    const s = await testSession({ ...server, url: proxy.url }, undefined, {}, { ...FAST_RECONNECT, log, ...extra });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startLettaServer();
    proxy = await startTcpProxy(server.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it("during a streaming reply: state is rebuilt and the next turn works", async () => {
    const s = await viaProxy();
    s.controller.sendMessage("[[slow:5]]");
    await waitFor("ticks", () => texts(s, "assistant").some((t) => t.includes("tick2")));
    proxy.dropAll();
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"));
    // The server cancelled the orphaned turn; the resync found it idle and closed what was open.
    await waitFor("idle", () => idle(s));
    expect(transcript(s).every((i) => i.done)).toBe(true);
    await reply(s, "[[text:still fine]]", "still fine");
  });

  it("during a pending approval: the card is rebuilt from the server, never answered twice", async () => {
    const s = await viaProxy();
    s.controller.sendMessage(`[[bash:echo x > ${server.workDir}/cut.txt]]`);
    const card = await waitFor("card", () => runtimeOf(s.store.getState(), s).approvals.order[0]);
    s.controller.answerApproval(card, { behavior: "allow" });
    proxy.dropAll();
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"));
    await waitFor("idle", () => idle(s));
    const answers = sent.filter((f) => JSON.stringify(f).includes(`"request_id":"${card}"`));
    expect(answers).toHaveLength(1);
    // Whatever the server did with the turn, no card is left waiting for an answer it has.
    expect(runtimeOf(s.store.getState(), s).approvals.order).toEqual([]);
  });

  it("an input typed while disconnected is delivered exactly once", async () => {
    const s = await viaProxy();
    proxy.block();
    proxy.dropAll();
    await waitFor("reconnecting", () => status(s) === "reconnecting");
    s.controller.sendMessage("while away [[text:got it]]");
    expect(transcript(s).at(-1)).toMatchObject({ kind: "user", state: "sending" });
    proxy.unblock();
    await waitFor("reply", () => texts(s, "assistant").includes("got it"), 30_000);
    await waitFor("idle", () => idle(s));
    expect(count(texts(s, "user"), "while away [[text:got it]]")).toBe(1);
    expect(turnsSeenByModel(server, "while away")).toBe(1);
  });

  it("a frozen connection (TCP open, nothing flows) is found dead by the heartbeat", async () => {
    const s = await viaProxy({ heartbeat: { intervalMs: 200, timeoutMs: 800 } });
    proxy.freeze();
    await waitFor("reconnecting", () => status(s) === "reconnecting", 5_000);
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"));
    await reply(s, "[[text:alive]]", "alive");
  });

  it("a turn it started goes on after the heartbeat gave up: the old socket is kept open, unheard", async () => {
    const s = await viaProxy({ heartbeat: { intervalMs: 200, timeoutMs: 800 } });
    s.controller.sendMessage("[[slow:6]]");
    await waitFor("ticks", () => texts(s, "assistant").some((t) => t.includes("tick2")));
    const before = proxy.connections();
    proxy.freeze();
    await waitFor("reconnecting", () => status(s) === "reconnecting", 5_000);
    await waitFor("reconnected", () => status(s) === "connected" && texts(s, "notice").includes("reconnected and resynced"));
    // 0.32.18 cancels a turn whose connection closes with no other subscriber (PROTOCOL §1.6):
    // closed at once, the reply stopped near tick4; kept open, it runs to its last tick.
    await waitFor("the whole reply", () => texts(s, "assistant").some((t) => t.includes("tick24")), 30_000);
    await waitFor("idle", () => idle(s));
    expect(proxy.connections()).toBe(before + 1);
    expect(count(texts(s, "user"), "[[slow:6]]")).toBe(1);
    // And the next message runs: nothing on the server waits for the old connection.
    await reply(s, "[[text:next one]]", "next one");
    // Quitting closes both.
    s.controller.close();
    await waitFor("both closed", () => proxy.connections() === before - 1, 10_000);
  });
});
