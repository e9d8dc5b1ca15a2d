import type { SlashCommand } from "./command.js";

/** `/help`: the keys and these commands (the same overlay as `?`). */
export const help: SlashCommand = {
  name: "help",
  description: "every key and command",
  run: () => ({ view: "help" }),
};
