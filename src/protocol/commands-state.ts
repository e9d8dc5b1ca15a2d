import { z } from "zod";
import { AgentRuntimeScopeSchema, PermissionModeSchema, RuntimeScopeSchema } from "./runtime.js";

// Commands that change a runtime's queue, device state or model (PROTOCOL §3.7–3.9, §3.11).

/** [0.32] Release the items abort_message paused, without sending a new message. */
export const ResumeQueueCommand = z.strictObject({
  type: z.literal("resume_queue"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
});
export type ResumeQueueCommand = z.infer<typeof ResumeQueueCommand>;

export const RemoveQueueItemCommand = z.strictObject({
  type: z.literal("remove_queue_item"),
  request_id: z.string(),
  runtime: AgentRuntimeScopeSchema,
  // QueueItem.id, not its client_message_id.
  item_id: z.string(),
});
export type RemoveQueueItemCommand = z.infer<typeof RemoveQueueItemCommand>;

/**
 * Permission mode and cwd. The server never answers; confirmation is the next
 * update_device_status. It would accept legacy mode aliases, but we send only canonical names.
 * `request_id` is not in the protocol: the server ignores it (0.32.18 only logs it), and it
 * keeps every Command correlatable in our transport log.
 */
export const ChangeDeviceStateCommand = z.strictObject({
  type: z.literal("change_device_state"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  payload: z.strictObject({
    mode: PermissionModeSchema.optional(),
    // Absolute, or relative to the current cwd; must be a directory.
    cwd: z.string().optional(),
    // Override the target scope; rarely needed.
    agent_id: z.string().nullable().optional(),
    conversation_id: z.string().nullable().optional(),
  }),
});
export type ChangeDeviceStateCommand = z.infer<typeof ChangeDeviceStateCommand>;

export const ListModelsCommand = z.strictObject({
  type: z.literal("list_models"),
  request_id: z.string(),
  // Bypass the server's cache (a user-initiated refresh).
  force: z.boolean().optional(),
});
export type ListModelsCommand = z.infer<typeof ListModelsCommand>;

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
// null restores the provider default.
const reasoningEffort = z.enum(REASONING_EFFORTS).nullable().optional();

/** The server needs a model_id (catalog id, e.g. "sonnet") or a model_handle, or both. */
export const UpdateModelPayload = z.union([
  z.strictObject({ model_id: z.string(), model_handle: z.string().optional(), reasoning_effort: reasoningEffort }),
  z.strictObject({ model_handle: z.string(), reasoning_effort: reasoningEffort }),
]);
export const UpdateModelCommand = z.strictObject({
  type: z.literal("update_model"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  payload: UpdateModelPayload,
});
export type UpdateModelCommand = z.infer<typeof UpdateModelCommand>;

/** A remote slash command; valid ids are in device_status.supported_commands / mod_commands. */
export const ExecuteCommandCommand = z.strictObject({
  type: z.literal("execute_command"),
  request_id: z.string(),
  command_id: z.string(),
  runtime: AgentRuntimeScopeSchema,
  // Everything after the command name, e.g. "all" for "/compact all".
  args: z.string().optional(),
});
export type ExecuteCommandCommand = z.infer<typeof ExecuteCommandCommand>;
