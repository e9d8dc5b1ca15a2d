import { z } from "zod";
import { RuntimeScopeSchema } from "./runtime.js";

// Field groups shared by the server frame schemas (PROTOCOL §2.1).

/** Enveloped events: sent through the per-connection outbound queue, always runtime-scoped. */
export const envelope = {
  runtime: RuntimeScopeSchema,
  event_seq: z.number().optional(),
  emitted_at: z.string().optional(),
  idempotency_key: z.string().optional(),
};

/** Frames the server sends either enveloped (runtime-scoped) or directly, depending on origin. */
export const maybeEnvelope = {
  runtime: RuntimeScopeSchema.nullable().optional(),
  event_seq: z.number().optional(),
  emitted_at: z.string().optional(),
  idempotency_key: z.string().optional(),
};

/** Direct responses: no envelope, correlated by `request_id` (and `type`). */
export const response = {
  request_id: z.string(),
  success: z.boolean().optional(),
  error: z.string().nullable().optional(),
};

/** A runtime echoed in a response; null on some failures. */
export const echoedRuntime = RuntimeScopeSchema.nullable().optional();

/**
 * Letta API objects (agents, conversations) are large and versioned by the backend; we type the
 * few fields a picker or status line reads and pass the rest through.
 */
/** A model's settings as the server applied them (update_model, a conversation's override). */
export const ModelSettingsSchema = z.looseObject({
  context_window_limit: z.number().nullable().optional(),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;

export const AgentSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  // The agent's own window: the status line's last resort for the context figure.
  llm_config: z.looseObject({ context_window: z.number().nullable().optional() }).nullable().optional(),
  last_run_completion: z.string().nullable().optional(),
});
export type Agent = z.infer<typeof AgentSchema>;

export const ConversationSchema = z.looseObject({
  id: z.string().optional(),
  agent_id: z.string().nullable().optional(),
  // The title shown in pickers.
  summary: z.string().nullable().optional(),
  archived: z.boolean().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  last_message_at: z.string().nullable().optional(),
  // Set once the conversation has its own model (update_model) or limit (/context-limit).
  model: z.string().nullable().optional(),
  model_settings: ModelSettingsSchema.nullable().optional(),
  context_window_limit: z.number().nullable().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;
