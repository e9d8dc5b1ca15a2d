import type { ConversationChoice } from "../../controller/runtimeCommands.js";
import type { UiActions } from "../../controller/actions.js";
import type { PickerItem } from "./Picker.js";
import { relativeTime } from "./resume.js";

const NEW_CONVERSATION = "+new-conversation";
const NEW_AGENT = "+new-agent";

/** The conversation picker: a new conversation or agent first, the agent's conversations, then other agents. */
export function conversationItems(list: ConversationChoice[], now = new Date()): PickerItem[] {
  return [
    { key: NEW_CONVERSATION, label: "+ new conversation with this agent" },
    { key: NEW_AGENT, label: "+ new agent (same model)" },
    ...list.map((c) =>
      c.agentId
        ? {
            key: `agent:${c.agentId}`,
            label: `agent ${c.title ?? c.agentId}`,
            detail: [c.title ? c.agentId : undefined, "its default conversation", c.lastActive ? relativeTime(c.lastActive, now) : undefined].filter(Boolean).join(" · "),
          }
        : {
            key: `conv:${c.id}`,
            label: c.title ? `${c.title}` : c.id,
            detail: [c.title ? c.id : undefined, c.lastActive ? relativeTime(c.lastActive, now) : undefined].filter(Boolean).join(" · ") || undefined,
          },
    ),
  ];
}

export function choiceOf(key: string): Parameters<UiActions["openConversation"]>[0] {
  if (key === NEW_CONVERSATION) return { kind: "new-conversation" };
  if (key === NEW_AGENT) return { kind: "new-agent" };
  if (key.startsWith("agent:")) return { kind: "other-agent", agentId: key.slice("agent:".length) };
  return { kind: "existing", conversationId: key.replace(/^conv:/, "") };
}
