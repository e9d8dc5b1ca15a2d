import { z } from "zod";
import { AgentSchema, ConversationSchema, echoedRuntime, ModelSettingsSchema, response } from "./wire.js";

// Direct responses to runtime and device commands (PROTOCOL §3.1–3.9, §3.11). No envelope;
// correlated by request_id + type. Failures are success:false with `error`.

export const AppServerInfoResponse = z.looseObject({
  ...response,
  type: z.literal("app_server_info_response"),
  backend: z.string().optional(),
  letta_code_version: z.string().optional(),
  protocol_version: z.number().optional(),
  // Optional keys are absent on older servers, so the record stays open.
  capabilities: z.record(z.string(), z.unknown()).optional(),
});
export type AppServerInfo = z.infer<typeof AppServerInfoResponse>;

export const RuntimeStartResponse = z.looseObject({
  ...response,
  type: z.literal("runtime_start_response"),
  runtime: echoedRuntime,
  agent: AgentSchema.nullable().optional(),
  // Synthesized by the server for the "default" conversation.
  conversation: ConversationSchema.nullable().optional(),
  created: z.looseObject({ agent: z.boolean().optional(), conversation: z.boolean().optional() }).optional(),
});
export type RuntimeStartResult = z.infer<typeof RuntimeStartResponse>;

export const InputAccepted = z.looseObject({
  type: z.literal("input_accepted"),
  request_id: z.string(),
  runtime: echoedRuntime,
  accepted: z.boolean(),
  // "started" or "queued".
  disposition: z.string().optional(),
  error: z.string().nullable().optional(),
});
export type InputAcceptedFrame = z.infer<typeof InputAccepted>;

export const SyncResponse = z.looseObject({
  ...response,
  type: z.literal("sync_response"),
  runtime: echoedRuntime,
});
export const AbortMessageResponse = z.looseObject({
  ...response,
  type: z.literal("abort_message_response"),
  runtime: echoedRuntime,
  // false with success:true: nothing was running, or run_id did not match.
  aborted: z.boolean().optional(),
});

export const ResumeQueueResponse = z.looseObject({
  ...response,
  type: z.literal("resume_queue_response"),
  runtime: echoedRuntime,
  resumed: z.number().optional(),
});
/** success:false when the item was not found; an update_queue follows either way. */
export const RemoveQueueItemResponse = z.looseObject({
  ...response,
  type: z.literal("remove_queue_item_response"),
  item_id: z.string().optional(),
});

export const ModelEntrySchema = z.looseObject({
  id: z.string(),
  handle: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  isDefault: z.boolean().optional(),
  isFeatured: z.boolean().optional(),
  free: z.boolean().optional(),
  updateArgs: z.record(z.string(), z.unknown()).optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export const ListModelsResponse = z.looseObject({
  ...response,
  type: z.literal("list_models_response"),
  entries: z.array(ModelEntrySchema).default([]),
  // null: the lookup failed; absent: an older server.
  available_handles: z.array(z.string()).nullable().optional(),
  byok_provider_aliases: z.record(z.string(), z.string()).optional(),
});
// Named for the store, which keeps the last list (src/store/models.ts).
export type ListModelsResult = z.infer<typeof ListModelsResponse>;
export const UpdateModelResponse = z.looseObject({
  ...response,
  type: z.literal("update_model_response"),
  runtime: echoedRuntime,
  // "agent" for the default conversation, "conversation" otherwise.
  applied_to: z.string().optional(),
  model_id: z.string().optional(),
  model_handle: z.string().optional(),
  model_settings: ModelSettingsSchema.nullable().optional(),
});
export const UpdateToolsetResponse = z.looseObject({
  ...response,
  type: z.literal("update_toolset_response"),
  runtime: echoedRuntime,
  current_toolset: z.string().nullable().optional(),
  current_toolset_preference: z.string().optional(),
});

/** The command's progress also streams as slash_command_start / slash_command_end deltas. */
export const ExecuteCommandResponse = z.looseObject({
  ...response,
  type: z.literal("execute_command_response"),
  output: z.string().optional(),
});

export const GetCwdMapResponse = z.looseObject({
  ...response,
  type: z.literal("get_cwd_map_response"),
  cwd_map: z.record(z.string(), z.string()).optional(),
  boot_working_directory: z.string().nullable().optional(),
});
export const SetBootWorkingDirectoryResponse = z.looseObject({
  ...response,
  type: z.literal("set_boot_working_directory_response"),
  boot_working_directory: z.string().nullable().optional(),
  cwd_revision: z.number().optional(),
});

export const SearchFilesResponse = z.looseObject({
  ...response,
  type: z.literal("search_files_response"),
  files: z.array(z.looseObject({ path: z.string(), type: z.string().optional() })).default([]),
});
export const SearchBranchesResponse = z.looseObject({
  ...response,
  type: z.literal("search_branches_response"),
  branches: z
    .array(z.looseObject({ name: z.string(), is_current: z.boolean().optional(), is_remote: z.boolean().optional() }))
    .default([]),
});
export const CheckoutBranchResponse = z.looseObject({
  ...response,
  type: z.literal("checkout_branch_response"),
  branch: z.string().optional(),
});

export const RuntimeExternalToolsUpdateResponse = z.looseObject({
  ...response,
  type: z.literal("runtime_external_tools_update_response"),
});

export const LaunchSubagentResponse = z.looseObject({
  ...response,
  type: z.literal("launch_subagent_response"),
  task_id: z.string().optional(),
  agent_id: z.string().nullable().optional(),
  conversation_id: z.string().nullable().optional(),
});
export const MonitorStopResponse = z.looseObject({
  ...response,
  type: z.literal("monitor_stop_response"),
  runtime: echoedRuntime,
  process_id: z.string().optional(),
  stopped: z.boolean().optional(),
});
export const TeleportProbeResponse = z.looseObject({
  type: z.literal("teleport_probe_response"),
  request_id: z.string(),
  runtime: echoedRuntime,
  supported: z.boolean().optional(),
});

export const RuntimeResponses = [
  AppServerInfoResponse,
  RuntimeStartResponse,
  InputAccepted,
  SyncResponse,
  AbortMessageResponse,
  ResumeQueueResponse,
  RemoveQueueItemResponse,
  ListModelsResponse,
  UpdateModelResponse,
  UpdateToolsetResponse,
  ExecuteCommandResponse,
  GetCwdMapResponse,
  SetBootWorkingDirectoryResponse,
  SearchFilesResponse,
  SearchBranchesResponse,
  CheckoutBranchResponse,
  RuntimeExternalToolsUpdateResponse,
  LaunchSubagentResponse,
  MonitorStopResponse,
  TeleportProbeResponse,
] as const;
