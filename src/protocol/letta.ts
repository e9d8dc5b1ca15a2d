import { z } from "zod";

// Letta messages (PROTOCOL §4.1.1): the backend's SSE chunks, forwarded raw inside stream_delta,
// and the same shapes as whole messages in conversation_messages_list_response. Every schema is
// loose: the server adds fields between releases and we must keep rendering what we know.

// Parts are loose because history adds image parts ({type:"image", source}) next to text.
const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
export const MessageContentSchema = z.union([z.string(), z.array(contentPart)]);
export type MessageContent = z.infer<typeof MessageContentSchema>;

/** Fields every Letta message may carry; also used by the lifecycle deltas. */
export const messageBase = {
  id: z.string().optional(),
  date: z.string().optional(),
  run_id: z.string().nullable().optional(),
  otid: z.string().nullable().optional(),
  seq_id: z.number().nullable().optional(),
  step_id: z.string().nullable().optional(),
  sender_id: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  is_err: z.boolean().nullable().optional(),
  // A subagent's deltas name its own agent and conversation, not the parent runtime's.
  agent_id: z.string().nullable().optional(),
  conversation_id: z.string().nullable().optional(),
};

export const ToolCallChunkSchema = z.looseObject({
  tool_call_id: z.string().optional(),
  name: z.string().nullable().optional(),
  arguments: z.string().nullable().optional(),
});
export type ToolCallChunk = z.infer<typeof ToolCallChunkSchema>;

// stdout/stderr are line arrays; streaming frames carry the cumulative (tail-capped) output.
const outputLines = z.array(z.string()).nullable().optional();

export const ToolReturnSchema = z.looseObject({
  tool_call_id: z.string(),
  status: z.string().optional(),
  tool_return: z.unknown().optional(),
  stdout: outputLines,
  stderr: outputLines,
});
export type ToolReturn = z.infer<typeof ToolReturnSchema>;

export const AssistantMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("assistant_message"),
  content: MessageContentSchema.optional(),
});
export const ReasoningMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("reasoning_message"),
  reasoning: z.string().optional(),
  source: z.string().nullable().optional(),
  signature: z.string().nullable().optional(),
});
export const HiddenReasoningDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("hidden_reasoning_message"),
  state: z.string().optional(),
  hidden_reasoning: z.string().nullable().optional(),
});
export const ToolCallDelta = z.looseObject({
  ...messageBase,
  message_type: z.enum(["approval_request_message", "tool_call_message"]),
  tool_call: ToolCallChunkSchema.nullable().optional(),
  tool_calls: z.array(ToolCallChunkSchema).nullable().optional(),
});
export const ToolReturnDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("tool_return_message"),
  // Top-level fields only on synthetic (server-made) returns; backend ones use tool_returns[].
  tool_call_id: z.string().optional(),
  status: z.string().optional(),
  tool_return: z.unknown().optional(),
  stdout: outputLines,
  stderr: outputLines,
  tool_returns: z.array(ToolReturnSchema).nullable().optional(),
});
export const UserMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("user_message"),
  content: MessageContentSchema.optional(),
});
export const SystemMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("system_message"),
  content: MessageContentSchema.optional(),
});
/** The answer to an approval as the backend records it; approval cards do not depend on it. */
export const ApprovalResponseMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("approval_response_message"),
  approvals: z.array(z.looseObject({ tool_call_id: z.string().optional() })).nullable().optional(),
  approve: z.boolean().nullable().optional(),
  approval_request_id: z.string().nullable().optional(),
  reason: z.string().nullable().optional(),
});
export const StopReasonDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("stop_reason"),
  stop_reason: z.string(),
});
export const UsageStatisticsDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("usage_statistics"),
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
  step_count: z.number().optional(),
  run_ids: z.array(z.string()).nullable().optional(),
  cached_input_tokens: z.number().nullable().optional(),
  cache_write_tokens: z.number().nullable().optional(),
  reasoning_tokens: z.number().nullable().optional(),
  context_tokens: z.number().nullable().optional(),
});
export const ErrorMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("error_message"),
  message: z.string().optional(),
  error_type: z.string().optional(),
  detail: z.string().nullable().optional(),
});
// PROTOCOL.md names these `event` and `summary`; 0.32.18 emits `event_message` and
// `summary_message` (the Letta names). Both spellings are accepted.
export const EventMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.enum(["event_message", "event"]),
  event_type: z.string().optional(),
  event_data: z.record(z.string(), z.unknown()).nullable().optional(),
});
export const SummaryMessageDelta = z.looseObject({
  ...messageBase,
  message_type: z.enum(["summary_message", "summary"]),
  summary: z.string().optional(),
  compaction_stats: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const LettaMessageDeltas = [
  AssistantMessageDelta,
  ReasoningMessageDelta,
  HiddenReasoningDelta,
  ToolCallDelta,
  ToolReturnDelta,
  UserMessageDelta,
  SystemMessageDelta,
  ApprovalResponseMessageDelta,
  StopReasonDelta,
  UsageStatisticsDelta,
  ErrorMessageDelta,
  EventMessageDelta,
  SummaryMessageDelta,
] as const;

/**
 * One stored message of a history page. Deliberately looser than the deltas (any
 * message_type) so one odd message cannot reject a whole page; run `parseDelta` on it to get
 * the typed form.
 */
export const LettaMessageSchema = z.looseObject({
  ...messageBase,
  id: z.string(),
  message_type: z.string(),
  content: MessageContentSchema.optional(),
  reasoning: z.string().optional(),
  tool_call: ToolCallChunkSchema.nullable().optional(),
  tool_calls: z.array(ToolCallChunkSchema).nullable().optional(),
  tool_call_id: z.string().optional(),
  status: z.string().optional(),
  tool_return: z.unknown().optional(),
  tool_returns: z.array(ToolReturnSchema).nullable().optional(),
  stdout: outputLines,
  stderr: outputLines,
  summary: z.string().optional(),
});
export type LettaMessage = z.infer<typeof LettaMessageSchema>;
