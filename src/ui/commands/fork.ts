import type { SlashCommand } from "./command.js";
import { conversationOnScreen } from "./scope.js";

// `/fork`: a copy of this conversation up to a message, opened in a tab beside this one with
// its history. The message is picked in the fork-point view (views/forkPoint.tsx), which sends
// conversation_fork with reply.to "fork": the answer comes here even after the view closed.

export const FORK = "fork";

export const fork: SlashCommand = {
  name: FORK,
  description: "copy this conversation up to a message you pick (the last by default) into a new tab",
  available: (world) => conversationOnScreen(world) !== undefined,
  run: (_args, world) => (conversationOnScreen(world) ? { view: "fork-point" } : { error: "/fork needs an agent's conversation on screen" }),
  reply(tag, result) {
    if (!result.ok) return [{ kind: "notice", level: "error", text: `/fork: ${result.error}` }];
    const id = result.frame.type === "conversation_fork_response" ? result.frame.conversation?.id : undefined;
    if (!id) return [{ kind: "notice", level: "error", text: "/fork: the server made no copy" }];
    // The line stays in this conversation: where the copy was taken, and what it is called.
    return [
      { kind: "notice", level: "success", text: `forked at ${tag} into ${id}, opened beside this one` },
      { kind: "open-conversation", choice: { kind: "made", conversationId: id } },
    ];
  },
};
