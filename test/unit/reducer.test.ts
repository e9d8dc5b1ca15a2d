import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import { focusedApproval } from "../../src/store/approvals.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { loadRecording, recordingNames } from "./recordings.js";
import { activeRuntime, eventsOf, items, replay } from "./replay.js";

describe("reducer on recorded sessions", () => {
  it("approve: the Bash row ends successful with its output, then the reply streams in", () => {
    const state = replay("approve");
    const rt = activeRuntime(state);
    const tool = items(state).find((i) => i.kind === "tool");
    expect(tool).toMatchObject({ kind: "tool", name: "Bash", status: "success", output: "(Command completed with no output)", done: true });
    expect(tool && tool.kind === "tool" && JSON.parse(tool.args).command).toContain("approved-by-client");
    const reply = items(state).find((i) => i.kind === "assistant");
    expect(reply).toMatchObject({ text: "Tool finished. Result: (Command completed with no output)", done: true });
    expect(rt.approvals.order).toEqual([]);
    expect(rt.loop?.status).toBe("WAITING_ON_INPUT");
    expect(rt.usage.totalTokens).toBeGreaterThan(0);
  });

  it("approve: the user message is reconciled with input_accepted", () => {
    const user = items(replay("approve")).find((i) => i.kind === "user");
    expect(user).toMatchObject({ state: "started", done: true });
  });

  it("deny: the row is marked denied and shows the reason the model received", () => {
    const tool = items(replay("deny")).find((i) => i.kind === "tool");
    expect(tool).toMatchObject({ status: "denied", output: expect.stringContaining("declined"), done: true });
  });

  it("shows the approval card while waiting for an answer", () => {
    const events = eventsOf(loadRecording("approve"));
    const firstAnswer = events.findIndex((e) => e.type === "approval_sent");
    const waiting = events.slice(0, firstAnswer).reduce(reduce, initialState());
    const card = focusedApproval(activeRuntime(waiting));
    expect(card).toMatchObject({ requestId: "perm-call_fake_1_0", toolName: "Bash", phase: "pending" });
    expect(card?.input.command).toContain("approved-by-client");
    expect(card?.suggestions[0]?.id).toBe("save-default");
  });

  it("abort: the turn ends as cancelled and says so", () => {
    const state = replay("abort");
    const notices = items(state).filter((i) => i.kind === "notice").map((i) => i.kind === "notice" && i.text);
    expect(notices).toContain("turn cancelled");
    expect(activeRuntime(state).approvals.order).toEqual([]);
  });

  it("a replayed control_request (sync) does not create a second card", () => {
    const state = replay("sync");
    const rt = activeRuntime(state);
    const events = eventsOf(loadRecording("sync"));
    const requests = events.filter((e) => e.type === "frame" && e.parsed.kind === "frame" && e.parsed.frame.type === "control_request");
    expect(requests.length).toBeGreaterThan(1);
    const ids = new Set(requests.map((e) => e.type === "frame" && e.parsed.kind === "frame" && e.parsed.frame.type === "control_request" && e.parsed.frame.request_id));
    // However many times the prompt was replayed, at most one card per request_id ever existed.
    expect(rt.approvals.order.length).toBeLessThanOrEqual(ids.size);
    const toolRows = items(state).filter((i) => i.kind === "tool").map((i) => i.key);
    expect(new Set(toolRows).size).toBe(toolRows.length);
  });

  it("replaying a whole session twice over its own state changes nothing visible but notices", () => {
    const once = replay("approve");
    const keysOnce = items(once).map((i) => i.key).filter((k) => !k.startsWith("notice:") && !k.startsWith("user:"));
    const twice = replay("approve", "main", once);
    const keysTwice = items(twice).map((i) => i.key).filter((k) => !k.startsWith("notice:") && !k.startsWith("user:"));
    expect(keysTwice).toEqual(keysOnce);
  });

  for (const name of recordingNames()) {
    it(`never throws on ${name}, for any connection in it`, () => {
      const conns = new Set(loadRecording(name).map((l) => l.conn));
      for (const conn of conns) expect(() => replay(name, conn)).not.toThrow();
    });
  }
});

describe("reducer on hostile or odd input", () => {
  const attached = reduce(initialState(), {
    type: "frame",
    parsed: parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: { agent_id: "a", conversation_id: "c" } })),
  });

  it("logs unknown and malformed frames in a bounded debug list", () => {
    let s = attached;
    for (let i = 0; i < 500; i++) s = reduce(s, { type: "frame", parsed: parseFrame(i % 2 ? "{bad" : JSON.stringify({ type: `mystery_${i}` })) });
    expect(s.debug.length).toBe(200);
    expect(s.debug.at(-2)).toMatchObject({ kind: "unknown", type: "mystery_498" });
    expect(s.debug.at(-1)).toMatchObject({ kind: "malformed" });
  });

  it("routes frames for runtimes we never attached to the debug log, not the screen", () => {
    const frame = { type: "update_loop_status", runtime: { agent_id: "x", conversation_id: "y" }, loop_status: { status: "SENDING_API_REQUEST" } };
    const s = reduce(attached, { type: "frame", parsed: parseFrame(JSON.stringify(frame)) });
    expect(Object.keys(s.runtimes)).toEqual(["a/c"]);
    expect(s.debug.at(-1)).toMatchObject({ kind: "unrouted", type: "update_loop_status" });
  });

  it("shows an unknown delta as a compact line with its type", () => {
    const frame = { type: "stream_delta", runtime: { agent_id: "a", conversation_id: "c" }, delta: { message_type: "hologram", id: "h" } };
    const s = reduce(attached, { type: "frame", parsed: parseFrame(JSON.stringify(frame)) });
    expect(items(s).at(-1)).toMatchObject({ kind: "notice", text: "[hologram]" });
  });

  it("a turn end said by a stop_reason delta is not said again by turn_finished", () => {
    const runtime = { agent_id: "a", conversation_id: "c" };
    const f = (x: object) => ({ type: "frame" as const, parsed: parseFrame(JSON.stringify({ runtime, ...x })) });
    let s = reduce(attached, f({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason: "max_steps" } }));
    s = reduce(s, f({ type: "turn_finished", stop_reason: "max_steps" }));
    const notices = items(s).filter((i) => i.kind === "notice").map((i) => i.kind === "notice" && i.text);
    expect(notices).toEqual(["turn ended: max_steps"]);
  });

  it("a subagent's activity line is its latest line, however the text was chunked", () => {
    const sub = (s: ReturnType<typeof reduce>, content: string) =>
      reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify({ type: "stream_delta", subagent_id: "sub-1", runtime: { agent_id: "a", conversation_id: "c" }, delta: { type: "message", message_type: "assistant_message", id: "m", content } })) });
    const activity = (s: ReturnType<typeof reduce>) => activeRuntime(s).subagentActivity["sub-1"]?.trimEnd();
    expect(activity(sub(attached, "abc\ndef"))).toBe("def");
    expect(activity(sub(sub(attached, "abc\n"), "def"))).toBe("def");
    expect(activity(sub(sub(attached, "ab"), "c\ndef"))).toBe("def");
    expect(activity(sub(sub(attached, "ab"), "c"))).toBe("abc");
  });

  it("keeps subagent deltas out of the main transcript", () => {
    const frame = { type: "stream_delta", subagent_id: "sub-1", runtime: { agent_id: "a", conversation_id: "c" }, delta: { type: "message", message_type: "assistant_message", id: "m", content: "secret" } };
    const s = reduce(attached, { type: "frame", parsed: parseFrame(JSON.stringify(frame)) });
    expect(items(s)).toEqual([]);
  });

  it("marks a message that the server refused as failed, with the reason", () => {
    const scope = { agent_id: "a", conversation_id: "c" };
    let s = reduce(attached, { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "hi" });
    expect(items(s)[0]).toMatchObject({ kind: "user", state: "sending", done: false });
    s = reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify({ type: "input_accepted", request_id: "in-1", runtime: scope, accepted: false, error: "Runtime is no longer active" })) });
    expect(items(s)[0]).toMatchObject({ state: "failed", error: "Runtime is no longer active", done: true });
  });

  it("closes a card whose answer the server refused, keeping the card and the reason to show", () => {
    const events = eventsOf(loadRecording("approve"));
    const waiting = events.slice(0, events.findIndex((e) => e.type === "approval_sent")).reduce(reduce, initialState());
    const rt = activeRuntime(waiting);
    const card = focusedApproval(rt)!;
    let s = reduce(waiting, { type: "approval_sent", scope: rt.scope, requestId: "ap-1", approvalId: card.requestId, behavior: "allow" });
    expect(focusedApproval(activeRuntime(s))?.phase).toBe("sending");
    const refusal = { type: "input_accepted", request_id: "ap-1", runtime: rt.scope, accepted: false, error: "Approval request is no longer pending" };
    s = reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify(refusal)) });
    const after = activeRuntime(s);
    expect(after.approvals.order).toEqual([]);
    expect(after.rejectedApproval).toMatchObject({ card: { requestId: card.requestId, toolName: "Bash" }, error: "Approval request is no longer pending" });
    expect(items(s).at(-1)).toMatchObject({ kind: "notice", text: "approval not applied: Approval request is no longer pending" });
    // A new prompt supersedes it.
    const again = events.find((e) => e.type === "frame" && e.parsed.kind === "frame" && e.parsed.frame.type === "control_request")!;
    expect(activeRuntime(reduce(s, again)).rejectedApproval).toBeUndefined();
  });
});

describe("an open approval card closes", () => {
  // The approve recording up to our answer: the Bash card perm-call_fake_1_0 is open.
  const events = eventsOf(loadRecording("approve"));
  const waiting = events.slice(0, events.findIndex((e) => e.type === "approval_sent")).reduce(reduce, initialState());
  const scope = activeRuntime(waiting).scope;
  const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ ...f, runtime: scope })) });
  const delta = (d: Record<string, unknown>) => frame({ type: "stream_delta", delta: { type: "message", ...d } });
  const cards = (s: AppState) => activeRuntime(s).approvals.order;
  // The last device status the server sent while waiting: it lists the card.
  const listed = events
    .slice(0, events.findIndex((e) => e.type === "approval_sent"))
    .flatMap((e) => (e.type === "frame" && e.parsed.kind === "frame" ? [e.parsed.frame] : []))
    .filter((f) => f.type === "update_device_status")
    .at(-1) as Extract<KnownFrame, { type: "update_device_status" }>;

  it("starts open, listed by the server", () => {
    expect(cards(waiting)).toEqual(["perm-call_fake_1_0"]);
    expect(listed.device_status.pending_control_requests?.map((p) => p.request_id)).toEqual(["perm-call_fake_1_0"]);
  });

  it("when update_device_status no longer lists it (answered elsewhere or cancelled)", () => {
    // The same status with the card still listed, or with no list at all, keeps it open...
    expect(cards(reduce(waiting, frame(listed)))).toEqual(["perm-call_fake_1_0"]);
    const { pending_control_requests: _, ...noList } = listed.device_status;
    expect(cards(reduce(waiting, frame({ ...listed, device_status: noList })))).toEqual(["perm-call_fake_1_0"]);
    // ...and only the list without it closes it; no tool event was involved.
    const s = reduce(waiting, frame({ ...listed, device_status: { ...listed.device_status, pending_control_requests: [] } }));
    expect(cards(s)).toEqual([]);
    expect(focusedApproval(activeRuntime(s))).toBeUndefined();
    expect(items(s).find((i) => i.key === "tool:call_fake_1_0")).toMatchObject({ status: "awaiting_approval" });
  });

  it("when its tool starts running (client_tool_start for its tool_call_id)", () => {
    const start = (id: string) => delta({ message_type: "client_tool_start", id: "lifecycle-1", tool_call_id: id, tool_name: "Bash" });
    expect(cards(reduce(waiting, start("call_other")))).toEqual(["perm-call_fake_1_0"]);
    const s = reduce(waiting, start("call_fake_1_0"));
    expect(cards(s)).toEqual([]);
    // A late device status that still lists it does not bring it back: the list only closes cards.
    expect(cards(reduce(s, frame(listed)))).toEqual([]);
  });

  it("when its tool returns (tool_return_message, in tool_returns[] or the top-level fields)", () => {
    const ret = (r: Record<string, unknown>) => delta({ message_type: "tool_return_message", id: "synthetic-tool-return-x", ...r });
    const one = (id: string) => ({ tool_call_id: id, status: "success", tool_return: "ok" });
    expect(cards(reduce(waiting, ret({ tool_returns: [one("call_other")] })))).toEqual(["perm-call_fake_1_0"]);
    expect(cards(reduce(waiting, ret({ tool_returns: [one("call_other"), one("call_fake_1_0")] })))).toEqual([]);
    expect(cards(reduce(waiting, ret(one("call_fake_1_0"))))).toEqual([]);
  });
});

describe("queued messages", () => {
  it("wait in the local queue, then enter the transcript once each when their turn starts", () => {
    const events = eventsOf(loadRecording("queue"));
    let sawQueued = false;
    let s = initialState();
    for (const e of events) {
      s = reduce(s, e);
      if (s.active && Object.keys(activeRuntime(s).queuedMessages).length > 0) sawQueued = true;
    }
    expect(sawQueued).toBe(true);
    const rt = activeRuntime(s);
    expect(rt.queuedMessages).toEqual({});
    const users = items(s).filter((i) => i.kind === "user").map((i) => i.key);
    expect(users).toHaveLength(3);
    expect(new Set(users).size).toBe(3);
  });
});

describe("queue reconciliation", () => {
  const scope = { agent_id: "a", conversation_id: "c" };
  const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ ...f, runtime: scope })) });
  const attached = reduce(initialState(), frame({ type: "runtime_start_response", request_id: "r", success: true }));
  const rt = (s: AppState) => activeRuntime(s);
  const sent = reduce(attached, { type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "later please" });
  const accepted = (disposition: string) => reduce(sent, frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition }));
  const removed = (s: AppState, disposition: string, id = "cm-1") =>
    reduce(s, frame({ type: "update_queue", queue: [], removed: [{ client_message_id: id, disposition }] }));

  it("a 'queued' input_accepted moves the message from the transcript to the queue panel", () => {
    expect(items(sent).map((i) => i.key)).toEqual(["user:cm-1"]);
    const queued = accepted("queued");
    expect(items(queued)).toEqual([]);
    expect(rt(queued).queuedMessages).toEqual({ "cm-1": { text: "later please" } });
    expect(rt(queued).pendingInputs).toEqual({});
    // Any other disposition starts it at once: it stays in the transcript, never in the queue.
    const started = accepted("started");
    expect(items(started)).toEqual([expect.objectContaining({ key: "user:cm-1", state: "started", done: true })]);
    expect(rt(started).queuedMessages).toEqual({});
  });

  it("removed[] 'cancelled' drops it from the queue with a note, and it never enters the transcript", () => {
    const s = removed(accepted("queued"), "cancelled");
    expect(rt(s).queuedMessages).toEqual({});
    expect(items(s)).toEqual([expect.objectContaining({ kind: "notice", level: "warning", text: "queued message dropped: later please" })]);
  });

  it("removed[] 'dequeued' puts it in the transcript as started, once", () => {
    const s = removed(accepted("queued"), "dequeued");
    expect(rt(s).queuedMessages).toEqual({});
    expect(items(s)).toEqual([expect.objectContaining({ kind: "user", key: "user:cm-1", text: "later please", state: "started" })]);
    // Its echo afterwards changes nothing.
    const echo = reduce(s, frame({ type: "stream_delta", delta: { type: "message", message_type: "user_message", id: "u-1", otid: "cm-1", content: "later please" } }));
    expect(items(echo)).toEqual(items(s));
  });

  it("removed[] for a message that is not ours changes nothing", () => {
    const queued = accepted("queued");
    expect(rt(removed(queued, "cancelled", "cm-other")).queuedMessages).toEqual(rt(queued).queuedMessages);
    expect(items(removed(queued, "cancelled", "cm-other"))).toEqual([]);
  });
});

describe("background task notifications", () => {
  it("show as a note with their summary, not as something the user said", () => {
    const scope = { agent_id: "a", conversation_id: "c" };
    let s = reduce(initialState(), {
      type: "frame",
      parsed: parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope })),
    });
    const text = "<task-notification><summary>Tried to reflect, will retry later.</summary><reflection-agent-id>x</reflection-agent-id></task-notification>";
    s = reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify({ type: "stream_delta", runtime: scope, delta: { type: "message", message_type: "user_message", id: "u1", content: text } })) });
    expect(items(s)).toEqual([expect.objectContaining({ kind: "notice", text: "⚙ background task: Tried to reflect, will retry later." })]);
  });
});

describe("a user message with an image (another client's, or from history)", () => {
  it("shows the image as [Image #N type size] among its text, never its base64", () => {
    const scope = { agent_id: "a", conversation_id: "c" };
    let s = reduce(initialState(), {
      type: "frame",
      parsed: parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope })),
    });
    const data = Buffer.alloc(68, 7).toString("base64");
    const content = [
      { type: "text", text: "what is " },
      { type: "image", source: { type: "base64", media_type: "image/png", data } },
      { type: "text", text: "this?" },
    ];
    s = reduce(s, { type: "frame", parsed: parseFrame(JSON.stringify({ type: "stream_delta", runtime: scope, delta: { type: "message", message_type: "user_message", id: "u1", content } })) });
    expect(items(s)).toEqual([expect.objectContaining({ kind: "user", text: "what is [Image #1 image/png 68 B]this?" })]);
  });
});
