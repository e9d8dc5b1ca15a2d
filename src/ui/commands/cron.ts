import type { SlashCommand } from "./command.js";

/** `/cron`: the agent's schedules; add, pause, resume, run now, delete (views/cron.tsx). */
export const cron: SlashCommand = {
  name: "cron",
  description: "the agent's scheduled prompts and their next run: add, pause, resume, run now, delete",
  run: (_args, world) => (world.app.active && world.app.runtimes[world.app.active]?.scope.agent_id ? { view: "cron" } : { error: "/cron needs an agent on screen: schedules belong to an agent" }),
};
