import type { SlashCommand } from "./command.js";

/** `/memory`: the agent's memory files as a tree; read, history, edit, create, delete (views/memory.tsx). */
export const memory: SlashCommand = {
  name: "memory",
  description: "the agent's memory files: read them, watch them change, their history; edit, create, delete, restore",
  run: (_args, world) => (world.app.active && world.app.runtimes[world.app.active]?.scope.agent_id ? { view: "memory" } : { error: "/memory needs an agent on screen: memory belongs to an agent" }),
};
