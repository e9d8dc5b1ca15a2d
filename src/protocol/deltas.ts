import { z } from "zod";

// Stream deltas (PROTOCOL §4.1). Every schema is loose: the server adds fields between
// releases and we must keep rendering what we know.

const textPart = z.looseObject({ type: z.string(), text: z.string().optional() });
export const MessageContentSchema = z.union([z.string(), z.array(textPart)]);

const base = {
  id: z.string().optional(),
  date: z.string().optional(),
  run_id: z.string().nullable().optional(),
  otid: z.string().nullable().optional(),
  seq_id: z.number().nullable().optional(),
};

const ToolCallChunkSchema = z.looseObject({
  tool_call_id: z.string().optional(),
  name: z.string().nullable().optional(),
  arguments: z.string().nullable().optional(),
});
export type ToolCallChunk = z.infer<typeof ToolCallChunkSchema>;

const ToolReturnSchema = z.looseObject({
  tool_call_id: z.string(),
  status: z.string().optional(),
  tool_return: z.unknown().optional(),
  stdout: z.array(z.string()).nullable().optional(),
  stderr: z.array(z.string()).nullable().optional(),
});
export type ToolReturn = z.infer<typeof ToolReturnSchema>;

export const AssistantMessageDelta = z.looseObject({
  ...base,
  message_type: z.literal("assistant_message"),
  content: MessageContentSchema.optional(),
});
export const ReasoningMessageDelta = z.looseObject({
  ...base,
  message_type: z.literal("reasoning_message"),
  reasoning: z.string().optional(),
});
export const HiddenReasoningDelta = z.looseObject({
  ...base,
  message_type: z.literal("hidden_reasoning_message"),
  state: z.string().optional(),
});
export const ToolCallDelta = z.looseObject({
  ...base,
  message_type: z.enum(["approval_request_message", "tool_call_message"]),
  tool_call: ToolCallChunkSchema.nullable().optional(),
  tool_calls: z.array(ToolCallChunkSchema).nullable().optional(),
});
export const ToolReturnDelta = z.looseObject({
  ...base,
  message_type: z.literal("tool_return_message"),
  tool_call_id: z.string().optional(),
  status: z.string().optional(),
  tool_return: z.unknown().optional(),
  tool_returns: z.array(ToolReturnSchema).nullable().optional(),
});
export const UserMessageDelta = z.looseObject({
  ...base,
  message_type: z.literal("user_message"),
  content: MessageContentSchema.optional(),
});
export const StopReasonDelta = z.looseObject({
  ...base,
  message_type: z.literal("stop_reason"),
  stop_reason: z.string(),
});
export const UsageStatisticsDelta = z.looseObject({
  ...base,
  message_type: z.literal("usage_statistics"),
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
});
export const ErrorMessageDelta = z.looseObject({
  ...base,
  message_type: z.literal("error_message"),
  message: z.string().optional(),
  error_type: z.string().optional(),
  detail: z.string().nullable().optional(),
});
export const ClassificationEndDelta = z.looseObject({
  ...base,
  message_type: z.literal("approval_classification_end"),
  auto_allowed_tool_call_ids: z.array(z.string()).default([]),
  auto_denied_tool_call_ids: z.array(z.string()).default([]),
  user_input_tool_call_ids: z.array(z.string()).default([]),
});
export const ClientToolStartDelta = z.looseObject({
  ...base,
  message_type: z.literal("client_tool_start"),
  tool_call_id: z.string(),
  tool_name: z.string().optional(),
  tool_args: z.string().optional(),
});
export const ClientToolEndDelta = z.looseObject({
  ...base,
  message_type: z.literal("client_tool_end"),
  tool_call_id: z.string(),
  status: z.string().optional(),
});
export const StatusDelta = z.looseObject({
  ...base,
  message_type: z.literal("status"),
  message: z.string(),
  level: z.string().optional(),
});
export const RetryDelta = z.looseObject({
  ...base,
  message_type: z.literal("retry"),
  message: z.string().optional(),
  attempt: z.number().optional(),
  max_attempts: z.number().optional(),
  delay_ms: z.number().optional(),
});
export const LoopErrorDelta = z.looseObject({
  ...base,
  message_type: z.literal("loop_error"),
  message: z.string(),
  stop_reason: z.string().optional(),
  is_terminal: z.boolean().optional(),
});

export const KnownDeltaSchema = z.discriminatedUnion("message_type", [
  AssistantMessageDelta,
  ReasoningMessageDelta,
  HiddenReasoningDelta,
  ToolCallDelta,
  ToolReturnDelta,
  UserMessageDelta,
  StopReasonDelta,
  UsageStatisticsDelta,
  ErrorMessageDelta,
  ClassificationEndDelta,
  ClientToolStartDelta,
  ClientToolEndDelta,
  StatusDelta,
  RetryDelta,
  LoopErrorDelta,
]);
export type KnownDelta = z.infer<typeof KnownDeltaSchema>;

/** A delta we could not recognise: kept whole so the debug view can show it. */
export interface UnknownDelta {
  message_type: "unknown";
  original_type: string;
  raw: Record<string, unknown>;
}
export type Delta = KnownDelta | UnknownDelta;

/** Never throws: unknown or malformed deltas become an `UnknownDelta`. */
export function parseDelta(raw: unknown): Delta {
  const parsed = KnownDeltaSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const obj = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const type = typeof obj.message_type === "string" ? obj.message_type : "(no message_type)";
  return { message_type: "unknown", original_type: type, raw: obj };
}

/** Text of a content field that may be a string or an array of text parts. */
export function contentText(content: z.infer<typeof MessageContentSchema> | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? "").join("");
}
