import { z } from "zod";
import { messageBase } from "./letta.js";

// Letta Code lifecycle deltas (PROTOCOL §4.1.2): made by the harness, not the backend, so they
// have no `type:"message"`. Loose for the same reason as the Letta messages.

export const ClassificationEndDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("approval_classification_end"),
  auto_allowed_tool_call_ids: z.array(z.string()).default([]),
  auto_denied_tool_call_ids: z.array(z.string()).default([]),
  user_input_tool_call_ids: z.array(z.string()).default([]),
});
export const ClientToolStartDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("client_tool_start"),
  tool_call_id: z.string(),
  tool_name: z.string().optional(),
  tool_args: z.string().optional(),
});
export const ClientToolEndDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("client_tool_end"),
  tool_call_id: z.string(),
  status: z.string().optional(),
});
export const StatusDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("status"),
  message: z.string(),
  level: z.string().optional(),
});
export const RetryDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("retry"),
  message: z.string().optional(),
  reason: z.string().optional(),
  attempt: z.number().optional(),
  max_attempts: z.number().optional(),
  delay_ms: z.number().optional(),
  // A string, not an enum: an unknown retry kind must not hide the retry notice.
  retry_kind: z.string().optional(),
  provider: z.string().optional(),
  from_transport: z.string().nullable().optional(),
  to_transport: z.string().nullable().optional(),
  error_code: z.string().nullable().optional(),
});
export const LoopErrorDelta = z.looseObject({
  ...messageBase,
  message_type: z.literal("loop_error"),
  message: z.string(),
  stop_reason: z.string().optional(),
  is_terminal: z.boolean().optional(),
  // The backend error_message behind it; loose so an odd one cannot hide the loop error.
  api_error: z
    .looseObject({ message: z.string().optional(), error_type: z.string().optional(), detail: z.string().nullable().optional() })
    .nullable()
    .optional(),
});

const commandStart = { command_id: z.string(), input: z.string() };
const commandEnd = { ...commandStart, output: z.string().optional(), success: z.boolean().optional() };

/** `execute_command` progress; `input` is the whole line, e.g. "/compact all". */
export const SlashCommandStartDelta = z.looseObject({
  ...messageBase,
  ...commandStart,
  message_type: z.literal("slash_command_start"),
});
export const SlashCommandEndDelta = z.looseObject({
  ...messageBase,
  ...commandEnd,
  message_type: z.literal("slash_command_end"),
});
/** Defined by the protocol but not emitted by the 0.32.18 listener. */
export const CommandStartDelta = z.looseObject({
  ...messageBase,
  ...commandStart,
  message_type: z.literal("command_start"),
});
export const CommandEndDelta = z.looseObject({
  ...messageBase,
  ...commandEnd,
  message_type: z.literal("command_end"),
  dim_output: z.boolean().optional(),
  preformatted: z.boolean().optional(),
});

export const LifecycleDeltas = [
  ClassificationEndDelta,
  ClientToolStartDelta,
  ClientToolEndDelta,
  StatusDelta,
  RetryDelta,
  LoopErrorDelta,
  SlashCommandStartDelta,
  SlashCommandEndDelta,
  CommandStartDelta,
  CommandEndDelta,
] as const;
