import { z } from "zod";
import { AgentDeleteCommand, AgentUpdateCommand, CreateAgentCommand, ListInDirectoryCommand, SearchFilesCommand } from "./commands-agents.js";
import {
  AgentListCommand,
  ConversationCreateCommand,
  ConversationForkCommand,
  ConversationListCommand,
  ConversationMessagesListCommand,
  ConversationRetrieveCommand,
  ConversationUpdateCommand,
} from "./commands-data.js";
import { MemoryCommands } from "./commands-memory.js";
import {
  ChangeDeviceStateCommand,
  ExecuteCommandCommand,
  ListModelsCommand,
  RemoveQueueItemCommand,
  ResumeQueueCommand,
  UpdateModelCommand,
} from "./commands-state.js";
import { ScheduleCommands } from "./commands-schedule.js";
import { ExternalToolCallResponseCommand, ExternalToolsGroup, RuntimeExternalToolsUpdateCommand } from "./external-tools.js";
import { LaunchSubagentCommand, MonitorStopCommand } from "./commands-tasks.js";
import { PermissionModeSchema, RuntimeScopeSchema } from "./runtime.js";

// Client -> server commands (PROTOCOL §3). Built through these schemas so a typo in a field we
// send is a compile error, not a silently dropped command (the server answers nothing then).
// Strict objects: CommandSchema.parse rejects unknown fields too. Every command carries a
// request_id, even where the protocol makes it optional, because we always want the answer.

export * from "./commands-agents.js";
export * from "./commands-data.js";
export * from "./commands-state.js";
export * from "./external-tools.js";
export * from "./commands-tasks.js";

const ClientInfo = z.strictObject({ name: z.string(), title: z.string().optional(), version: z.string().optional() });
const body = z.record(z.string(), z.unknown());

export const AppServerInfoCommand = z.strictObject({ type: z.literal("app_server_info"), request_id: z.string() });

// `execution_settings` is deliberately absent: it makes the conversation headless, where every
// approval is auto-denied (PROTOCOL §3.2).
export const RuntimeStartCommand = z.strictObject({
  type: z.literal("runtime_start"),
  request_id: z.string(),
  agent_id: z.string().optional(),
  create_agent: z
    .strictObject({ body, pin_global: z.boolean().optional(), memfs: z.boolean().optional() })
    .optional(),
  conversation_id: z.string().optional(),
  create_conversation: z.strictObject({ body: body.optional() }).optional(),
  // null resets to the server's boot cwd; omitted leaves it unchanged.
  cwd: z.string().nullable().optional(),
  // Only the four canonical names: anything else makes the server drop the whole command.
  mode: PermissionModeSchema.optional(),
  client_info: ClientInfo,
  recover_approvals: z.boolean().optional(),
  force_device_status: z.boolean().optional(),
  // If both are omitted the server resets the skill-source override.
  skill_sources: z.array(z.enum(["bundled", "global", "agent", "project"])).optional(),
  preserve_skill_sources: z.boolean().optional(),
  // [0.30.3] Answer after the state replay instead of before it.
  wait_for_replay: z.boolean().optional(),
  // Omitting it unregisters this connection's tools for the runtime.
  external_tools: z.array(ExternalToolsGroup).optional(),
});
export type RuntimeStartCommand = z.infer<typeof RuntimeStartCommand>;

const TextPart = z.strictObject({ type: z.literal("text"), text: z.string() });
const ImagePart = z.strictObject({
  type: z.literal("image"),
  source: z.strictObject({ type: z.literal("base64"), media_type: z.string(), data: z.string() }),
});

/** A user message; the server sets otid = client_message_id, which is how its echo is matched. */
export const UserMessage = z.strictObject({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [TextPart, ImagePart]))]),
  client_message_id: z.string(),
});
export type UserMessage = z.infer<typeof UserMessage>;

export const ApprovalDecision = z.discriminatedUnion("behavior", [
  z.strictObject({
    behavior: z.literal("allow"),
    message: z.string().optional(),
    // Replaces the arguments wholesale; it is not a patch.
    updated_input: z.record(z.string(), z.unknown()).nullable().optional(),
    selected_permission_suggestion_ids: z.array(z.string()).optional(),
  }),
  // An empty message makes the server use "Denied via WebSocket".
  z.strictObject({ behavior: z.literal("deny"), message: z.string() }),
]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const CreateMessagePayload = z.strictObject({
  kind: z.literal("create_message"),
  messages: z.array(UserMessage),
  // [] means no client tools this turn.
  client_tool_allowlist: z.array(z.string()).optional(),
  client_toolset: z
    .strictObject({
      base: z.enum(["auto", "default", "codex", "letta", "none"]).optional(),
      include: z.array(z.string()).optional(),
    })
    .optional(),
  external_tool_scope_ids: z.array(z.string()).optional(),
  // Hides AskUserQuestion and friends.
  exclude_interactive_tools: z.boolean().optional(),
  image_failure_mode: z.enum(["strict", "drop"]).optional(),
  // [0.32] Structured output; api backend only.
  response_format: z.record(z.string(), z.unknown()).optional(),
});

// `request_id` here is the approval's id (perm-<tool_call_id>), not the command's.
export const ApprovalResponsePayload = z.union([
  z.strictObject({ kind: z.literal("approval_response"), request_id: z.string(), decision: ApprovalDecision }),
  // No decision: the server treats it as a deny with this reason.
  z.strictObject({ kind: z.literal("approval_response"), request_id: z.string(), error: z.string() }),
]);
export type ApprovalResponsePayload = z.infer<typeof ApprovalResponsePayload>;

export const InputCommand = z.strictObject({
  type: z.literal("input"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  // A plain union: the two approval_response forms share their `kind`.
  payload: z.union([CreateMessagePayload, ApprovalResponsePayload]),
});
export type InputCommand = z.infer<typeof InputCommand>;

export const AbortMessageCommand = z.strictObject({
  type: z.literal("abort_message"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  // When set, only that run is aborted.
  run_id: z.string().nullable().optional(),
});

export const SyncCommand = z.strictObject({
  type: z.literal("sync"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  // Default true: probes the backend for stale approvals. false for a cheap refresh.
  recover_approvals: z.boolean().optional(),
  // Default false here (true in runtime_start); send true after a reconnect.
  force_device_status: z.boolean().optional(),
});

export const CommandSchema = z.discriminatedUnion("type", [
  AgentListCommand,
  AppServerInfoCommand,
  RuntimeStartCommand,
  InputCommand,
  AbortMessageCommand,
  SyncCommand,
  ResumeQueueCommand,
  RemoveQueueItemCommand,
  ChangeDeviceStateCommand,
  ListModelsCommand,
  UpdateModelCommand,
  ExecuteCommandCommand,
  ConversationListCommand,
  ConversationMessagesListCommand,
  ConversationRetrieveCommand,
  ConversationCreateCommand,
  ConversationUpdateCommand,
  ConversationForkCommand,
  ExternalToolCallResponseCommand,
  RuntimeExternalToolsUpdateCommand,
  ...ScheduleCommands,
  MonitorStopCommand,
  LaunchSubagentCommand,
  CreateAgentCommand,
  AgentUpdateCommand,
  AgentDeleteCommand,
  ListInDirectoryCommand,
  SearchFilesCommand,
  ...MemoryCommands,
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command["type"];

/** A command as the screen builds it: whoever sends it gives it its request_id. */
export type CommandDraft = Command extends infer C ? (C extends Command ? Omit<C, "request_id"> : never) : never;
