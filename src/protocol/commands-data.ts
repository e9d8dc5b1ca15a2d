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
