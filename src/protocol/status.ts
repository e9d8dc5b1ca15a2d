import { z } from "zod";
import { ControlRequestBodySchema } from "./approval.js";
import { envelope } from "./wire.js";

// Runtime state snapshots (PROTOCOL §4.2–4.6). The update_* frames are coalesced snapshots:
// replace, never count transitions. Enumerations stay strings so a new server value is shown,
// not rejected.

export const LoopStatusSchema = z.looseObject({
  status: z.string(),
  active_run_ids: z.array(z.string()).optional(),
  // [0.30.28] Which of our client_message_ids each recent run consumed.
  client_message_ids_by_run_id: z.record(z.string(), z.array(z.string())).optional(),
  // Authoritative only while status is EXECUTING_CLIENT_SIDE_TOOL; empty otherwise.
  executing_tool_call_ids: z.array(z.string()).optional(),
});
export type LoopStatus = z.infer<typeof LoopStatusSchema>;
export const UpdateLoopStatus = z.looseObject({
  ...envelope,
  type: z.literal("update_loop_status"),
  loop_status: LoopStatusSchema,
});

export const PendingControlRequestSchema = z.looseObject({
  request_id: z.string(),
  // Reconciliation needs only the id: an unreadable body must not cost us the whole snapshot.
  request: ControlRequestBodySchema.optional().catch(undefined),
});

export const ToolsetOptionSchema = z.looseObject({
  id: z.string(),
  display_name: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  is_featured: z.boolean().optional(),
});

/** `kind` is bash, agent_task or monitor; their other fields differ and pass through. */
export const BackgroundProcessSchema = z.looseObject({
  process_id: z.string(),
  kind: z.string(),
  status: z.string().optional(),
  command: z.string().optional(),
  description: z.string().optional(),
  started_at_ms: z.number().nullable().optional(),
  exit_code: z.number().nullable().optional(),
});

/** A skill the agent can load; `source`: "bundled" | "global" | "agent" | "project" on 0.32.18. */
export const AvailableSkillSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  // Its SKILL.md (for a global skill: through the link in ~/.letta/skills).
  path: z.string().optional(),
  source: z.string().optional(),
});
export type AvailableSkill = z.infer<typeof AvailableSkillSchema>;

export const ModCommandSchema = z.looseObject({
  id: z.string(),
  description: z.string().optional(),
  args: z.string().optional(),
});

/** The status line of one runtime (§4.3). `current_connection_id` names the server, not us. */
export const DeviceStatusSchema = z.looseObject({
  current_connection_id: z.string().nullable().optional(),
  connection_name: z.string().nullable().optional(),
  is_online: z.boolean().optional(),
  is_processing: z.boolean().optional(),
  current_permission_mode: z.string().nullable().optional(),
  current_working_directory: z.string().nullable().optional(),
  // Bumped also when a cwd change is rejected, so a stale request can be recognised.
  cwd_revision: z.number().optional(),
  git_context: z
    .looseObject({ branch: z.string().nullable().optional(), recent_branches: z.array(z.string()).optional() })
    .nullable()
    .optional(),
  letta_code_version: z.string().nullable().optional(),
  current_toolset: z.string().nullable().optional(),
  current_toolset_preference: z.string().nullable().optional(),
  available_toolsets: z.array(ToolsetOptionSchema).optional(),
  current_loaded_tools: z.array(z.string()).optional(),
  current_available_skills: z.array(AvailableSkillSchema).optional(),
  background_processes: z.array(BackgroundProcessSchema).optional(),
  // The authoritative list of open prompts: cards missing here were answered or cancelled.
  pending_control_requests: z.array(PendingControlRequestSchema).optional(),
  memory_directory: z.string().nullable().optional(),
  should_doctor: z.boolean().optional(),
  // Command ids that `execute_command` accepts; mod commands are listed separately.
  supported_commands: z.array(z.string()).optional(),
  mod_commands: z.array(ModCommandSchema).optional(),
  // Only in unscoped snapshots; `get_cwd_map` is the reliable source.
  cwd_map: z.record(z.string(), z.string()).optional(),
  boot_working_directory: z.string().nullable().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
export const UpdateDeviceStatus = z.looseObject({
  ...envelope,
  type: z.literal("update_device_status"),
  device_status: DeviceStatusSchema,
});

export const QueueItemSchema = z.looseObject({
  id: z.string(),
  client_message_id: z.string().nullable().optional(),
  kind: z.string().optional(),
  source: z.string().optional(),
  content: z.unknown().optional(),
  enqueued_at: z.string().optional(),
  // [0.32] Parked by abort_message; released by resume_queue or the next input.
  paused: z.boolean().optional(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

/** [0.30.19] `dequeued`: became (part of) a turn; `cancelled`: removed or dropped. */
export const QueueRemovalSchema = z.looseObject({
  client_message_id: z.string().nullable().optional(),
  disposition: z.string().optional(),
});
export type QueueRemoval = z.infer<typeof QueueRemovalSchema>;
export const UpdateQueue = z.looseObject({
  ...envelope,
  type: z.literal("update_queue"),
  queue: z.array(QueueItemSchema),
  // Unlike `queue`, a delta list since the previous frame; absent on legacy servers.
  removed: z.array(QueueRemovalSchema).optional(),
});

export const SubagentSnapshotSchema = z.looseObject({
  subagent_id: z.string(),
  subagent_type: z.string().optional(),
  description: z.string().optional(),
  prompt: z.string().optional(),
  status: z.string().optional(),
  agent_url: z.string().nullable().optional(),
  conversation_id: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  is_background: z.boolean().optional(),
  // Silent subagents are not streamed.
  silent: z.boolean().optional(),
  // The parent's Task call, to hang the subagent under its row.
  tool_call_id: z.string().nullable().optional(),
  parent_agent_id: z.string().nullable().optional(),
  parent_conversation_id: z.string().nullable().optional(),
  start_time: z.number().optional(),
  tool_calls: z.array(z.looseObject({ id: z.string(), name: z.string().optional(), args: z.string().optional() })).optional(),
  total_tokens: z.number().optional(),
  duration_ms: z.number().optional(),
  error: z.string().nullable().optional(),
});
export type SubagentSnapshot = z.infer<typeof SubagentSnapshotSchema>;
export const UpdateSubagentState = z.looseObject({
  ...envelope,
  type: z.literal("update_subagent_state"),
  subagents: z.array(SubagentSnapshotSchema),
});

export const TurnUsageSchema = z.looseObject({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
  step_count: z.number().optional(),
  cached_input_tokens: z.number().nullable().optional(),
  cache_write_tokens: z.number().nullable().optional(),
  reasoning_tokens: z.number().nullable().optional(),
  context_tokens: z.number().nullable().optional(),
});
export type TurnUsage = z.infer<typeof TurnUsageSchema>;

/** One per turn, including turns we did not start. A pause for approval is not a finish. */
export const TurnFinished = z.looseObject({
  ...envelope,
  type: z.literal("turn_finished"),
  turn_id: z.string().optional(),
  stop_reason: z.string().optional(),
  run_id: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  // Sent only for headless (execution_settings) runtimes.
  usage: TurnUsageSchema.optional(),
});
