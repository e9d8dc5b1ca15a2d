import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { activeRuntime, items } from "./replay.js";

// Two runs streaming into one runtime at once (store/runs.ts). A thawed 0.32.18 ran the old
// socket's copy of a message beside ours and gave both runs' deltas the same message ids
// (reliability-freeze, seed 1981759929 #6): we showed "reply w6" where the server kept ticks,
// and "tick1 … tick11" the server never stored. The frames below are that trace's, shortened.

const URL = "ws://runs";
const scope = { agent_id: "a", conversation_id: "c" };
const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ runtime: scope, ...f })), via: URL });
const run = (events: StoreEvent[], from: AppState = initialState(URL)): AppState => events.reduce(reduce, from);
const text = (id: string, run_id: string, t: string, message_type = "assistant_message") => frame({ type: "stream_delta", delta: { type: "message", message_type, id, run_id, content: [{ type: "text", text: t }] } });
const stop = (run_id: string, stop_reason = "end_turn") => frame({ type: "stream_delta", delta: { type: "message", message_type: "stop_reason", stop_reason, run_id } });
const finished = (run_id: string) => frame({ type: "turn_finished", turn_id: `t-${run_id}`, stop_reason: "end_turn", run_id });
const userMsg = (id: string, otid: string, t: string, date: string) => ({ id, date, otid, message_type: "user_message", content: [{ type: "text", text: t }], role: "user" });
const assistantMsg = (id: string, t: string, date: string) => ({ id, date, message_type: "assistant_message", content: [{ type: "text", text: t }], role: "assistant" });
const ticks = (n: number) => Array.from({ length: n }, (_, i) => `tick${i + 1}`).join(" ");
const rt = (s: AppState) => activeRuntime(s)!;
const shown = (s: AppState) => items(s).map((i) => [i.key, "text" in i ? i.text : i.kind, i.interrupted ?? false]);

const started = run([
  frame({ type: "runtime_start_response", request_id: "r", success: true }),
  { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "t6 [[slow:3]]" },
  frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "started" }),
  frame({ type: "update_loop_status", loop_status: { status: "PROCESSING_API_RESPONSE", active_run_ids: ["run-9"] } }),
]);

describe("two runs streaming at once", () => {
  it("puts the live rows in doubt, and the read at the turn's end makes them the server's", () => {
    const mixed = run([text("ui-msg-20", "run-9", ticks(11)), text("ui-msg-22", "run-10", "reply w6")], started);
    expect(rt(mixed).doubtful?.keys).toEqual(expect.arrayContaining(["assistant:ui-msg-20", "assistant:ui-msg-22"]));
    const after = run(
      [
        stop("run-10"),
        finished("run-10"),
        text("ui-msg-22", "run-9", " tick12"),
        stop("run-9"),
        finished("run-9"),
        frame({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT", active_run_ids: [] } }),
        // The read the healer makes at the turn's end: the server kept run-9's ticks under ui-msg-22.
        {
          type: "history",
          scope,
          afterGap: true,
          messages: [assistantMsg("ui-msg-22", ticks(12), "2026-12-06T19:00:03Z"), userMsg("ui-msg-19", "cm-1", "t6 [[slow:3]]", "2026-12-06T19:00:01Z")],
        },
      ],
      mixed,
    );
    expect(shown(after)).toEqual([
      ["user:cm-1", "t6 [[slow:3]]", false],
      ["assistant:ui-msg-20", ticks(11), true],
      ["assistant:ui-msg-22", ticks(12), false],
    ]);
    expect(rt(after).openRuns).toBeUndefined();
  });

  it("a run writing into a row another run wrote puts it in doubt, though the first had stopped", () => {
    // Seed 1118116100 #9: the reply run ended, then the tick run's deltas came for the same id.
    const s = run([text("ui-msg-26", "run-12", "reply t9"), stop("run-12"), text("ui-msg-26", "run-11", "tick1")], started);
    expect(rt(s).doubtful?.keys).toContain("assistant:ui-msg-26");
  });

  it("leaves one run at a time alone: a reply, an approval's runs, the next turn", () => {
    const s = run(
      [
        text("ui-msg-2", "run-1", "thinking", "reasoning_message"),
        text("ui-msg-3", "run-1", "I will run it"),
        frame({ type: "stream_delta", delta: { type: "message", message_type: "approval_request_message", id: "ui-msg-4", run_id: "run-1", tool_call: { tool_call_id: "c1", name: "Bash", arguments: "{}" } } }),
        stop("run-1", "requires_approval"),
        // The approval's classification and tool rows come after run-1's stop_reason.
        frame({ type: "stream_delta", delta: { message_type: "approval_classification_end", run_id: "run-1", auto_allowed_tool_call_ids: [], auto_denied_tool_call_ids: [], user_input_tool_call_ids: ["c1"] } }),
        text("ui-msg-5", "run-2", "Tool finished."),
        stop("run-2"),
        finished("run-2"),
      ],
      started,
    );
    expect(rt(s).doubtful).toBeUndefined();
    expect(rt(s).openRuns).toBeUndefined();
  });

  it("forgets a run whose end went to a lost connection once the loop is idle with none active", () => {
    const s = run([text("ui-msg-2", "run-1", "half"), frame({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT", active_run_ids: [] } }), text("ui-msg-3", "run-2", "next")], started);
    expect(rt(s).openRuns).toEqual(["run-2"]);
    expect(rt(s).doubtful).toBeUndefined();
  });
});
