import { z } from "zod";
import { LettaMessageSchema } from "./letta.js";
import { AgentSchema, ConversationSchema, response } from "./wire.js";

// Responses of the conversation and agent commands (PROTOCOL §3.10): Letta API objects the
// server forwards, for pickers and history backfill.

export const AgentListResponse = z.looseObject({
  ...response,
  type: z.literal("agent_list_response"),
  agents: z.array(AgentSchema).optional(),
});
export const AgentRetrieveResponse = z.looseObject({
  ...response,
  type: z.literal("agent_retrieve_response"),
  agent: AgentSchema.nullable().optional(),
});
export const AgentUpdateResponse = z.looseObject({
  ...response,
  type: z.literal("agent_update_response"),
  agent: AgentSchema.nullable().optional(),
});

export const ConversationListResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_list_response"),
  conversations: z.array(ConversationSchema).default([]),
});
export const ConversationRetrieveResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_retrieve_response"),
  conversation: ConversationSchema.nullable().optional(),
});
export const ConversationCreateResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_create_response"),
  conversation: ConversationSchema.nullable().optional(),
});
export const ConversationUpdateResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_update_response"),
  conversation: ConversationSchema.nullable().optional(),
});
/** Only the new conversation's id comes back. */
export const ConversationForkResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_fork_response"),
  conversation: z.looseObject({ id: z.string() }).nullable().optional(),
});
export const ConversationCompactResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_compact_response"),
  compaction: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * One page of history, newest first with the default `order:"desc"`. Page older with
 * `query.before = next_before` while `has_more`.
 */
export const ConversationMessagesListResponse = z.looseObject({
  ...response,
  type: z.literal("conversation_messages_list_response"),
  messages: z.array(LettaMessageSchema).default([]),
  next_before: z.string().nullable().optional(),
  has_more: z.boolean().optional(),
});
export type ConversationMessagesPage = z.infer<typeof ConversationMessagesListResponse>;

export const DataResponses = [
  AgentListResponse,
  AgentRetrieveResponse,
  AgentUpdateResponse,
  ConversationListResponse,
  ConversationRetrieveResponse,
  ConversationCreateResponse,
  ConversationUpdateResponse,
  ConversationForkResponse,
  ConversationCompactResponse,
  ConversationMessagesListResponse,
] as const;
