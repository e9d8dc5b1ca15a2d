import { describe, expect, it, vi } from "vitest";
import { Controller } from "../../src/controller/controller.js";
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

  it("one the server queued and then started is sent again too; one still queued is not", async () => {
    const queuedAnswers: Answer = (c) => (c.type === "input" ? { ...attachAnswers(c), disposition: "queued" } : attachAnswers(c));
    for (const started of [true, false]) {
      const link = new FakeLink(queuedAnswers);
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
