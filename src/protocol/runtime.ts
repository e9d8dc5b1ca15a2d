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
