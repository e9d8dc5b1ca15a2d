import { PermissionModeSchema, runtimeKey } from "../protocol/runtime.js";
import type { Controller } from "./controller.js";
import { listAgents, listConversations, type ConversationChoice } from "./runtimeCommands.js";

export type ConversationPick =
  | { kind: "existing"; conversationId: string }
  | { kind: "other-agent"; agentId: string }
  | { kind: "new-conversation" }
  | { kind: "new-agent" }
  /** A conversation of the agent on screen this session just made (/new, /fork): opened like the one on screen. */
  | { kind: "made"; conversationId: string };

/**
 * Conversations of the active agent (its default conversation included), then the host's
 * other agents, each by its default conversation: on a machine that dialled in, this is how
 * an agent other than the last one is reached.
 */
export async function conversationsOf(controller: Controller): Promise<ConversationChoice[]> {
  const scope = controller.runtime;
  if (!scope?.agent_id) return [];
  const [list, agents] = await Promise.all([
    listConversations(controller.clientForCommands, scope.agent_id),
    // The conversations matter more: a host that cannot list agents still offers them.
    listAgents(controller.clientForCommands).catch(() => []),
  ]);
  const own = list.some((c) => c.id === "default") ? list : [{ id: "default", title: "the agent's default conversation" }, ...list];
  const others = agents.filter((a) => a.id !== scope.agent_id).map((a) => ({ id: "default", agentId: a.id, title: a.name, lastActive: a.lastActive }));
  return [...own, ...others];
}

/**
 * Open what the picker chose beside the runtimes already attached. A new conversation or agent
 * (or one /new or /fork just made) starts like the one on screen: same permission mode and cwd (a new conversation would
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
    else if (choice.kind === "made") await controller.attach({ selection: { kind: "existing", agentId: scope.agent_id, conversationId: choice.conversationId }, ...like });
    // The mode goes along: a runtime started without one runs unrestricted (0.32.18 keeps no
    // mode between runtime starts), so an agent opened from a careful tab would ask nothing.
    else if (choice.kind === "other-agent") await controller.attachAnother({ kind: "existing", agentId: choice.agentId, conversationId: "default" }, like.mode);
    else await controller.attachAnother({ kind: "existing", agentId: scope.agent_id, conversationId: choice.conversationId }, like.mode);
  } catch (err) {
    note(`could not open the conversation: ${err instanceof Error ? err.message : String(err)}`);
  }
}
