import { z } from "zod";

// Agent and conversation queries (PROTOCOL §3.10). The server forwards `query` to the Letta
// API; strict here so a misspelt parameter fails in our code instead of being ignored there.

const order = z.enum(["asc", "desc"]);

export const AgentListCommand = z.strictObject({
  type: z.literal("agent_list"),
  request_id: z.string(),
  query: z
    .strictObject({
      limit: z.number().optional(),
      order: order.optional(),
      order_by: z.string().optional(),
      before: z.string().optional(),
      after: z.string().optional(),
      name: z.string().optional(),
    })
    .optional(),
});
export type AgentListCommand = z.infer<typeof AgentListCommand>;

export const ConversationListCommand = z.strictObject({
  type: z.literal("conversation_list"),
  request_id: z.string(),
  query: z
    .strictObject({
      agent_id: z.string().optional(),
      limit: z.number().optional(),
      order: order.optional(),
      order_by: z.string().optional(),
      after: z.string().optional(),
    })
    .optional(),
});
export type ConversationListCommand = z.infer<typeof ConversationListCommand>;

/** The only way to backfill a transcript: `sync` replays state, never messages. */
export const ConversationMessagesListCommand = z.strictObject({
  type: z.literal("conversation_messages_list"),
  request_id: z.string(),
  conversation_id: z.string(),
  query: z
    .strictObject({
      // Server defaults: 50, "desc".
      limit: z.number().int().positive().optional(),
      order: order.optional(),
      // Page older with before = the previous response's next_before.
      before: z.string().optional(),
      after: z.string().optional(),
      // For an agent's "default" conversation the Letta API may need the agent.
      agent_id: z.string().optional(),
      include_return_message_types: z.array(z.string()).optional(),
    })
    .optional(),
});
export type ConversationMessagesListCommand = z.infer<typeof ConversationMessagesListCommand>;

/** One conversation, with its title (`summary`) and `context_window_limit`. */
export const ConversationRetrieveCommand = z.strictObject({
  type: z.literal("conversation_retrieve"),
  request_id: z.string(),
  conversation_id: z.string(),
});
export type ConversationRetrieveCommand = z.infer<typeof ConversationRetrieveCommand>;

/** A new, empty conversation of the agent; runtime_start then attaches to it (/new). */
export const ConversationCreateCommand = z.strictObject({
  type: z.literal("conversation_create"),
  request_id: z.string(),
  body: z.strictObject({ agent_id: z.string(), summary: z.string().optional() }),
});
export type ConversationCreateCommand = z.infer<typeof ConversationCreateCommand>;

/** Rename: `summary` is the title pickers show. 0.32.18 refuses to update the "default" conversation. */
export const ConversationUpdateCommand = z.strictObject({
  type: z.literal("conversation_update"),
  request_id: z.string(),
  conversation_id: z.string(),
  body: z.strictObject({ summary: z.string() }),
});
export type ConversationUpdateCommand = z.infer<typeof ConversationUpdateCommand>;

/**
 * A copy of the conversation; with `message_id` it keeps the messages up to and including that
 * one (under new ids). Forking "default" needs `agent_id` (0.32.18: "Conversation default not
 * found" without it).
 */
export const ConversationForkCommand = z.strictObject({
  type: z.literal("conversation_fork"),
  request_id: z.string(),
  conversation_id: z.string(),
  body: z.strictObject({ message_id: z.string().optional(), agent_id: z.string().optional(), hidden: z.boolean().optional() }).optional(),
});
export type ConversationForkCommand = z.infer<typeof ConversationForkCommand>;
