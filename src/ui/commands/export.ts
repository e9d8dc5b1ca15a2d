import type { SlashCommand } from "./command.js";
import { conversationOnScreen } from "./scope.js";

// `/export [FILE]`: the whole conversation on screen, read from the server page by page (not
// just what the transcript loaded), as Markdown in a new file. The work is the `export` effect
// (effects/exportConversation.ts); a line says where the file went or why there is none.

export const exportCommand: SlashCommand = {
  name: "export",
  args: "[FILE]",
  description: "write this whole conversation (from the server, with tool calls and results) to a Markdown file",
  available: (world) => conversationOnScreen(world) !== undefined,
  run(args, world) {
    const on = conversationOnScreen(world);
    if (!on) return { error: "/export needs an agent's conversation on screen" };
    const file = args.trim();
    if (/[\r\n\0]/.test(file)) return { error: "FILE is one line, without NUL" };
    const title = world.app.active ? world.app.runtimes[world.app.active]?.title : undefined;
    return { effects: [{ kind: "export", conversation: on, title, file: file || undefined }] };
  },
};
