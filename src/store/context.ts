import type { Delta } from "../protocol/deltas.js";
import type { Conversation, ModelSettings } from "../protocol/wire.js";
import type { ModelCatalog } from "./models.js";
import type { RuntimeState } from "./state.js";

// Which model a runtime uses and how full its context is, for the status line. 0.32.18 sends
// no such field in device status: the figures are spread over runtime_start, update_model,
// conversations, usage_statistics deltas and a few lines of prose (SURFACE.md), read here.

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined);
const conversationWindow = (c: Conversation): number | undefined => num(c.context_window_limit) ?? num(c.model_settings?.context_window_limit);

/** runtime_start: the conversation's own model and limit, else the agent's. */
export function startedWith(rt: RuntimeState, agent: { model?: string | null | undefined; llm_config?: { context_window?: number | null | undefined } | null | undefined } | null | undefined, conversation: Conversation | null | undefined): RuntimeState {
  const model = conversation?.model ?? agent?.model ?? rt.model;
  const windows = {
    ...rt.windows,
    ...(conversation ? { conversation: conversationWindow(conversation) } : {}),
    ...(agent ? { agent: num(agent.llm_config?.context_window) } : {}),
  };
  return { ...rt, ...(model ? { model } : {}), windows };
}

/**
 * update_model took: the new handle, and its settings' window. The conversation's old limit
 * belonged to the old model (the server sets a new one with the model), so it is dropped.
 */
export function modelApplied(rt: RuntimeState, handle: string | undefined, settings: ModelSettings | null | undefined): RuntimeState {
  if (!handle) return rt;
  return { ...rt, model: handle, windows: { agent: rt.windows?.agent, settings: num(settings?.context_window_limit) } };
}

/** A conversation object the server sent (retrieve, update): its model and limit are the truth for runtimes on it. */
export function conversationSeen(rt: RuntimeState, c: Conversation): RuntimeState {
  if (!c.id || c.id !== rt.scope.conversation_id) return rt;
  return { ...rt, ...(c.model ? { model: c.model } : {}), windows: { ...rt.windows, conversation: conversationWindow(c) } };
}

/** "Model updated to fake-model-b (High)." — the label, without the effort. */
const MODEL_UPDATED = /^Model updated to (.+?)\.(?:\s|$)/;
/** "Current conversation max context set to 64,000 tokens." */
const LIMIT_SET = /([\d,]+) tokens/;

/**
 * What a delta of the runtime's own stream says about its context: the tokens of the last call,
 * what a compaction left, a new limit (/context-limit, from anyone), a new model (update_model,
 * from anyone: the status delta is all another client's switch shows us). `catalog` turns the
 * status's label back into a handle.
 */
export function noteContext(rt: RuntimeState, d: Delta, catalog: ModelCatalog | undefined): RuntimeState {
  switch (d.message_type) {
    case "usage_statistics": {
      const tokens = d.context_tokens;
      return typeof tokens === "number" && Number.isFinite(tokens) && tokens >= 0 ? { ...rt, contextTokens: tokens } : rt;
    }
    case "summary_message":
    case "summary": {
      const after = d.compaction_stats?.["context_tokens_after"];
      return typeof after === "number" && Number.isFinite(after) && after >= 0 ? { ...rt, contextTokens: after } : rt;
    }
    case "slash_command_end": {
      if (d.success === false) return rt;
      // /compact says how many messages, not how many tokens: the old figure is wrong, and unknown until the next call.
      if (d.command_id === "compact") return { ...rt, contextTokens: undefined };
      if (d.command_id !== "context-limit") return rt;
      // The new limit comes only as prose; without a number the figure waits for the next conversation read.
      const limit = num(Number(LIMIT_SET.exec(d.output ?? "")?.[1]?.replace(/,/g, "")));
      return limit ? { ...rt, windows: { ...rt.windows, conversation: limit } } : rt;
    }
    case "status": {
      const label = MODEL_UPDATED.exec(d.message)?.[1]?.replace(/\s\([^)]*\)$/, "");
      if (!label) return rt;
      const entry = catalog?.entries.find((e) => e.label === label || e.id === label || e.handle === label);
      const handle = entry?.handle ?? label;
      // Already known (our own switch, whose response may come first): keep the settings it gave.
      if (handle === rt.model) return rt;
      return { ...rt, model: handle, windows: { agent: rt.windows?.agent } };
    }
    default:
      return rt;
  }
}
