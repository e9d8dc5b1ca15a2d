import { describe, expect, it } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { parseDelta, type Delta } from "../../src/protocol/deltas.js";
import { emptyRuntime, type RuntimeState, type TranscriptItem } from "../../src/store/state.js";
import { applyDelta } from "../../src/store/transcript.js";

// Deltas of PROTOCOL §4.1.1 / §4.1.2 that the first protocol pass did not model.

const life = { id: "lifecycle-1", date: "2026-08-10T12:00:00Z", run_id: "run-1" };
const msg = { type: "message", id: "message-1", date: "2026-08-10T12:00:00Z", run_id: "run-1", seq_id: 3 };

// The member whose message_type admits T (some schemas accept two spellings).
type DeltaOf<T extends string, D = Delta> = D extends { message_type: infer M } ? (T extends M ? D : never) : never;

function known<T extends Delta["message_type"]>(raw: Record<string, unknown>, type: T): DeltaOf<T> {
  const d = parseDelta(raw);
  expect(d.message_type).toBe(type);
  return d as DeltaOf<T>;
}

describe("new Letta message deltas", () => {
  it("approval_response_message", () => {
    const d = known({ ...msg, message_type: "approval_response_message", approve: true, approvals: [{ type: "approval", tool_call_id: "t1", approve: true }] }, "approval_response_message");
    expect(d.approvals?.[0]?.tool_call_id).toBe("t1");
  });
  it("system_message", () => {
    expect(known({ ...msg, message_type: "system_message", content: "You are…" }, "system_message").content).toBe("You are…");
  });
  it("event and summary in both spellings", () => {
    expect(known({ ...msg, message_type: "event_message", event_type: "compaction", event_data: { trigger: "x" } }, "event_message").event_type).toBe("compaction");
    known({ ...msg, message_type: "event" }, "event");
    expect(known({ ...msg, message_type: "summary_message", summary: "We fixed lint." }, "summary_message").summary).toBe("We fixed lint.");
    known({ ...msg, message_type: "summary" }, "summary");
  });
  it("tool_return_message with streaming stdout/stderr", () => {
    const d = known(
      {
        ...msg,
        id: "synthetic-tool-return-stream-t1",
        message_type: "tool_return_message",
        stdout: ["top"],
        tool_returns: [{ tool_call_id: "t1", status: "success", tool_return: "", stdout: ["a", "b"], stderr: ["warn"] }],
      },
      "tool_return_message",
    );
    expect(d.stdout).toEqual(["top"]);
    expect(d.tool_returns?.[0]).toMatchObject({ stdout: ["a", "b"], stderr: ["warn"] });
  });
  it("usage_statistics extra counters", () => {
    const d = known(
      { ...msg, message_type: "usage_statistics", prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, step_count: 1, run_ids: ["run-1"], cached_input_tokens: 4, cache_write_tokens: 5, reasoning_tokens: 6, context_tokens: 7 },
      "usage_statistics",
    );
    expect([d.step_count, d.cached_input_tokens, d.cache_write_tokens, d.reasoning_tokens, d.context_tokens]).toEqual([1, 4, 5, 6, 7]);
  });
  it("common fields of a subagent's delta", () => {
    const d = known({ ...msg, message_type: "assistant_message", content: "hi", agent_id: "agent-sub", conversation_id: "conv-sub", sender_id: "s", step_id: "step-1", is_err: false }, "assistant_message");
    expect([d.agent_id, d.conversation_id, d.step_id]).toEqual(["agent-sub", "conv-sub", "step-1"]);
  });
});

describe("new lifecycle deltas", () => {
  it("retry with its optional fields", () => {
    const d = known(
      { ...life, message_type: "retry", message: "Rate limited", reason: "llm_api_error", attempt: 2, max_attempts: 5, delay_ms: 4000, retry_kind: "transport_fallback", provider: "anthropic", from_transport: "ws", to_transport: "sse", error_code: "429", step_id: null },
      "retry",
    );
    expect([d.reason, d.retry_kind, d.from_transport, d.to_transport, d.error_code]).toEqual(["llm_api_error", "transport_fallback", "ws", "sse", "429"]);
  });
  it("loop_error with api_error", () => {
    const d = known(
      { ...life, message_type: "loop_error", message: "boom", stop_reason: "error", is_terminal: true, api_error: { message_type: "error_message", message: "overloaded", error_type: "api_error", run_id: "run-1" } },
      "loop_error",
    );
    expect(d.api_error?.message).toBe("overloaded");
  });
  it("slash_command_start / end and command_start / end", () => {
    expect(known({ ...life, message_type: "slash_command_start", command_id: "compact", input: "/compact all" }, "slash_command_start").input).toBe("/compact all");
    expect(known({ ...life, message_type: "slash_command_end", command_id: "compact", input: "/compact all", output: "ok", success: true }, "slash_command_end").success).toBe(true);
    known({ ...life, message_type: "command_start", command_id: "bash", input: "!ls" }, "command_start");
    expect(known({ ...life, message_type: "command_end", command_id: "bash", input: "!ls", output: "a", success: true, dim_output: true, preformatted: true }, "command_end").preformatted).toBe(true);
  });
  it("a start delta without its required fields is unknown, not a crash", () => {
    expect(parseDelta({ ...life, message_type: "slash_command_start" })).toMatchObject({ message_type: "unknown", original_type: "slash_command_start" });
  });
});

describe("applyDelta renders the new deltas", () => {
  const fresh = (): RuntimeState => emptyRuntime("a/c", { agent_id: "a", conversation_id: "c" });
  const items = (rt: RuntimeState): TranscriptItem[] => allItems(rt.transcript);
  const apply = (...raws: Record<string, unknown>[]) => raws.reduce((rt, raw) => applyDelta(rt, parseDelta(raw)), fresh());

  it("ignores approval_response_message", () => {
    const rt = fresh();
    expect(applyDelta(rt, parseDelta({ ...msg, message_type: "approval_response_message" }))).toBe(rt);
  });
  it("shows a slash command as one block per command_id: running, then its outcome", () => {
    const rt = apply(
      { ...life, message_type: "slash_command_start", command_id: "compact", input: "/compact" },
      { ...life, message_type: "slash_command_end", command_id: "compact", input: "/compact", output: "", success: false },
      { ...life, message_type: "command_end", command_id: "bash", input: "!ls", output: "a.txt\nb.txt", success: true },
    );
    expect(items(rt).map((i) => (i.kind === "command" ? [i.title, i.status, i.text, i.done] : i.kind))).toEqual([
      ["/compact", "failed", "", true],
      ["!ls", "ok", "a.txt\nb.txt", true],
    ]);
    const running = apply({ ...life, message_type: "slash_command_start", command_id: "init", input: "/init" });
    expect(items(running)).toMatchObject([{ kind: "command", title: "/init", status: "running", done: false }]);
  });
  it("shows system, event and summary messages as short notices", () => {
    const rt = apply(
      { ...msg, message_type: "system_message", content: "x".repeat(500) },
      { ...msg, message_type: "event_message", event_type: "compaction" },
      { ...msg, message_type: "summary_message", summary: "We fixed lint." },
    );
    const texts = items(rt).map((i) => (i.kind === "notice" ? i.text : ""));
    expect(texts[0]!.length).toBeLessThanOrEqual(210);
    expect(texts.slice(1)).toEqual(["event: compaction", "summary: We fixed lint."]);
  });
});
