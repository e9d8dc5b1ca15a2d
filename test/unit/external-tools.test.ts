import { afterEach, describe, expect, it, vi } from "vitest";
import { askUser, commandTool, type ExternalTool } from "../../src/controller/externalTools.js";
import { ToolRunner } from "../../src/controller/toolRunner.js";
import type { Command } from "../../src/protocol/commands.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { initialState } from "../../src/store/state.js";
import { createStore, type Store } from "../../src/store/store.js";
import type { ServerLink } from "../../src/transport/link.js";

// The answers the real server cannot be made to provoke on cue: a tool that outlives its
// timeout, and a call for a tool we never registered. A fake link records what would go out.

const RUNTIME = { agent_id: "agent-1", conversation_id: "conv-1" };
type ToolCall = Extract<KnownFrame, { type: "external_tool_call_request" }>;

function call(tool_name: string, input: Record<string, unknown> = {}, request_id = "external-tool-1"): ToolCall {
  const parsed = parseFrame(JSON.stringify({ type: "external_tool_call_request", request_id, runtime: RUNTIME, tool_name, input }));
  if (parsed.kind !== "frame" || parsed.frame.type !== "external_tool_call_request") throw new Error("fixture not accepted");
  return parsed.frame;
}

function attachedStore(): Store {
  const store = createStore(initialState("ws://test"));
  const parsed = parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: "r", success: true, runtime: RUNTIME }));
  store.dispatch({ type: "frame", parsed });
  return store;
}

function setup(tools: readonly ExternalTool[]) {
  const sent: Command[] = [];
  const link: ServerLink = {
    isConnected: true,
    newRequestId: (prefix) => `${prefix}-1`,
    send: (command) => void sent.push(command),
    request: () => Promise.reject(new Error("not used")),
    retryNow: () => undefined,
    close: () => undefined,
  };
  const store = attachedStore();
  const runner = new ToolRunner(tools, store, () => link, () => RUNTIME);
  return { sent, store, runner };
}

/** A tool that never finishes by itself; `aborted` tells whether it was told to stop. */
function hangingTool(timeoutMs: number) {
  const state = { aborted: false, finish: (_: string) => undefined as void };
  const tool: ExternalTool = {
    definition: { name: "hang", description: "never returns", parameters: { type: "object" } },
    timeoutMs,
    run: (_input, _ctx, signal) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () => (state.aborted = true));
        state.finish = (text) => resolve({ text, isError: false });
      }),
  };
  return { tool, state };
}

const response = (request_id: string, text: string, is_error: boolean) => ({
  type: "external_tool_call_response",
  request_id,
  result: { content: [{ type: "text", text }], is_error },
});

afterEach(() => {
  vi.useRealTimers();
});

describe("external tool calls answered with is_error", () => {
  it("a call for a tool we never registered gets one error answer naming it", () => {
    const { sent, runner } = setup([]);
    runner.handle(call("rm_everything", { path: "/" }, "external-tool-9"));
    expect(sent).toEqual([response("external-tool-9", "letta-tui has no tool named rm_everything", true)]);
  });

  it("a tool that outlives its timeout: one error answer when it expires, told to stop, its late result dropped", async () => {
    vi.useFakeTimers();
    const { tool, state } = hangingTool(3_000);
    const { sent, runner } = setup([tool]);
    runner.handle(call("hang"));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([response("external-tool-1", "hang timed out after 3 s", true)]);
    expect(state.aborted).toBe(true);
    // Exactly one answer per call: a result that arrives after the timeout goes nowhere.
    state.finish("too late");
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(1);
  });

  it("a timeout under a second is said in milliseconds, not as 0 s", async () => {
    vi.useFakeTimers();
    const { tool } = hangingTool(500);
    const { sent, runner } = setup([tool]);
    runner.handle(call("hang"));
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([response("external-tool-1", "hang timed out after 500 ms", true)]);
  });

  it("a config command that runs too long is killed and answered as timed out", async () => {
    const { sent, runner } = setup([commandTool({ name: "sleeper", description: "sleeps", parameters: {}, command: "sleep 30", timeoutSeconds: 1 })]);
    const started = Date.now();
    runner.handle(call("sleeper"));
    await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 10_000 });
    expect(sent[0]).toEqual(response("external-tool-1", "sleeper timed out after 1 s", true));
    expect(Date.now() - started).toBeLessThan(9_000);
  }, 15_000);

  it("ask_user unanswered until its timeout: an error answer, and the question card closes", async () => {
    vi.useFakeTimers();
    const { sent, store, runner } = setup([askUser]);
    const questions = () => store.getState().runtimes[runtimeKey(RUNTIME)]!.questions;
    runner.handle(call("ask_user", { question: "Deploy now?" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(questions().map((q) => q.question)).toEqual(["Deploy now?"]);
    await vi.advanceTimersByTimeAsync(askUser.timeoutMs);
    expect(sent).toEqual([response("external-tool-1", askUser.timeoutText!, true)]);
    expect(askUser.timeoutText).toContain("did not answer in time");
    expect(questions()).toEqual([]);
    // An answer typed after that is not sent a second time.
    runner.answer("external-tool-1", "yes");
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(1);
  });
});
