import type { SlashCommand } from "./command.js";
import { conversationOnScreen } from "./scope.js";

// `/new`: a new, empty conversation with the agent on screen, opened in a tab beside this one
// (the mode and cwd of this one). Made with conversation_create, never the server's `/clear`,
// which makes one it neither names nor switches to, and leaves this one as it was.

export const newConversation: SlashCommand = {
  name: "new",
  description: "a new conversation with this agent, in a tab beside this one (not the server's /clear)",
  available: (world) => conversationOnScreen(world) !== undefined,
  run(_args, world) {
    const on = conversationOnScreen(world);
    if (!on) return { error: "/new needs an agent's conversation on screen" };
    return {
      effects: [
        {
          kind: "request",
          command: { type: "conversation_create", body: { agent_id: on.agent_id } },
          expect: "conversation_create_response",
          reply: { to: "new", tag: on.agent_id },
        },
      ],
    };
  },
  reply(_tag, result) {
    if (!result.ok) return [{ kind: "notice", level: "error", text: `/new: ${result.error}` }];
    const id = result.frame.type === "conversation_create_response" ? result.frame.conversation?.id : undefined;
    if (!id) return [{ kind: "notice", level: "error", text: "/new: the server made no conversation" }];
    return [{ kind: "open-conversation", choice: { kind: "made", conversationId: id } }];
  },
};
