import { z } from "zod";
import { PermissionModeSchema, RuntimeScopeSchema } from "./runtime.js";

// Client -> server commands (PROTOCOL §3). Built through these schemas so a typo in a field we
// send is a compile error, not a silently dropped command (the server answers nothing then).

const ClientInfo = z.object({ name: z.string(), title: z.string().optional(), version: z.string().optional() });

export const AppServerInfoCommand = z.object({ type: z.literal("app_server_info"), request_id: z.string() });

export const RuntimeStartCommand = z.object({
  type: z.literal("runtime_start"),
  request_id: z.string(),
  agent_id: z.string().optional(),
  create_agent: z.object({ body: z.record(z.string(), z.unknown()) }).optional(),
  conversation_id: z.string().optional(),
  create_conversation: z.object({ body: z.record(z.string(), z.unknown()).optional() }).optional(),
  cwd: z.string().optional(),
  mode: PermissionModeSchema.optional(),
  client_info: ClientInfo,
  recover_approvals: z.boolean().optional(),
  force_device_status: z.boolean().optional(),
  preserve_skill_sources: z.boolean().optional(),
});
export type RuntimeStartCommand = z.infer<typeof RuntimeStartCommand>;

export const UserMessage = z.object({
  role: z.literal("user"),
  content: z.string(),
  client_message_id: z.string(),
});

export const ApprovalDecision = z.discriminatedUnion("behavior", [
  z.object({
    behavior: z.literal("allow"),
    message: z.string().optional(),
    updated_input: z.record(z.string(), z.unknown()).nullable().optional(),
    selected_permission_suggestion_ids: z.array(z.string()).optional(),
  }),
  z.object({ behavior: z.literal("deny"), message: z.string() }),
]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const InputCommand = z.object({
  type: z.literal("input"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  payload: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("create_message"), messages: z.array(UserMessage) }),
    z.object({ kind: z.literal("approval_response"), request_id: z.string(), decision: ApprovalDecision }),
  ]),
});
export type InputCommand = z.infer<typeof InputCommand>;

export const AbortMessageCommand = z.object({
  type: z.literal("abort_message"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  run_id: z.string().nullable().optional(),
});

export const SyncCommand = z.object({
  type: z.literal("sync"),
  request_id: z.string(),
  runtime: RuntimeScopeSchema,
  recover_approvals: z.boolean().optional(),
  force_device_status: z.boolean().optional(),
});

export const AgentListCommand = z.object({
  type: z.literal("agent_list"),
  request_id: z.string(),
  query: z.object({ limit: z.number().optional(), order: z.enum(["asc", "desc"]).optional(), order_by: z.string().optional() }).optional(),
});

export const CommandSchema = z.discriminatedUnion("type", [
  AgentListCommand,
  AppServerInfoCommand,
  RuntimeStartCommand,
  InputCommand,
  AbortMessageCommand,
  SyncCommand,
]);
export type Command = z.infer<typeof CommandSchema>;
