import type { RuntimeScope } from "../../protocol/runtime.js";
import type { World } from "../state/uiState.js";

// The conversation a command acts on: the one on screen, with its agent (the conversation
// commands all need one).

export interface AgentConversation {
  agent_id: string;
  conversation_id: string;
}

/** The runtime on screen's agent and conversation, or undefined when no agent is on screen. */
export function conversationOnScreen(world: World): AgentConversation | undefined {
  const scope: RuntimeScope | undefined = world.app.active ? world.app.runtimes[world.app.active]?.scope : undefined;
  return scope?.agent_id ? { agent_id: scope.agent_id, conversation_id: scope.conversation_id } : undefined;
}

/** The agent's default conversation: the server addresses it through the agent (history, fork) and will not rename it. */
export const isDefaultConversation = (c: AgentConversation): boolean => c.conversation_id === "default";
