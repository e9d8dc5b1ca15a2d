import { z } from "zod";

/** `{agent_id, conversation_id}` names one conversation runtime on the server (PROTOCOL §2.1). */
export const RuntimeScopeSchema = z.looseObject({
  // null only for agent-free conversations (0.32); legacy servers always send a string.
  agent_id: z.string().nullable(),
  conversation_id: z.string(),
});
export type RuntimeScope = z.infer<typeof RuntimeScopeSchema>;

/** Stable map key for a runtime; frames are routed by it. */
export function runtimeKey(scope: Pick<RuntimeScope, "agent_id" | "conversation_id">): string {
  return `${scope.agent_id ?? "-"}/${scope.conversation_id}`;
}

export const PERMISSION_MODES = ["standard", "acceptEdits", "unrestricted", "strict"] as const;
export const PermissionModeSchema = z.enum(PERMISSION_MODES);
export type PermissionMode = z.infer<typeof PermissionModeSchema>;

/**
 * The scope some commands demand (remove_queue_item, execute_command, external tools update):
 * the server rejects them silently for agent-free conversations, so the type refuses null.
 */
export const AgentRuntimeScopeSchema = z.looseObject({
  agent_id: z.string().min(1),
  conversation_id: z.string().min(1),
});
export type AgentRuntimeScope = z.infer<typeof AgentRuntimeScopeSchema>;
