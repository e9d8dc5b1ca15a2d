import chalk from "chalk";
import { describe, expect, it, onTestFinished } from "vitest";
import type { RuntimeState } from "../../src/store/state.js";
import type { Store } from "../../src/store/store.js";
import { contextFigure } from "../../src/ui/contextFigure.js";
import { attachedStore, dispatchFrame, lines, mountApp, RUNTIME, type Json } from "./ui-harness.js";

// Which model a runtime uses and how full its context is (src/store/context.ts), and the
// figure the status line draws from it (src/ui/contextFigure.ts): fed the frames 0.32.18 sends.

const rt = (store: Store): RuntimeState => store.getState().runtimes[store.getState().active!]!;
const delta = (store: Store, d: Json) => dispatchFrame(store, { type: "stream_delta", delta: d });
const usage = (tokens: number): Json => ({ message_type: "usage_statistics", id: "u", prompt_tokens: tokens, completion_tokens: 1, total_tokens: tokens + 1, context_tokens: tokens });
/** runtime_start as 0.32.18 answers it: the agent's model and window; the conversation's own once it has them. */
const started = (conversation: Json = {}): Json => ({
  type: "runtime_start_response",
  request_id: "r2",
  success: true,
  agent: { id: RUNTIME.agent_id, name: "tester", model: "llama.cpp/fake-model", llm_config: { model: "fake-model", context_window: 128000 } },
  conversation: { id: RUNTIME.conversation_id, ...conversation },
});
const LIST: Json = {
  type: "list_models_response",
  request_id: "lm",
  success: true,
  entries: [
    { id: "fake-model", handle: "llama.cpp/fake-model", label: "fake-model", updateArgs: { context_window: 128000 } },
    { id: "fake-model-b", handle: "llama.cpp/fake-model-b", label: "fake-model-b", updateArgs: { context_window: 32000 } },
  ],
  available_handles: [],
};

describe("the model and the context the store keeps", () => {
  it("takes the conversation's own model and limit over the agent's at runtime_start", () => {
    const store = attachedStore();
    dispatchFrame(store, started({ model: "llama.cpp/fake-model-b", context_window_limit: 64000 }));
    expect(rt(store)).toMatchObject({ model: "llama.cpp/fake-model-b", windows: { conversation: 64000, agent: 128000 } });
  });
  it("follows usage_statistics, and what a compaction left", () => {
    const store = attachedStore();
    delta(store, usage(20730));
    expect(rt(store).contextTokens).toBe(20730);
    delta(store, usage(110003));
    expect(rt(store).contextTokens).toBe(110003);
    delta(store, { message_type: "summary_message", id: "s", summary: "…", compaction_stats: { trigger: "context_window_limit", context_tokens_before: 305, context_tokens_after: 15 } });
    expect(rt(store).contextTokens).toBe(15);
    // The server's /compact tells messages, not tokens: the figure is unknown until the next call.
    delta(store, { message_type: "slash_command_end", id: "c", command_id: "compact", input: "/compact", output: "Compaction completed. Message buffer length reduced from 2 to 1.", success: true });
    expect(rt(store).contextTokens).toBeUndefined();
  });
  it("a subagent's calls are not this conversation's context", () => {
    const store = attachedStore();
    delta(store, usage(500));
    dispatchFrame(store, { type: "stream_delta", delta: usage(90000), subagent_id: "sub-1" });
    expect(rt(store).contextTokens).toBe(500);
  });
  it("update_model: the new handle at once, and its settings' window over the old conversation limit", () => {
    const store = attachedStore();
    dispatchFrame(store, started({ context_window_limit: 64000 }));
    dispatchFrame(store, {
      type: "update_model_response",
      request_id: "u1",
      success: true,
      applied_to: "conversation",
      model_id: "anthropic/claude-sonnet-4-6",
      model_handle: "anthropic/claude-sonnet-4-6",
      model_settings: { provider_type: "anthropic", context_window_limit: 1000000, max_tokens: 128000 },
    });
    expect(rt(store)).toMatchObject({ model: "anthropic/claude-sonnet-4-6", windows: { settings: 1000000, agent: 128000 } });
    expect(rt(store).windows?.conversation).toBeUndefined();
    // A refusal changes nothing.
    dispatchFrame(store, { type: "update_model_response", request_id: "u2", success: false, model_handle: "x/y", error: "Model not found" });
    expect(rt(store).model).toBe("anthropic/claude-sonnet-4-6");
  });
  it("another client's switch shows through the server's status line, its label found in the list", () => {
    const store = attachedStore();
    dispatchFrame(store, LIST);
    delta(store, { message_type: "status", id: "s", message: "Model updated to fake-model-b.", level: "info" });
    expect(rt(store).model).toBe("llama.cpp/fake-model-b");
    delta(store, { message_type: "status", id: "s2", message: "Model updated to GPT-5.1 (High). Warning: toolset switch failed (x).", level: "warning" });
    expect(rt(store).model).toBe("GPT-5.1");
  });
  it("/context-limit (anyone's) sets the conversation's window; a conversation read corrects it", () => {
    const store = attachedStore();
    delta(store, { message_type: "slash_command_end", id: "c", command_id: "context-limit", input: "/context-limit 64000", output: "Current conversation max context set to 64,000 tokens.", success: true });
    expect(rt(store).windows?.conversation).toBe(64000);
    dispatchFrame(store, { type: "conversation_retrieve_response", request_id: "c2", success: true, conversation: { id: RUNTIME.conversation_id, context_window_limit: 50000, model: "llama.cpp/fake-model-b" } });
    expect(rt(store)).toMatchObject({ model: "llama.cpp/fake-model-b", windows: { conversation: 50000 } });
    // Another conversation's object is not this one's.
    dispatchFrame(store, { type: "conversation_retrieve_response", request_id: "c3", success: true, conversation: { id: "conv-9", context_window_limit: 30000 } });
    expect(rt(store).windows?.conversation).toBe(50000);
  });
});

describe("the context figure", () => {
  const base = (over: Partial<RuntimeState>): RuntimeState => ({ ...rt(attachedStore()), ...over });
  it("prefers the conversation's limit, then the applied settings, then the model list, then the agent", () => {
    const store = attachedStore();
    dispatchFrame(store, LIST);
    const catalog = store.getState().models![""]!;
    const fig = (r: RuntimeState) => contextFigure(r, catalog)?.text;
    const at = { contextTokens: 16000, model: "llama.cpp/fake-model-b" };
    expect(fig(base({ ...at, windows: { conversation: 64000, settings: 100000, agent: 200000 } }))).toBe("ctx 16k/64k");
    expect(fig(base({ ...at, windows: { settings: 100000, agent: 200000 } }))).toBe("ctx 16k/100k");
    expect(fig(base({ ...at, windows: { agent: 200000 } }))).toBe("ctx 16k/32k");
    expect(fig(base({ ...at, model: "other/model", windows: { agent: 200000 } }))).toBe("ctx 16k/200k");
  });
  it("is plain up to 80 %, yellow past it, red past 95 % with the way out", () => {
    const fig = (tokens: number) => contextFigure(base({ contextTokens: tokens, windows: { agent: 100000 } }), undefined);
    expect(fig(80000)).toEqual({ text: "ctx 80k/100k", level: "ok" });
    expect(fig(80001)).toEqual({ text: "ctx 80k/100k", level: "high" });
    expect(fig(95000)).toEqual({ text: "ctx 95k/100k", level: "high" });
    expect(fig(95001)).toEqual({ text: "ctx 95k/100k 95% · /compact to free it", level: "full" });
  });
  it("shows the window alone before the first call, the tokens alone without a window, nothing without either", () => {
    expect(contextFigure(base({ windows: { agent: 128000 } }), undefined)?.text).toBe("ctx ?/128k");
    expect(contextFigure(base({ contextTokens: 1500 }), undefined)?.text).toBe("ctx 1.5k");
    expect(contextFigure(base({}), undefined)).toBeUndefined();
  });
});

describe("on the status line", () => {
  it("follows usage_statistics, in the colour of its level", async () => {
    const h = await mountApp();
    // Colour on for this test only (once mounted): below 95 % the level is shown by colour alone.
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => void (chalk.level = level));
    h.frame(started());
    const status = (s: string) => lines(s).at(-2) ?? "";
    await h.waitFor("the window", (s) => status(s).includes("ctx ?/128k"));
    h.delta(usage(23000));
    await h.waitFor("23k, plain", (s) => status(s).includes("ctx 23k/128k") && !/\u001b\[3[13]mctx/.test(status(s)));
    h.delta(usage(105000));
    await h.waitFor("105k, yellow", (s) => status(s).includes("\u001b[33mctx 105k/128k"));
    h.delta(usage(125000));
    await h.waitFor("125k, red, with the hint", (s) => status(s).includes("\u001b[1m\u001b[31mctx 125k/128k 97% · /compact to free it"));
  });
  it("shows the model update_model applied at once", async () => {
    const h = await mountApp();
    h.frame({ type: "update_model_response", request_id: "u1", success: true, model_handle: "llama.cpp/fake-model-b", model_settings: { context_window_limit: 32000 } });
    await h.waitFor("the new model", (s) => (lines(s).at(-1) ?? "").includes("llama.cpp/fake-model-b"));
  });
});
