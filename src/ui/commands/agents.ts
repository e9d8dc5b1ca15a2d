import type { SlashCommand } from "./command.js";

/** `/agents`: the agents of this server; make, rename, delete one, or open it beside this one. */
export const agents: SlashCommand = {
  name: "agents",
  description: "the agents on this server: open one beside this one, new, rename, delete",
  available: (world) => !!(world.app.active && world.app.runtimes[world.app.active]),
  run: () => ({ view: "agents" }),
};
