import { TITLE_LIMIT } from "../../store/titles.js";
import type { SlashCommand } from "./command.js";
import { conversationOnScreen, isDefaultConversation } from "./scope.js";

// `/rename TITLE`: the conversation's title (its `summary`), which Ctrl+X's picker, the tabs and
// the status line show. The store takes the new title from the server's answer (store/titles.ts).

export const rename: SlashCommand = {
  name: "rename",
  args: "TITLE",
  argsRequired: true,
  description: "give this conversation a title (Ctrl+X, the tabs and the status line show it)",
  available: (world) => conversationOnScreen(world) !== undefined,
  // Tab offers the current title, to edit rather than retype.
  complete(args, world) {
    const title = world.app.active ? world.app.runtimes[world.app.active]?.title : undefined;
    return title && title.startsWith(args) ? [title] : [];
  },
  run(args, world) {
    const on = conversationOnScreen(world);
    if (!on) return { error: "/rename needs an agent's conversation on screen" };
    // 0.32.18 answers "Default conversation cannot be updated": say so before asking.
    if (isDefaultConversation(on)) return { error: "the agent's default conversation cannot be renamed (the server refuses); /new starts one that can be" };
    const title = args.trim();
    if (!title) return { error: "/rename needs TITLE" };
    if (/[\r\n]/.test(title)) return { error: "a title is one line" };
    if (title.length > TITLE_LIMIT) return { error: `a title is at most ${TITLE_LIMIT} characters (this one has ${title.length})` };
    return {
      effects: [
        {
          kind: "request",
          command: { type: "conversation_update", conversation_id: on.conversation_id, body: { summary: title } },
          expect: "conversation_update_response",
          reply: { to: "rename", tag: on.conversation_id },
        },
      ],
    };
  },
  reply(tag, result) {
    if (!result.ok) return [{ kind: "notice", level: "error", text: `/rename: ${result.error}` }];
    const title = result.frame.type === "conversation_update_response" ? result.frame.conversation?.summary : undefined;
    return [{ kind: "notice", level: "success", text: title ? `${tag} is now titled “${title}”` : `${tag} renamed` }];
  },
};
