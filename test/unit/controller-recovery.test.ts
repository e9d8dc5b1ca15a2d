import { afterEach, describe, expect, it, vi } from "vitest";
import { Controller } from "../../src/controller/controller.js";
import { RESEND_GRACE_MS } from "../../src/controller/outbox.js";
import type { Command } from "../../src/protocol/commands.js";
import { runtimeKey, type RuntimeScope } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import { initialState } from "../../src/store/state.js";
import { createStore, type Store } from "../../src/store/store.js";
import { attachAnswers, FakeLink, type Answer } from "./fake-link.js";

// The controller's side of recovery and capability discovery, over a fake link: the cases the
// real App Server cannot be made to produce on cue.

const A1 = { kind: "existing" as const, agentId: "a1", conversationId: "c1" };
const A2 = { kind: "existing" as const, agentId: "a2", conversationId: "c2" };

async function controllerOver(link: FakeLink, onAttached = vi.fn()): Promise<{ controller: Controller; store: Store; onAttached: typeof onAttached }> {
  const store = createStore(initialState("fake"));
  const controller = await Controller.over("fake", link.open, store, { clientVersion: "test", onAttached });
  return { controller, store, onAttached };
}

const inputs = (cmds: Command[]) => cmds.filter((c) => c.type === "input");
const notices = (store: Store, scope: RuntimeScope) =>
  allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).flatMap((i) => (i.kind === "notice" ? [i.text] : []));

describe("a probe answered after it timed out", () => {
  it("starts legacy, then upgrades to acknowledged input when the answer comes", async () => {
    const link = new FakeLink((c) => (c.type === "app_server_info" ? undefined : attachAnswers(c)));
    const { controller } = await controllerOver(link);
    expect(await controller.probe(10)).toBeUndefined();
    await controller.attach({ selection: A1 });

    controller.sendMessage("before");
    // A legacy server never acknowledges: the input is written and not waited for.
    expect(inputs(link.fireAndForget)).toHaveLength(1);

    link.push({ type: "app_server_info_response", request_id: "info-1", success: true, letta_code_version: "0.32.18", capabilities: {} });
    controller.sendMessage("after");
    expect(inputs(link.sent)).toHaveLength(2);
    expect(inputs(link.fireAndForget)).toHaveLength(1);
  });
});

describe("re-attaching several runtimes after a reconnect", () => {
  it("re-attaches each on its own: one failure is a notice for that one, the rest recover and unsent input goes out", async () => {
    const link = new FakeLink(attachAnswers);
    const { controller, store, onAttached } = await controllerOver(link);
    const r1 = await controller.attach({ selection: A1 });
    const r2 = await controller.attachAnother(A2);
    expect(onAttached).toHaveBeenCalledTimes(2);

    link.isConnected = false;
    controller.sendMessage("typed while away");
    expect(inputs(link.sent)).toHaveLength(0);

    // The first runtime can no longer be started; the second can.
    link.answer = (c) =>
      c.type === "runtime_start" && c.agent_id === "a1" ? { type: "runtime_start_response", request_id: c.request_id, success: false, error: "agent a1 is gone" } : attachAnswers(c);
    link.sent.length = 0;
    link.isConnected = true;
    link.events.onReconnected();

    await vi.waitFor(() => expect(inputs(link.sent)).toHaveLength(1));
    const starts = link.sent.filter((c) => c.type === "runtime_start").map((c) => (c as { agent_id?: string }).agent_id);
    expect(starts).toContain("a1");
    expect(starts).toContain("a2");
    expect(link.sent.some((c) => c.type === "sync" && c.runtime.agent_id === "a2")).toBe(true);
    expect(notices(store, r1).at(-1)).toMatch(/resync failed: .*agent a1 is gone$/);
    await vi.waitFor(() => expect(notices(store, r2)).toContain("reconnected and resynced"));

    // The registry hears of every successful runtime_start, re-attaches included.
    expect(onAttached).toHaveBeenCalledTimes(3);
    expect(onAttached).toHaveBeenLastCalledWith(r2, { agentName: "name-a2" });
  });
});

describe("history read after a reconnect", () => {
  // A reply that streamed only to the lost connection may be a cancelled turn's, which 0.32.18
  // drops when the next turn starts (history-gaps, reliability-proxy): only a read after a gap
  // puts it in doubt; the same row in the attach's read is simply the conversation's past.
  const reply = { id: "ui-msg-2", date: "2026-12-06T18:31:04.900Z", message_type: "assistant_message", content: [{ type: "text", text: "reply " }] };
  const withReply: Answer = (c) => (c.type === "conversation_messages_list" ? { type: "conversation_messages_list_response", request_id: c.request_id, success: true, messages: [reply] } : attachAnswers(c));
  const doubtful = (store: Store, scope: RuntimeScope) => store.getState().runtimes[runtimeKey(scope)]!.doubtful?.keys;

  it("puts a reply it adds in doubt", async () => {
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    link.answer = withReply;
    link.events.onReconnected();
    await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
    expect(doubtful(store, scope)).toEqual(["assistant:ui-msg-2"]);
  });

  it("but not the attach's read", async () => {
    const { controller, store } = await controllerOver(new FakeLink(withReply));
    const scope = await controller.attach({ selection: A1 });
    expect(allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).map((i) => i.key)).toEqual(["assistant:ui-msg-2"]);
    expect(doubtful(store, scope)).toBeUndefined();
  });
});

describe("a message the server took, then lost with a crash", () => {
  const messageIds = (cmds: Command[]) => inputs(cmds).map((c) => JSON.stringify(c).match(/"client_message_id":"([^"]+)"/)?.[1]);

  async function acceptedThenReconnected(before: (link: FakeLink, scope: RuntimeScope) => void) {
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    controller.sendMessage("taken, then the server died");
    // Taken: input_accepted settled the row.
    await vi.waitFor(() => expect(allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).at(-1)).toMatchObject({ kind: "user", state: "started" }));
    await new Promise((r) => setTimeout(r, 0));
    before(link, scope);
    // The server was killed and restarted: a new socket, and history without the message.
    link.events.onReconnected();
    await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
    return link;
  }

  it("is sent again, with the same client_message_id, when history does not show it", async () => {
    const link = await acceptedThenReconnected(() => undefined);
    await vi.waitFor(() => expect(inputs(link.sent)).toHaveLength(2));
    const [first, again] = messageIds(link.sent);
    expect(again).toBe(first);
  });

  it("a message with an image goes out again with its parts; the transcript row shows the chip", async () => {
    const parts = [
      { type: "text" as const, text: "what is " },
      { type: "image" as const, source: { type: "base64" as const, media_type: "image/png", data: "iVBORw0KGgo=" } },
    ];
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    controller.sendMessage("what is [Image #1 cat.png 68 B]", parts);
    await vi.waitFor(() => expect(allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).at(-1)).toMatchObject({ kind: "user", state: "started", text: "what is [Image #1 cat.png 68 B]" }));
    await new Promise((r) => setTimeout(r, 0));
    link.events.onReconnected();
    await vi.waitFor(() => expect(inputs(link.sent)).toHaveLength(2));
    const contents = inputs(link.sent).map((c) => (c.type === "input" && c.payload.kind === "create_message" ? c.payload.messages[0]!.content : undefined));
    expect(contents).toEqual([parts, parts]);
  });

  it("one the server queued and then started is sent again too; one still queued is not", async () => {
    for (const started of [true, false]) {
      // A server that queues every input, and lists what it queued when asked (sync).
      const queued: string[] = [];
      const queuedAnswers: Answer = (c) => {
        if (c.type === "input") {
          queued.push(String(JSON.stringify(c).match(/"client_message_id":"([^"]+)"/)?.[1]));
          return { ...attachAnswers(c), disposition: "queued" };
        }
        // Once it was sent again (a restarted server has no copy before that).
        if (c.type === "sync" && queued.length > 1) link.push({ type: "update_queue", runtime: c.runtime, queue: [...queued].map((id, i) => ({ id: `q-${i}`, client_message_id: id, kind: "message", source: "user" })), removed: [] });
        return attachAnswers(c);
      };
      const link: FakeLink = new FakeLink(queuedAnswers);
      const { controller, store } = await controllerOver(link);
      const scope = await controller.attach({ selection: A1 });
      controller.sendMessage("queued first");
      await vi.waitFor(() => expect(store.getState().runtimes[runtimeKey(scope)]!.queuedMessages).not.toEqual({}));
      await new Promise((r) => setTimeout(r, 0));
      const id = messageIds(link.sent)[0];
      // Its turn starts: the server echoes it (otid = our id), then dies before storing it.
      if (started) link.push({ type: "stream_delta", runtime: scope, delta: { message_type: "user_message", id: "u1", otid: id, content: "queued first" } });
      link.events.onReconnected();
      await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
      await new Promise((r) => setTimeout(r, 0));
      expect(messageIds(link.sent)).toEqual(started ? [id, id] : [id]);
    }
  });

  it("goes out again before a message typed while the connection was down", async () => {
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    controller.sendMessage("first");
    await vi.waitFor(() => expect(allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).at(-1)).toMatchObject({ state: "started" }));
    await new Promise((r) => setTimeout(r, 0));
    link.isConnected = false;
    controller.sendMessage("second");
    link.isConnected = true;
    link.events.onReconnected();
    await vi.waitFor(() => expect(inputs(link.sent).length).toBeGreaterThanOrEqual(3));
    const texts = inputs(link.sent).map((c) => JSON.stringify(c).match(/"content":"([^"]+)"/)?.[1]);
    expect(texts.slice(1)).toEqual(["first", "second"]);
  });

  it("is not sent again once its turn finished, nor when history shows it", async () => {
    const finished = await acceptedThenReconnected((link, scope) => link.push({ type: "turn_finished", stop_reason: "end_turn", runtime: scope }));
    expect(inputs(finished.sent)).toHaveLength(1);
    const inHistory = await acceptedThenReconnected((link) => {
      const id = messageIds(link.sent)[0];
      const answer = link.answer;
      link.answer = (c) =>
        c.type === "conversation_messages_list"
          ? { type: "conversation_messages_list_response", request_id: c.request_id, success: true, messages: [{ message_type: "user_message", id: "m1", otid: id, content: "x" }] }
          : answer(c);
    });
    expect(inputs(inHistory.sent)).toHaveLength(1);
  });
});

describe("a message written to a server that froze before reading it (reliability-freeze)", () => {
  const messageIds = (cmds: Command[]) => inputs(cmds).map((c) => JSON.stringify(c).match(/"client_message_id":"([^"]+)"/)?.[1]);
  // The run map lives in the server process's memory: the same map after the reconnect is the
  // same server, which still reads what we wrote before it froze.
  const loop = (scope: RuntimeScope, runs: Record<string, string[]>) => ({
    type: "update_loop_status",
    runtime: scope,
    loop_status: { status: "WAITING_ON_INPUT", active_run_ids: [], client_message_ids_by_run_id: runs },
  });
  const earlier = { "run-1": ["cm-earlier"] };

  /** Written, never answered, socket lost, re-attached; `after` is the run map the sync replays. */
  async function writtenThenLost(after: Record<string, string[]>, typedMeanwhile?: string) {
    vi.useFakeTimers();
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    link.push(loop(scope, earlier));
    link.hangInputs = true;
    controller.sendMessage("t6 written into the frozen server");
    link.isConnected = false;
    link.drop();
    if (typedMeanwhile) controller.sendMessage(typedMeanwhile);
    link.hangInputs = false;
    link.isConnected = true;
    const answer = link.answer;
    link.answer = (c) => {
      if (c.type === "sync") link.push(loop(scope, after));
      return answer(c);
    };
    link.events.onReconnected();
    await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
    return { link, store, scope, id: messageIds(link.sent)[0]! };
  }

  afterEach(() => void vi.useRealTimers());

  it("is not sent again while the same server may still run it, and never once its run shows", async () => {
    const { link, store, scope, id } = await writtenThenLost(earlier);
    // Before the fix: sent again at once, and 0.32.18 ran both copies.
    expect(messageIds(link.sent)).toEqual([id]);
    // The server read the old socket on resuming: the message runs.
    link.push(loop(scope, { ...earlier, "run-2": [id] }));
    await vi.advanceTimersByTimeAsync(RESEND_GRACE_MS * 2);
    expect(messageIds(link.sent)).toEqual([id]);
    const row = allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).find((i) => i.key === `user:${id}`);
    expect(row).toMatchObject({ state: "started", done: true });
  });

  it("is sent again, once, when the grace is over and history still lacks it; what was typed meanwhile follows it", async () => {
    const { link, id } = await writtenThenLost(earlier, "w6 typed meanwhile");
    expect(messageIds(link.sent)).toEqual([id]);
    const reads = link.sent.filter((c) => c.type === "conversation_messages_list").length;
    await vi.advanceTimersByTimeAsync(RESEND_GRACE_MS);
    await vi.waitFor(() => expect(inputs(link.sent)).toHaveLength(3));
    // History was read again before deciding.
    expect(link.sent.filter((c) => c.type === "conversation_messages_list").length).toBe(reads + 1);
    const texts = inputs(link.sent).map((c) => JSON.stringify(c).match(/"content":"([^"]+)"/)?.[1]);
    expect(texts).toEqual(["t6 written into the frozen server", "t6 written into the frozen server", "w6 typed meanwhile"]);
    expect(messageIds(link.sent)[1]).toBe(id);
  });

  it("goes out again at once to a restarted server, which has no memory of it", async () => {
    const { link, id } = await writtenThenLost({});
    await vi.waitFor(() => expect(messageIds(link.sent)).toEqual([id, id]));
  });
});

describe("a resent message the server answers queued from its memory alone (reliability-freeze)", () => {
  const messageIds = (cmds: Command[]) => inputs(cmds).map((c) => JSON.stringify(c).match(/"client_message_id":"([^"]+)"/)?.[1]);

  /** Written, lost, resent at once (nothing tells the same server), answered "queued". */
  async function resentAnsweredQueued(queueAfterSync: (id: string) => Record<string, unknown>[]) {
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1 });
    link.hangInputs = true;
    controller.sendMessage("t8 [[slow:3]]");
    const id = messageIds(link.sent)[0]!;
    link.isConnected = false;
    link.drop();
    link.hangInputs = false;
    link.isConnected = true;
    let resent = false;
    link.answer = (c) => {
      if (c.type === "input" && !resent) {
        resent = true;
        return { ...attachAnswers(c), disposition: "queued" };
      }
      if (c.type === "sync" && resent) link.push({ type: "update_queue", runtime: scope, queue: queueAfterSync(id), removed: [] });
      return attachAnswers(c);
    };
    link.events.onReconnected();
    await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
    return { link, store, scope, id };
  }

  it("is sent once more under a new id when the server's queue does not hold it", async () => {
    const { link, store, scope, id } = await resentAnsweredQueued(() => []);
    // Before the fix: shown queued for ever, never run.
    await vi.waitFor(() => expect(inputs(link.sent)).toHaveLength(3));
    const [first, again, renewed] = messageIds(link.sent);
    expect([first, again]).toEqual([id, id]);
    expect(renewed).not.toBe(id);
    expect(JSON.stringify(inputs(link.sent)[2])).toContain('"content":"t8 [[slow:3]]"');
    await vi.waitFor(() => {
      const rt = store.getState().runtimes[runtimeKey(scope)]!;
      expect(rt.queuedMessages).toEqual({});
      const rows = allItems(rt.transcript).filter((i) => i.kind === "user");
      expect(rows).toEqual([expect.objectContaining({ key: `user:${renewed}`, text: "t8 [[slow:3]]", state: "started" })]);
    });
  });

  it("waits in the queue when the server's queue holds it", async () => {
    const { link, store, scope, id } = await resentAnsweredQueued((queued) => [{ id: "q-1", client_message_id: queued, kind: "message", source: "user" }]);
    await vi.waitFor(() => expect(link.sent.filter((c) => c.type === "sync")).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(messageIds(link.sent)).toEqual([id, id]);
    expect(Object.keys(store.getState().runtimes[runtimeKey(scope)]!.queuedMessages)).toEqual([id]);
  });
});

describe("re-attaching after the server restarted", () => {
  it("asks for the permission mode the server last reported, which a restarted server forgot", async () => {
    const link = new FakeLink(attachAnswers);
    const { controller, store } = await controllerOver(link);
    const scope = await controller.attach({ selection: A1, mode: "standard" });
    link.push({ type: "update_device_status", runtime: scope, device_status: { current_permission_mode: "standard" } });
    link.sent.length = 0;
    link.events.onReconnected();
    await vi.waitFor(() => expect(notices(store, scope)).toContain("reconnected and resynced"));
    expect(link.sent.find((c) => c.type === "runtime_start")).toMatchObject({ agent_id: "a1", mode: "standard" });
  });
});
