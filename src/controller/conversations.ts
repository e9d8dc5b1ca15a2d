import { PermissionModeSchema, runtimeKey } from "../protocol/runtime.js";
import type { Controller } from "./controller.js";
import { listConversations, type ConversationChoice } from "./runtimeCommands.js";

export type ConversationPick = { kind: "existing"; conversationId: string } | { kind: "new-conversation" } | { kind: "new-agent" };

/** Conversations of the active agent, for the picker (its default conversation included). */
export async function conversationsOf(controller: Controller): Promise<ConversationChoice[]> {
  const scope = controller.runtime;
  if (!scope?.agent_id) return [];
  const list = await listConversations(controller.clientForCommands, scope.agent_id);
  return list.some((c) => c.id === "default") ? list : [{ id: "default", title: "the agent's default conversation" }, ...list];
}

/**
 * Open what the picker chose beside the runtimes already attached. A new conversation or agent
 * starts like the one on screen: same permission mode and cwd (a new conversation would
 * otherwise get the server's default, unrestricted), and a new agent the same model.
 */
export async function openConversation(controller: Controller, choice: ConversationPick): Promise<void> {
  const { store } = controller;
  const scope = controller.runtime;
  if (!scope) return;
  const rt = store.getState().runtimes[runtimeKey(scope)];
  const mode = PermissionModeSchema.safeParse(rt?.device?.current_permission_mode);
  const like = { cwd: rt?.device?.current_working_directory ?? undefined, mode: mode.success ? mode.data : undefined };
  const note = (text: string) => store.dispatch({ type: "notice", scope, level: "warning", text });
  try {
    if (choice.kind === "new-agent") await controller.attach({ selection: { kind: "new-agent", model: rt?.model }, ...like });
    else if (!scope.agent_id) note("this conversation has no agent to open others of");
    else if (choice.kind === "new-conversation") await controller.attach({ selection: { kind: "new-conversation", agentId: scope.agent_id }, ...like });
    else await controller.attachAnother({ kind: "existing", agentId: scope.agent_id, conversationId: choice.conversationId });
  } catch (err) {
    note(`could not open the conversation: ${err instanceof Error ? err.message : String(err)}`);
  }
}
