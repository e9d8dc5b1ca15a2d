import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState } from "../../src/store/state.js";
import { items } from "./replay.js";

// History from conversation_messages_list (shapes as the real 0.32.18 local backend answers).
const scope = { agent_id: "a", conversation_id: "c" };
const attached = reduce(initialState(), {
  type: "frame",
  parsed: parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope })),
});

const page = [
  { id: "ui-msg-3", date: "2026-11-21T05:57:50.274Z", message_type: "user_message", content: [{ type: "text", text: "second" }], otid: "cm-2" },
  { id: "ui-msg-2", date: "2026-11-21T05:57:49.918Z", message_type: "assistant_message", content: [{ type: "text", text: "hello world" }] },
  {
    id: "ui-msg-1",
    date: "2026-11-21T05:57:49.881Z",
    message_type: "user_message",
    content: [
      { type: "text", text: "<system-reminder>\nDevice info\n</system-reminder>" },
      { type: "text", text: "hi" },
    ],
    otid: "cm-1",
  },
];

describe("history backfill", () => {
  it("shows a page oldest first, without the injected system reminders", () => {
    const s = reduce(attached, { type: "history", scope, messages: page });
    expect(items(s).map((i) => [i.kind, "text" in i ? i.text : ""])).toEqual([
      ["user", "hi"],
      ["assistant", "hello world"],
      ["user", "second"],
    ]);
    expect(items(s).every((i) => i.done)).toBe(true);
  });

  it("merges with what streamed live: every message once, however often it is fetched", () => {
    let s = reduce(attached, { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "hi" });
    const delta = { type: "stream_delta", runtime: scope, event_seq: 1, delta: { type: "message", message_type: "assistant_message", id: "ui-msg-2", content: [{ type: "text", text: "hello world" }] } };
    s = reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify(delta)) });
    s = reduce(s, { type: "history", scope, messages: page });
    s = reduce(s, { type: "history", scope, messages: page });
    expect(items(s).map((i) => i.key)).toEqual(["user:cm-1", "assistant:ui-msg-2", "user:cm-2"]);
    expect(items(s)[1]).toMatchObject({ text: "hello world" });
  });

  it("fills in a tool result that was lost while disconnected", () => {
    const call = { type: "stream_delta", runtime: scope, delta: { type: "message", message_type: "approval_request_message", id: "m1", tool_calls: [{ tool_call_id: "t1", name: "Bash", arguments: '{"command":"ls"}' }] } };
    let s = reduce(attached, { type: "frame", parsed: parseFrame(JSON.stringify(call)) });
    s = reduce(s, {
      type: "history",
      scope,
      messages: [
        { id: "m1", date: "1", message_type: "approval_request_message", tool_calls: [{ tool_call_id: "t1", name: "Bash", arguments: '{"command":"ls"}' }] },
        { id: "m2", date: "2", message_type: "tool_return_message", tool_returns: [{ tool_call_id: "t1", status: "success", tool_return: "a.txt" }] },
      ],
    });
    expect(items(s)).toHaveLength(1);
    expect(items(s)[0]).toMatchObject({ kind: "tool", args: '{"command":"ls"}', output: "a.txt", status: "success", done: true });
  });
});
