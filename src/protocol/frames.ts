import { z } from "zod";
import { RuntimeScopeSchema } from "./runtime.js";

// Server -> client frames (PROTOCOL §2.1, §3, §4). The zod schemas are the only source of
// these types. Enveloped events carry `runtime` + `event_seq`; direct responses do not.

const envelope = {
  runtime: RuntimeScopeSchema,
  event_seq: z.number().optional(),
  emitted_at: z.string().optional(),
  idempotency_key: z.string().optional(),
};

const response = {
  request_id: z.string(),
  success: z.boolean().optional(),
  error: z.string().nullable().optional(),
};

export const AppServerInfoResponse = z.looseObject({
  ...response,
  type: z.literal("app_server_info_response"),
  backend: z.string().optional(),
  letta_code_version: z.string().optional(),
  protocol_version: z.number().optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
});
export type AppServerInfo = z.infer<typeof AppServerInfoResponse>;

const NamedObject = z.looseObject({ id: z.string().optional(), name: z.string().nullable().optional() });

export const RuntimeStartResponse = z.looseObject({
  ...response,
  type: z.literal("runtime_start_response"),
  runtime: RuntimeScopeSchema.nullable().optional(),
  agent: NamedObject.nullable().optional(),
  conversation: NamedObject.nullable().optional(),
  created: z.looseObject({ agent: z.boolean().optional(), conversation: z.boolean().optional() }).optional(),
});
export type RuntimeStartResult = z.infer<typeof RuntimeStartResponse>;

export const AgentListResponse = z.looseObject({
  ...response,
  type: z.literal("agent_list_response"),
  agents: z.array(NamedObject).optional(),
});

export const InputAccepted = z.looseObject({
  type: z.literal("input_accepted"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema.nullable().optional(),
  accepted: z.boolean(),
  disposition: z.string().optional(),
  error: z.string().nullable().optional(),
});
export type InputAcceptedFrame = z.infer<typeof InputAccepted>;

export const SyncResponse = z.looseObject({
  ...response,
  type: z.literal("sync_response"),
  runtime: RuntimeScopeSchema.nullable().optional(),
});
export const AbortMessageResponse = z.looseObject({
  ...response,
  type: z.literal("abort_message_response"),
  runtime: RuntimeScopeSchema.nullable().optional(),
  aborted: z.boolean().optional(),
});

export const StreamDeltaFrame = z.looseObject({
  ...envelope,
  type: z.literal("stream_delta"),
  // Parsed separately by parseDelta so one odd delta never rejects the whole frame.
  delta: z.unknown(),
  subagent_id: z.string().nullable().optional(),
});

export const LoopStatusSchema = z.looseObject({
  status: z.string(),
  active_run_ids: z.array(z.string()).optional(),
  executing_tool_call_ids: z.array(z.string()).optional(),
});
export type LoopStatus = z.infer<typeof LoopStatusSchema>;
export const UpdateLoopStatus = z.looseObject({
  ...envelope,
  type: z.literal("update_loop_status"),
  loop_status: LoopStatusSchema,
});

export const PendingControlRequestSchema = z.looseObject({ request_id: z.string() });
export const DeviceStatusSchema = z.looseObject({
  current_permission_mode: z.string().nullable().optional(),
  current_working_directory: z.string().nullable().optional(),
  is_processing: z.boolean().optional(),
  letta_code_version: z.string().nullable().optional(),
  git_context: z.looseObject({ branch: z.string().nullable().optional() }).nullable().optional(),
  pending_control_requests: z.array(PendingControlRequestSchema).optional(),
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
  paused: z.boolean().optional(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;
export const UpdateQueue = z.looseObject({
  ...envelope,
  type: z.literal("update_queue"),
  queue: z.array(QueueItemSchema),
  removed: z.array(z.looseObject({ client_message_id: z.string().nullable().optional(), disposition: z.string().optional() })).optional(),
});

export const UpdateSubagentState = z.looseObject({
  ...envelope,
  type: z.literal("update_subagent_state"),
  subagents: z.array(z.looseObject({ subagent_id: z.string() })),
});

export const TurnFinished = z.looseObject({
  ...envelope,
  type: z.literal("turn_finished"),
  turn_id: z.string().optional(),
  stop_reason: z.string().optional(),
  run_id: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
});

export const PermissionSuggestionSchema = z.looseObject({ id: z.string(), text: z.string().optional() });
export const ControlRequestFrame = z.looseObject({
  ...envelope,
  type: z.literal("control_request"),
  request_id: z.string(),
  request: z.looseObject({
    subtype: z.string().optional(),
    tool_name: z.string(),
    input: z.record(z.string(), z.unknown()).default({}),
    tool_call_id: z.string().optional(),
    permission_suggestions: z.array(PermissionSuggestionSchema).optional(),
    diffs: z.array(z.unknown()).optional(),
  }),
});
export type ControlRequest = z.infer<typeof ControlRequestFrame>;

/** An agent wrote a file; `document_content` is the whole file afterwards. */
export const FileOpsFrame = z.looseObject({
  ...envelope,
  type: z.literal("file_ops"),
  path: z.string().optional(),
  source: z.string().optional(),
});

/** The server asks us to run one of our registered external tools (direct, no envelope). */
export const ExternalToolCallRequest = z.looseObject({
  type: z.literal("external_tool_call_request"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema.nullable().optional(),
  tool_call_id: z.string().optional(),
  tool_name: z.string(),
  input: z.record(z.string(), z.unknown()).default({}),
});

export const KnownFrameSchema = z.discriminatedUnion("type", [
  AgentListResponse,
  FileOpsFrame,
  ExternalToolCallRequest,
  AppServerInfoResponse,
  RuntimeStartResponse,
  InputAccepted,
  SyncResponse,
  AbortMessageResponse,
  StreamDeltaFrame,
  UpdateLoopStatus,
  UpdateDeviceStatus,
  UpdateQueue,
  UpdateSubagentState,
  TurnFinished,
  ControlRequestFrame,
]);
export type KnownFrame = z.infer<typeof KnownFrameSchema>;
export type FrameType = KnownFrame["type"];
