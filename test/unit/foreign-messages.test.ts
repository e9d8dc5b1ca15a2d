import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import { runtimeKey, type RuntimeScope } from "../../src/protocol/runtime.js";
import { allItems, liveItems } from "../../src/store/archive.js";
import type { StoreEvent } from "../../src/store/events.js";
import { foreignMessages } from "../../src/store/foreign.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState, type TranscriptItem } from "../../src/store/state.js";
import { userMarker } from "../../src/ui/transcriptFit.js";

// Another client's message on the conversation (store/foreign.ts): the row opened for it where
// its turn starts, kept open (so nothing after it is printed first) until history fills it in,
// dropped if history never does.

const A: RuntimeScope = { agent_id: "agent-a", conversation_id: "conv-a" };
const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
let seq = 0;
const enveloped = (f: Record<string, unknown>): StoreEvent => frame({ ...f, runtime: A, event_seq: ++seq });
const started = frame({ type: "runtime_start_response", request_id: "rs", success: true, runtime: A });
const loop = (status: string, active: string[], runs: Record<string, string[]>) =>
  enveloped({ type: "update_loop_status", loop_status: { status, active_run_ids: active, client_message_ids_by_run_id: runs } });
const reply = (text: string) => enveloped({ type: "stream_delta", delta: { message_type: "assistant_message", id: "msg-2", otid: "msg-2-otid", content: text } });
const finished = enveloped({ type: "turn_finished", turn_id: "t", stop_reason: "end_turn" });
const historyWith = (text: string): StoreEvent => ({
  type: "history",
  scope: A,
  messages: [
    { message_type: "assistant_message", id: "msg-2", otid: "msg-2-otid", date: "2026-12-07T00:00:02Z", content: "the reply" },
    { message_type: "user_message", id: "msg-1", otid: "cm-other", date: "2026-12-07T00:00:01Z", content: text },
  ],
});
const resynced: StoreEvent = { type: "resynced", scope: A, historyLoaded: true };

const run = (events: StoreEvent[], from: AppState = initialState("ws://t")) => events.reduce(reduce, from);
const rt = (s: AppState) => s.runtimes[runtimeKey(A)]!;
const items = (s: AppState): TranscriptItem[] => allItems(rt(s).transcript);
const users = (s: AppState) => items(s).filter((i): i is Extract<TranscriptItem, { kind: "user" }> => i.kind === "user");

describe("another client's message", () => {
  const during = run([started, loop("PROCESSING_API_RESPONSE", ["run-1"], { "run-1": ["cm-other"] }), reply("the reply")]);

  it("opens a row where its turn starts, above the reply, marked as another client's", () => {
    expect(items(during).map((i) => i.key)).toEqual(["user:cm-other", "assistant:msg-2"]);
    expect(users(during)[0]).toMatchObject({ text: "", elsewhere: true, done: false });
    expect(userMarker(users(during)[0]!)).toBe("(a message from another client: reading it…)");
  });

  it("keeps the row and the reply unprinted when the turn ends, until history fills it in", () => {
    const ended = run([finished, loop("WAITING_ON_INPUT", [], { "run-1": ["cm-other"] })], during);
    expect(liveItems(rt(ended).transcript).map((i) => i.key)).toEqual(["user:cm-other", "assistant:msg-2"]);
    const read = run([historyWith("what the other terminal typed"), resynced], ended);
    expect(users(read)).toMatchObject([{ key: "user:cm-other", text: "what the other terminal typed", elsewhere: true, done: true }]);
    expect(items(read).map((i) => i.key)).toEqual(["user:cm-other", "assistant:msg-2"]);
    expect(userMarker(users(read)[0]!)).toBe(" (from another client)");
    expect(foreignMessages(rt(read), false, false)).toEqual([]);
  });

  it("drops a row history never fills in (no message to show), once the turn is over and read", () => {
    const ended = run([finished, loop("WAITING_ON_INPUT", [], { "run-1": ["cm-other"] }), resynced], during);
    expect(users(ended)).toEqual([]);
    expect(items(ended).map((i) => i.key)).toEqual(["assistant:msg-2"]);
  });

  it("is not our own message, sending or queued", () => {
    const ours = run([started, { type: "message_sent", scope: A, requestId: "in-1", clientMessageId: "cm-mine", text: "mine" }, loop("SENDING_API_REQUEST", ["run-1"], { "run-1": ["cm-mine"] })]);
    expect(users(ours).map((u) => [u.key, u.elsewhere])).toEqual([["user:cm-mine", undefined]]);
  });

  it("holds nothing back for long when history never answers: a new turn drops the last unread row", () => {
    // 50 turns of another client, each with its message and reply, and no history read ever
    // coming back: the rows held out of the scrollback stay one turn's, not all of them.
    const turns = Array.from({ length: 50 }, (_, n): StoreEvent[] => [
      loop("PROCESSING_API_RESPONSE", [`run-${n}`], { [`run-${n}`]: [`cm-${n}`] }),
      enveloped({ type: "stream_delta", delta: { message_type: "assistant_message", id: `reply-${n}`, content: `reply ${n}` } }),
      finished,
      loop("WAITING_ON_INPUT", [], { [`run-${n}`]: [`cm-${n}`] }),
    ]).flat();
    const s = run([started, ...turns]);
    expect(liveItems(rt(s).transcript).length).toBeLessThanOrEqual(2);
    expect(users(s).map((u) => u.key)).toEqual(["user:cm-49"]);
  });
});
