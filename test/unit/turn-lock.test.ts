import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Controller } from "../../src/controller/controller.js";
import type { OutboxEntry } from "../../src/controller/outbox.js";
import { SETTLE_MS, TurnLock } from "../../src/controller/turnLock.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { initialState } from "../../src/store/state.js";
import { createStore, type Store } from "../../src/store/store.js";
import { attachAnswers, FakeLink } from "./fake-link.js";

// The turn lock holds a message while its runtime is busy and releases it on a timer once the
// runtime is idle. A closed session must leave no timer and no store subscription behind.

const scope = { agent_id: "a", conversation_id: "c" };
const loop = (store: Store, status: string) =>
  store.dispatch({ type: "frame", parsed: parseFrame(JSON.stringify({ runtime: scope, type: "update_loop_status", loop_status: { status } })) });

function attached(): Store {
  const store = createStore(initialState("fake"));
  store.dispatch({ type: "frame", parsed: parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope })) });
  return store;
}

const entry = (text: string): OutboxEntry => ({ scope, clientMessageId: `cm-${text}`, text, requestId: `in-${text}` });

/** A message typed during a turn, then the turn ends: the lock's release timer is pending. */
function heldAcrossATurn(store: Store, type: () => void): void {
  loop(store, "PROCESSING_API_RESPONSE");
  type();
  loop(store, "WAITING_ON_INPUT");
  expect(vi.getTimerCount()).toBe(1);
}

/** After a close: however the store changes, no timer comes back. */
function staysQuiet(store: Store): void {
  expect(vi.getTimerCount()).toBe(0);
  loop(store, "PROCESSING_API_RESPONSE");
  loop(store, "WAITING_ON_INPUT");
  expect(vi.getTimerCount()).toBe(0);
  vi.advanceTimersByTime(10_000);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("TurnLock", () => {
  it("holds a message while the runtime is busy and sends it once it is idle", () => {
    const store = attached();
    const sent: string[] = [];
    const lock = new TurnLock(store, (e) => sent.push(e.text), () => true);
    loop(store, "PROCESSING_API_RESPONSE");
    expect(lock.hold(entry("later"))).toBe(true);
    loop(store, "WAITING_ON_INPUT");
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual(["later"]);
    lock.dispose();
  });

  it("a message sent just as a turn ends waits until the runtime has settled (the server's 20 ms race)", () => {
    const store = attached();
    const sent: string[] = [];
    const lock = new TurnLock(store, (e) => sent.push(e.text), () => true);
    // Never busy yet: nothing to wait for.
    expect(lock.hold(entry("first"))).toBe(false);
    loop(store, "PROCESSING_API_RESPONSE");
    loop(store, "WAITING_ON_INPUT");
    vi.advanceTimersByTime(10);
    expect(lock.hold(entry("right after"))).toBe(true);
    vi.advanceTimersByTime(SETTLE_MS - 11);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(sent).toEqual(["right after"]);
    // Settled: the next one goes at once.
    vi.advanceTimersByTime(5_000);
    store.dispatch({ type: "frame", parsed: parseFrame(JSON.stringify({ runtime: scope, type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } })) });
    expect(lock.hold(entry("later"))).toBe(false);
    lock.dispose();
  });

  it("dispose clears its timer and stops listening to the store", () => {
    const store = attached();
    const sent: string[] = [];
    const lock = new TurnLock(store, (e) => sent.push(e.text), () => true);
    heldAcrossATurn(store, () => lock.hold(entry("never")));

    lock.dispose();
    // Store changes no longer schedule anything, and nothing held is sent after the close.
    staysQuiet(store);
    expect(sent).toEqual([]);
  });
});

describe("closing a controller", () => {
  it("leaves no turn-lock timer running", async () => {
    const link = new FakeLink(attachAnswers);
    const store = createStore(initialState("fake"));
    const controller = await Controller.over("fake", link.open, store, { clientVersion: "test" });
    const r = await controller.attach({ selection: { kind: "existing", agentId: "a", conversationId: "c" } });
    expect(r).toEqual(scope);
    heldAcrossATurn(store, () => controller.sendMessage("held while busy"));

    controller.close();
    staysQuiet(store);
    expect(link.sent.filter((c) => c.type === "input")).toEqual([]);
  });
});

describe("the runtime the controller acts on", () => {
  it("is the store's active runtime, whoever activated it", async () => {
    const link = new FakeLink(attachAnswers);
    const store = createStore(initialState("fake"));
    const controller = await Controller.over("fake", link.open, store, { clientVersion: "test" });
    const first = await controller.attach({ selection: { kind: "existing", agentId: "a1", conversationId: "c1" } });
    const second = await controller.attachAnother({ kind: "existing", agentId: "a2", conversationId: "c2" });
    expect(controller.runtime).toEqual(second);

    // Activated in the store alone (as direct mode's composite actions or the replay do).
    store.dispatch({ type: "activate", key: runtimeKey(first) });
    expect(controller.runtime).toEqual(first);
    controller.sendMessage("to the first");
    const input = link.sent.find((c) => c.type === "input");
    expect(input).toMatchObject({ runtime: first });
    controller.close();
  });
});
