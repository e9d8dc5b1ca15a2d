import type { SlashCommand } from "./command.js";

/** `/skills`: the skills the agent can load, where each comes from; enable or disable (views/skills.tsx). */
export const skills: SlashCommand = {
  name: "skills",
  description: "the skills the agent can load, with their source: enable a directory, disable a global one",
  run: (_args, world) => (world.app.active && world.app.runtimes[world.app.active] ? { view: "skills" } : { error: "/skills needs an agent on screen" }),
};
