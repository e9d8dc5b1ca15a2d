import type { SlashCommand } from "./command.js";
import { conversationOnScreen } from "./scope.js";

// `/search [WORDS]`: the reader of the whole conversation (as Ctrl+F), with WORDS searched at
// once: older pages are read from the server until they are found or the start is reached.

export const search: SlashCommand = {
  name: "search",
  args: "[WORDS]",
  description: "read the whole conversation full screen (older pages from the server) and find WORDS in it",
  available: (world) => conversationOnScreen(world) !== undefined,
  run: () => ({ view: "reader" }),
};
