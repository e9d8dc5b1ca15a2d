import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { activeRuntime, items } from "./replay.js";

// What the reducer makes of the state a reconnect leaves behind, and of deltas it cannot read.

const scope = { agent_id: "a", conversation_id: "c" };
const onRuntime = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ runtime: scope, ...f })) });
const run = (events: StoreEvent[], from = initialState()): AppState => events.reduce(reduce, from);
const LOST = "queued message lost when the connection dropped: later please — send it again";

/** Attached, "later please" sent as cm-1 and queued by the server behind a running turn. */
const queued = run([
  onRuntime({ type: "runtime_start_response", request_id: "r", success: true }),
  onRuntime({ type: "update_queue", queue: [] }),
  { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "later please" },
  onRuntime({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "queued" }),
  onRuntime({ type: "update_queue", queue: [{ id: "q-1", client_message_id: "cm-1", kind: "message", source: "user", content: "later please" }] }),
]);
const idleLoop = (extra: Record<string, unknown> = {}) => onRuntime({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT", ...extra } });
const emptyQueue = onRuntime({ type: "update_queue", queue: [] });
const resynced: StoreEvent = { type: "resynced", scope, reconnected: true };
const history = (messages: unknown[]): StoreEvent => ({ type: "history", scope, messages });
const notices = (s: AppState) => items(s).flatMap((i) => (i.kind === "notice" ? [i.text] : []));

describe("a queued message after a reconnect", () => {
  it("is reported lost when the server's queue and history no longer have it", () => {
    expect(activeRuntime(queued).queuedMessages).toEqual({ "cm-1": { text: "later please" } });
    const s = run([idleLoop(), emptyQueue, history([]), resynced], queued);
    expect(activeRuntime(s).queuedMessages).toEqual({});
    expect(items(s)).toEqual([expect.objectContaining({ kind: "notice", level: "error", text: LOST })]);
  });

  it("stays queued while the server still lists it (a sync without a drop)", () => {
    const s = run([history([]), resynced], queued);
    expect(activeRuntime(s).queuedMessages).toEqual({ "cm-1": { text: "later please" } });
    expect(notices(s)).toEqual([]);
  });

  it("moves to the transcript, without a notice, when history shows it ran while we were away", () => {
    const ran = { message_type: "user_message", id: "u-1", otid: "cm-1", content: "later please", date: "2026-01-01T00:00:00Z" };
    const s = run([emptyQueue, history([ran]), resynced], queued);
    expect(activeRuntime(s).queuedMessages).toEqual({});
    expect(notices(s)).toEqual([]);
    expect(items(s)).toEqual([expect.objectContaining({ kind: "user", key: "user:cm-1", text: "later please" })]);
  });

  it("counts as run when a run consumed it, even if history does not show it", () => {
    const s = run([idleLoop({ client_message_ids_by_run_id: { "run-1": ["cm-1"] } }), emptyQueue, history([]), resynced], queued);
    expect(activeRuntime(s).queuedMessages).toEqual({});
    expect(notices(s)).toEqual([]);
    expect(items(s)).toEqual([expect.objectContaining({ kind: "user", key: "user:cm-1", state: "started", done: true })]);
  });

  it("is kept after a resync on the same connection (Ctrl+R, a sequence gap): nothing was dropped", () => {
    const s = run([idleLoop(), emptyQueue, history([]), { type: "resynced", scope }], queued);
    expect(activeRuntime(s).queuedMessages).toEqual({ "cm-1": { text: "later please" } });
    expect(notices(s)).toEqual([]);
  });

  it("leaves messages held locally (never sent) alone", () => {
    const held = reduce(queued, { type: "message_held", scope, clientMessageId: "cm-2", text: "not sent yet" });
    const s = run([emptyQueue, history([]), resynced], held);
    expect(activeRuntime(s).queuedMessages).toEqual({ "cm-2": { text: "not sent yet", held: true } });
    expect(notices(s)).toEqual([LOST]);
  });
});

describe("deltas the reducer cannot read", () => {
  const attached = run([onRuntime({ type: "runtime_start_response", request_id: "r", success: true })]);
  const delta = (d: Record<string, unknown>) => reduce(attached, onRuntime({ type: "stream_delta", delta: d }));

  it("an unknown type: a [type] line in the transcript and the raw delta in the debug view", () => {
    const s = delta({ message_type: "quantum_message", id: "q-1", spin: "up" });
    expect(notices(s)).toEqual(["[quantum_message]"]);
    expect(s.debug).toHaveLength(1);
    expect(s.debug[0]).toMatchObject({ kind: "unknown", type: "delta quantum_message" });
    expect(s.debug[0]!.detail).toMatch(/^unknown delta type; .*"spin":"up"/);
  });

  it("a known type with a broken field: the schema's complaint names the field", () => {
    const s = delta({ type: "message", message_type: "assistant_message", id: "m-1", content: 42 });
    expect(s.debug[0]).toMatchObject({ kind: "unknown", type: "delta assistant_message" });
    expect(s.debug[0]!.detail).toMatch(/^content: /);
  });

  it("keeps only the start of a huge delta", () => {
    const s = delta({ message_type: "quantum_message", padding: "x".repeat(100_000) });
    expect(s.debug[0]!.detail.length).toBeLessThan(500);
  });
});
