import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { activeRuntime, items } from "./replay.js";

// Issue 10, item 6: after a gap (a frozen or killed server, a cut connection) the server's
// history is the truth. Page shapes are those the real 0.32.18 local backend answers
// (conversation_messages_list, order desc), as recorded by the freeze and kill experiments.

const URL = "ws://gap";
const scope = { agent_id: "a", conversation_id: "c" };
const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ runtime: scope, ...f })), via: URL });
const run = (events: StoreEvent[], from: AppState = initialState(URL)): AppState => events.reduce(reduce, from);
const tick = (id: string, text: string) => frame({ type: "stream_delta", delta: { type: "message", message_type: "assistant_message", id, content: [{ type: "text", text }] } });
const ticks = (id: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tick(id, `${from + i === 1 ? "" : " "}tick${from + i}`));
const tickText = (to: number) => Array.from({ length: to }, (_, i) => `tick${i + 1}`).join(" ");
const history = (messages: unknown[]): StoreEvent => ({ type: "history", scope, messages });
const lost: StoreEvent = { type: "connection", status: "reconnecting", url: URL, attempt: 1 };
const back: StoreEvent = { type: "connection", status: "connected", url: URL };
const idle = frame({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } });
const busy = frame({ type: "update_loop_status", loop_status: { status: "PROCESSING_API_RESPONSE" } });
const resynced: StoreEvent = { type: "resynced", scope, reconnected: true };
const turnFinished = (stop_reason: string) => frame({ type: "turn_finished", turn_id: "t", stop_reason });

// What the real server did after SIGKILL + restart: the partial reply is not in its history.
const cutEvents = () => [lost, back, idle, history([fullPage[1]]), resynced];
const killed = cutEvents;

const userMsg = (id: string, otid: string, text: string, date: string) => ({
  id,
  date,
  otid,
  message_type: "user_message",
  content: [{ type: "text", text }],
  role: "user",
});
const assistantMsg = (id: string, text: string, date: string) => ({ id, date, message_type: "assistant_message", content: [{ type: "text", text }], role: "assistant" });
const reminderOnly = (id: string, date: string) => ({
  id,
  date,
  otid: "5aac49aa-532c-411f-ba5e-c3f99a2a2161",
  message_type: "user_message",
  content: [{ type: "text", text: "<system-reminder>The user interrupted the active stream.</system-reminder>\n" }],
  role: "user",
});

/** Attached, "[[slow:7.5]]" sent as cm-1 and started, ticks 1-4 of ui-msg-2 streamed. */
const streaming = run([
  frame({ type: "runtime_start_response", request_id: "r", success: true }),
  { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "[[slow:7.5]]" },
  frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "started" }),
  busy,
  ...ticks("ui-msg-2", 1, 4),
]);
const fullPage = [assistantMsg("ui-msg-2", tickText(30), "2026-12-06T15:31:34.293Z"), userMsg("ui-msg-1", "cm-1", "[[slow:7.5]]", "2026-12-06T15:31:34.255Z")];
const shown = (s: AppState) => items(s).map((i) => [i.key, "text" in i ? i.text : i.kind]);
const rt = (s: AppState) => activeRuntime(s);

describe("a history reload after a gap in a streaming reply", () => {
  it("replaces the partial text with the server's full text, once per message id (a frozen server)", () => {
    // What the real server did after SIGSTOP/SIGCONT: replay idle, history with all 30 ticks.
    const s = run([lost, back, idle, history(fullPage), resynced, turnFinished("cancelled")], streaming);
    expect(shown(s).slice(0, 2)).toEqual([
      ["user:cm-1", "[[slow:7.5]]"],
      ["assistant:ui-msg-2", tickText(30)],
    ]);
    expect(items(s).filter((i) => i.key === "assistant:ui-msg-2")).toHaveLength(1);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ done: true });
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    // However often the page comes again, nothing changes (the first may only settle whether
    // a row in doubt is the server's for good).
    const again = reduce(s, history(fullPage));
    expect(items(again)).toEqual(items(s));
    expect(reduce(again, history(fullPage))).toBe(again);
  });

  it("corrects a reply already printed (closed by the turn's end) and lists it for printing again", () => {
    // Frames went missing on a live connection (a sequence gap): the turn's end printed the
    // partial reply before the resync's history came.
    const s = run([idle, turnFinished("cancelled"), history(fullPage), { type: "resynced", scope }], streaming);
    expect(shown(s).filter(([k]) => k === "assistant:ui-msg-2")).toEqual([["assistant:ui-msg-2", tickText(30)]]);
    const t = rt(s).transcript;
    expect(t.revised?.map((i) => ("text" in i ? i.text : ""))).toEqual([tickText(30)]);
    expect(t.revisedCount).toBe(1);
    expect(reduce(s, history(fullPage))).toBe(s);
  });

  it("keeps a reply that goes on after the reconnect out of the archive until history confirms it", () => {
    // The turn survived the gap (another subscriber): ticks 25.. stream into the same id, the
    // middle is missing; the turn's end must not print the gapped text.
    let s = run([lost, back, busy, history([fullPage[1]]), resynced, ...ticks("ui-msg-2", 25, 30), idle, turnFinished("end_turn")], streaming);
    expect(rt(s).transcript.archive.flatMap((c) => c.items.map((i) => i.key))).not.toContain("assistant:ui-msg-2");
    s = run([history(fullPage), { type: "resynced", scope }], s);
    expect(shown(s)).toEqual([
      ["user:cm-1", "[[slow:7.5]]"],
      ["assistant:ui-msg-2", tickText(30)],
    ]);
    expect(items(s).every((i) => i.done)).toBe(true);
    expect(rt(s).transcript.revised ?? []).toEqual([]);
  });

  it("adds what streamed while we were away in the server's order, keeping our own notes in place", () => {
    const page = [
      assistantMsg("ui-msg-4", "second answer", "2026-12-06T15:40:00.300Z"),
      userMsg("ui-msg-3", "cm-other", "from another client", "2026-12-06T15:40:00.200Z"),
      ...fullPage,
    ];
    const s = run([lost, { type: "notice", scope, level: "warning", text: "a local note" }, back, idle, history(page), resynced], streaming);
    expect(shown(s)).toEqual([
      ["user:cm-1", "[[slow:7.5]]"],
      ["assistant:ui-msg-2", tickText(30)],
      ["notice:1", "a local note"],
      ["user:cm-other", "from another client"],
      ["assistant:ui-msg-4", "second answer"],
    ]);
  });

  it("orders messages with the same date as the server listed them (desc page, oldest last)", () => {
    const date = "2026-12-06T15:33:56.617Z";
    const page = [assistantMsg("ui-msg-10", "ok", "2026-12-06T15:33:56.635Z"), userMsg("ui-msg-9", "cm-9", "after abort", date), userMsg("ui-msg-8", "cm-8", "before", date)];
    const s = run([frame({ type: "runtime_start_response", request_id: "r", success: true }), history(page)]);
    expect(shown(s).map(([k]) => k)).toEqual(["user:cm-8", "user:cm-9", "assistant:ui-msg-10"]);
  });

  it("leaves our message still being sent at the end, after what the server added", () => {
    const s = run(
      [lost, { type: "message_sent", scope, requestId: "in-2", clientMessageId: "cm-2", text: "typed offline" }, back, idle, history([assistantMsg("ui-msg-4", "more", "2026-12-06T15:40:00.300Z"), ...fullPage])],
      streaming,
    );
    expect(shown(s).map(([k]) => k)).toEqual(["user:cm-1", "assistant:ui-msg-2", "assistant:ui-msg-4", "user:cm-2"]);
    expect(items(s).at(-1)).toMatchObject({ state: "sending", done: false });
  });

  it("fills in a tool call's full arguments and its result", () => {
    const call = (args: string) =>
      frame({ type: "stream_delta", delta: { message_type: "approval_request_message", id: "m1", tool_calls: [{ tool_call_id: "t1", name: "Bash", arguments: args }] } });
    const s = run([call('{"command":"ec'), lost, back, idle, history([
      { id: "m2", date: "2", message_type: "tool_return_message", tool_call_id: "t1", status: "success", tool_return: "hi" },
      { id: "m1:tool:t1:request", date: "1", message_type: "approval_request_message", tool_call: { tool_call_id: "t1", name: "Bash", arguments: '{"command":"echo hi"}' } },
    ]), resynced], streaming);
    expect(items(s).find((i) => i.key === "tool:t1")).toMatchObject({ args: '{"command":"echo hi"}', output: "hi", status: "success", done: true });
    expect(items(s).find((i) => i.key === "tool:t1")).not.toHaveProperty("interrupted", true);
  });
});

describe("a turn cut off by the gap", () => {
  // What the real server did after SIGKILL + restart: the partial reply is not in its history.
  const killed = cutEvents();

  it("marks the partial reply interrupted and says so, once", () => {
    const s = run(killed, streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), interrupted: true, done: true });
    expect(items(s).filter((i) => i.kind === "notice").map((i) => ("text" in i ? i.text : ""))).toEqual(["turn interrupted: the connection was lost before it finished"]);
    expect(rt(s).lastStopReason).toBe("interrupted");
    expect(rt(s).cut).toBeUndefined();
    // A second resync (Ctrl+R) changes nothing.
    expect(run([history([fullPage[1]]), resynced], s)).toEqual(s);
  });

  it("marks an interrupted tool row too, with its status", () => {
    const call = frame({ type: "stream_delta", delta: { message_type: "tool_call_message", id: "m1", tool_call: { tool_call_id: "t1", name: "Bash", arguments: "{}" } } });
    const start = frame({ type: "stream_delta", delta: { message_type: "client_tool_start", tool_call_id: "t1" } });
    const s = run([call, start, ...killed], streaming);
    expect(items(s).find((i) => i.key === "tool:t1")).toMatchObject({ status: "error", interrupted: true, done: true });
  });

  it("is not marked when history cannot be loaded (we do not know)", () => {
    const s = run([lost, back, idle, { type: "resynced", scope, reconnected: true, historyLoaded: false }], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ done: true });
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    expect(rt(s).cut).toBeUndefined();
  });

  it("a cut the server ended itself (turn cancelled) is marked, without a second turn-end note", () => {
    const s = run([lost, back, busy, resynced, idle, turnFinished("cancelled"), history([fullPage[1]]), { type: "resynced", scope }], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ interrupted: true, done: true });
    expect(items(s).filter((i) => i.kind === "notice").map((i) => ("text" in i ? i.text : ""))).toEqual(["turn cancelled"]);
  });

  it("a cut no history ever settled is closed, unmarked, when the next message is sent", () => {
    // The turn ended (the server said so) but the history read after it never came back.
    const s = run(
      [lost, back, busy, resynced, idle, turnFinished("cancelled"), { type: "message_sent", scope, requestId: "in-2", clientMessageId: "cm-2", text: "next" }],
      streaming,
    );
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), done: true });
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    expect(rt(s).cut).toBeUndefined();
    expect(rt(s).transcript.archive.flatMap((c) => c.items.map((i) => i.key))).toContain("assistant:ui-msg-2");
  });

  it("nothing is marked when nothing was open at the loss", () => {
    const done = run([...ticks("ui-msg-2", 5, 5), frame({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason: "end_turn" } }), idle], streaming);
    const s = run([lost, back, idle, history([assistantMsg("ui-msg-2", tickText(5), "2026-12-06T15:31:34.293Z"), fullPage[1]]), resynced], done);
    expect(items(s).some((i) => "interrupted" in i)).toBe(false);
    expect(items(s).filter((i) => i.kind === "notice")).toEqual([]);
  });
});

describe("a reply the server lists while its turn runs (found by reliability-proxy)", () => {
  // The server lists the message it is still writing, and discards it when the turn is
  // cancelled (the connection went away): its copy during a turn is a snapshot, not the end.
  const snapshot = history([assistantMsg("ui-msg-2", tickText(4), "2026-12-06T15:31:34.293Z"), fullPage[1]]);

  it("stays open after a read mid-turn, so a later cut still marks it when the server dropped it", () => {
    const s = run([snapshot, ...killed()], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), interrupted: true, done: true });
  });

  it("stays cut when the recovery read (turn still cancelling) lists it, and is marked by the read after the turn", () => {
    const s = run([lost, back, busy, snapshot, resynced, idle, history([fullPage[1]]), { type: "resynced", scope }], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ interrupted: true, done: true });
  });

  it("a row a resync closed mid-turn (the loop said idle, the stream went on) is still cut", () => {
    const s = run([idle, snapshot, { type: "resynced", scope }, busy, ...killed()], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), interrupted: true, done: true });
  });

  it("a second loss before the first cut settled adds the rows streaming then", () => {
    const s = run([lost, back, busy, resynced, ...ticks("ui-msg-5", 1, 1), lost, back, idle, history([fullPage[1]]), resynced], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ interrupted: true });
    expect(items(s).find((i) => i.key === "assistant:ui-msg-5")).toMatchObject({ text: "tick1", interrupted: true, done: true });
  });

  it("rows of a turn that ended are not cut by a later loss", () => {
    const ended = run([frame({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason: "end_turn" } }), turnFinished("end_turn"), idle], streaming);
    const s = run([lost, back, idle, history([fullPage[1]]), resynced], ended);
    expect(items(s).some((i) => "interrupted" in i)).toBe(false);
  });

  it("is not marked when the read after the turn has it", () => {
    const s = run([lost, back, busy, snapshot, resynced, idle, history(fullPage), { type: "resynced", scope }], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(30), done: true });
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
  });
});

describe("a background task's notification in the middle of a reply (found by reliability-proxy)", () => {
  it("does not end the reply: the deltas after it still append", () => {
    const note = frame({ type: "stream_delta", delta: { type: "message", id: "user-msg-9", message_type: "user_message", content: [{ type: "text", text: "<task-notification><summary>Reflection done</summary></task-notification>" }] } });
    const s = run([note, ...ticks("ui-msg-2", 5, 12)], streaming);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(12) });
    expect(items(s).some((i) => i.kind === "notice" && "text" in i && i.text.includes("Reflection done"))).toBe(true);
  });
});

describe("a cut reply the server lists after the gap, then discards (found by reliability-proxy)", () => {
  // 0.32.18 listed the cut reply (`reply t13`, `Tool finished. Result: denied `) in the
  // recovery's history, then dropped it once the next turn ran.
  const partial = [assistantMsg("ui-msg-2", tickText(4), "2026-12-06T15:31:34.293Z"), fullPage[1]];
  const recovered = run([lost, back, idle, history(partial), resynced], streaming);
  const nextTurn = (page: unknown[]) =>
    run(
      [
        { type: "message_sent", scope, requestId: "in-2", clientMessageId: "cm-2", text: "next" },
        frame({ type: "input_accepted", request_id: "in-2", accepted: true, disposition: "started" }),
        busy,
        idle,
        turnFinished("end_turn"),
        history(page),
        { type: "resynced", scope },
      ],
      recovered,
    );

  it("is marked interrupted by the read after the next turn that no longer lists it", () => {
    expect(items(recovered).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    const s = nextTurn([userMsg("ui-msg-3", "cm-2", "next", "2026-12-06T15:31:40.000Z"), fullPage[1]]);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), interrupted: true, done: true });
    expect(rt(s).doubtful).toBeUndefined();
  });

  it("is the server's for good when the read after the next turn still lists it", () => {
    const s = nextTurn([userMsg("ui-msg-3", "cm-2", "next", "2026-12-06T15:31:40.000Z"), ...partial]);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    expect(rt(s).doubtful).toBeUndefined();
  });
});

describe("a reply that only the read after a gap shows, then the server discards (found by reliability-proxy)", () => {
  // Seed 1, #16-#17 and #18 (frames from the failing runs): the reply to a message (`reply `)
  // or to a tool result (`Tool finished. `) streamed only to the connection we lost; the server
  // cancelled the turn when that connection closed, listed the partial reply in our recovery's
  // history, and dropped it once the next turn ran. We never streamed it, so no cut held it.
  const gapRead = (messages: unknown[]): StoreEvent => ({ type: "history", scope, messages, afterGap: true });
  const stalled = run([
    frame({ type: "runtime_start_response", request_id: "r", success: true }),
    history([userMsg("ui-msg-1", "cm-1", "t15", "2026-12-06T18:31:02.700Z")]),
    idle,
    // Into a stalled path: no input_accepted, the loop still idle when the heartbeat gives up.
    { type: "message_sent", scope, requestId: "in-2", clientMessageId: "cm-2", text: "t16" },
  ]);
  const t16 = userMsg("ui-msg-61", "cm-2", "t16", "2026-12-06T18:31:04.890Z");
  const partial = assistantMsg("ui-msg-62", "reply ", "2026-12-06T18:31:04.900Z");
  const recovered = run([lost, back, idle, gapRead([partial, t16, userMsg("ui-msg-1", "cm-1", "t15", "2026-12-06T18:31:02.700Z")]), resynced], stalled);
  const nextTurn = (from: AppState, page: unknown[]) =>
    run(
      [
        { type: "message_sent", scope, requestId: "in-3", clientMessageId: "cm-3", text: "t17" },
        frame({ type: "input_accepted", request_id: "in-3", accepted: true, disposition: "started" }),
        busy,
        tick("ui-msg-64", "reply t17"),
        frame({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason: "end_turn" } }),
        idle,
        turnFinished("end_turn"),
        gapRead(page),
        { type: "resynced", scope },
      ],
      from,
    );
  const afterNext = [assistantMsg("ui-msg-64", "reply t17", "2026-12-06T18:31:08.600Z"), userMsg("ui-msg-63", "cm-3", "t17", "2026-12-06T18:31:08.500Z"), t16];

  it("is shown from that read, in doubt", () => {
    expect(shown(recovered).slice(-2)).toEqual([
      ["user:cm-2", "t16"],
      ["assistant:ui-msg-62", "reply "],
    ]);
    expect(rt(recovered).doubtful?.keys).toEqual(["assistant:ui-msg-62"]);
  });

  it("is marked interrupted by the read after the next turn that no longer lists it", () => {
    const s = nextTurn(recovered, afterNext);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-62")).toMatchObject({ text: "reply ", interrupted: true, done: true });
    expect(rt(s).doubtful).toBeUndefined();
  });

  it("is the server's for good when that read still lists it", () => {
    const s = nextTurn(recovered, [...afterNext.slice(0, 2), partial, t16]);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-62")).not.toHaveProperty("interrupted", true);
    expect(rt(s).doubtful).toBeUndefined();
  });

  it("the same for the reply to a tool result when the cut came after the answer", () => {
    const call = frame({ type: "stream_delta", delta: { message_type: "approval_request_message", id: "m1", tool_call: { tool_call_id: "t1", name: "Bash", arguments: "{}" } } });
    const ret = frame({ type: "stream_delta", delta: { message_type: "tool_return_message", id: "synthetic-tool-return-1", tool_call_id: "t1", status: "error", tool_return: "denied" } });
    const request = { id: "ui-msg-70:tool:t1:request", date: "2026-12-06T18:31:24.922Z", message_type: "approval_request_message", tool_call: { tool_call_id: "t1", name: "Bash", arguments: "{}" } };
    const returned = { id: "ui-msg-71", date: "2026-12-06T18:31:24.947Z", message_type: "tool_return_message", tool_call_id: "t1", status: "error", tool_return: "denied" };
    const before = [returned, request, fullPage[1]];
    const answered = run([
      frame({ type: "runtime_start_response", request_id: "r", success: true }),
      { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "[[slow:7.5]]" },
      frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "started" }),
      busy,
      call,
      ret,
    ]);
    const s0 = run([lost, back, idle, gapRead([assistantMsg("ui-msg-72", "Tool finished. ", "2026-12-06T18:31:24.961Z"), ...before]), resynced], answered);
    expect(shown(s0).at(-1)).toEqual(["assistant:ui-msg-72", "Tool finished. "]);
    const s = nextTurn(s0, [assistantMsg("ui-msg-64", "reply t17", "2026-12-06T18:31:27.243Z"), userMsg("ui-msg-63", "cm-3", "t17", "2026-12-06T18:31:27.223Z"), ...before]);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-72")).toMatchObject({ interrupted: true, done: true });
    expect(items(s).find((i) => i.key === "tool:t1")).not.toHaveProperty("interrupted", true);
  });

  it("a first read (attaching) puts nothing in doubt", () => {
    const s = run([frame({ type: "runtime_start_response", request_id: "r", success: true }), history([partial, t16])]);
    expect(rt(s).doubtful).toBeUndefined();
  });
});

describe("a turn cancelled while it streamed, no gap at all (found by reliability-freeze)", () => {
  const cancelled = run([frame({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason: "cancelled" } }), idle, turnFinished("cancelled")], streaming);

  it("its reply is marked interrupted once history no longer lists it", () => {
    const s = run([history([fullPage[1]]), { type: "resynced", scope }], cancelled);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ text: tickText(4), interrupted: true, done: true });
  });

  it("and kept when history still lists it after the next turn", () => {
    const page = [assistantMsg("ui-msg-2", tickText(4), "2026-12-06T15:31:34.293Z"), fullPage[1]];
    const s = run([history(page), busy, idle, turnFinished("end_turn"), history(page)], cancelled);
    expect(items(s).find((i) => i.key === "assistant:ui-msg-2")).not.toHaveProperty("interrupted", true);
    expect(rt(s).doubtful).toBeUndefined();
  });
});

describe("a message awaiting its answer when a resync closes the turn (found by reliability-proxy)", () => {
  const resent = run([
    frame({ type: "runtime_start_response", request_id: "r", success: true }),
    { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "first" },
    lost,
    back,
    idle,
    { type: "message_sent", scope, requestId: "in-2", clientMessageId: "cm-1", text: "first" },
    resynced,
  ]);

  it("stays open, so its answer still settles it", () => {
    expect(items(resent).find((i) => i.key === "user:cm-1")).toMatchObject({ state: "sending", done: false });
    const s = reduce(resent, frame({ type: "input_accepted", request_id: "in-2", accepted: false, error: "nope" }));
    expect(items(s).find((i) => i.key === "user:cm-1")).toMatchObject({ state: "failed", error: "nope", done: true });
  });

  it("stays below what streams before the server takes it (a resent message's turn)", () => {
    const s = run([{ type: "message_sent", scope, requestId: "in-3", clientMessageId: "cm-2", text: "second" }, busy, ...ticks("ui-msg-9", 1, 2)], resent);
    expect(items(s).map((i) => i.key).slice(-3)).toEqual(["assistant:ui-msg-9", "user:cm-1", "user:cm-2"]);
    const started = reduce(s, frame({ type: "input_accepted", request_id: "in-2", accepted: true, disposition: "started" }));
    expect(items(started).map((i) => i.key).slice(-3)).toEqual(["assistant:ui-msg-9", "user:cm-1", "user:cm-2"]);
  });

  it("goes above the run that took it, once the run map says so (its answer went to the lost socket)", () => {
    // reliability-freeze seed 1 #6: `t6` written as the server froze; after the reconnect the
    // server ran that copy and streamed its reply here, while `t6` still waited for its answer.
    const s = run([busy, ...ticks("ui-msg-9", 1, 2)], resent);
    expect(items(s).map((i) => i.key).slice(-2)).toEqual(["assistant:ui-msg-9", "user:cm-1"]);
    const runMap = (active: string[]) =>
      frame({ type: "update_loop_status", loop_status: { status: "PROCESSING_API_RESPONSE", active_run_ids: active, client_message_ids_by_run_id: { "run-1": [], "run-2": ["cm-1"] } } });
    // Another run active (one no message of ours started: a background task's) says nothing about the rows streaming now.
    expect(items(reduce(s, runMap(["run-1"]))).map((i) => i.key).slice(-2)).toEqual(["assistant:ui-msg-9", "user:cm-1"]);
    const taken = run([runMap(["run-2"]), ...ticks("ui-msg-9", 3, 3)], s);
    expect(items(taken).map((i) => i.key).slice(-2)).toEqual(["user:cm-1", "assistant:ui-msg-9"]);
    expect(items(taken).find((i) => i.key === "user:cm-1")).toMatchObject({ state: "started" });
    expect(items(taken).find((i) => i.key === "assistant:ui-msg-9")).toMatchObject({ text: "tick1 tick2 tick3" });
  });

  it("moves to the queue panel when the server queues it", () => {
    const s = reduce(resent, frame({ type: "input_accepted", request_id: "in-2", accepted: true, disposition: "queued" }));
    expect(items(s).some((i) => i.key === "user:cm-1")).toBe(false);
    expect(rt(s).queuedMessages["cm-1"]).toEqual({ text: "first" });
  });
});

describe("user messages made only of injected context", () => {
  const attached = run([frame({ type: "runtime_start_response", request_id: "r", success: true })]);

  it("draw no row from history, and hide the reminder parts of mixed messages", () => {
    const page = [
      userMsg("ui-msg-9", "cm-9", "after abort", "2026-12-06T15:33:56.617Z"),
      reminderOnly("ui-msg-8", "2026-12-06T15:33:56.617Z"),
      { id: "ui-msg-7", date: "2026-12-06T15:33:56.600Z", message_type: "user_message", content: "<system-alert>Teleportation failed.</system-alert>", role: "user" },
      {
        id: "ui-msg-1",
        date: "2026-12-06T15:33:55.825Z",
        otid: "cm-1",
        message_type: "user_message",
        content: [{ type: "text", text: "<system-reminder>\nDevice info\n</system-reminder>\nhello there" }],
      },
    ];
    const s = reduce(attached, history(page));
    expect(shown(s)).toEqual([
      ["user:cm-1", "hello there"],
      ["user:cm-9", "after abort"],
    ]);
  });

  it("draw no row when streamed live either", () => {
    const s = reduce(attached, frame({ type: "stream_delta", delta: { message_type: "user_message", id: "user-msg-1", content: "<system-reminder>Automated keep-alive ping.</system-reminder>\n" } }));
    expect(items(s)).toEqual([]);
  });
});
