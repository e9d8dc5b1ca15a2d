import type { SlashCommand } from "./command.js";

/** `/tasks`: the tasks panel (the same as Alt+T). */
export const tasks: SlashCommand = {
  name: "tasks",
  description: "background tasks (Bash, monitors, subagents): running, and how the finished ones ended; stop a monitor",
  run: () => ({ view: "tasks" }),
};
