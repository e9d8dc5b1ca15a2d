import type { Effect, World } from "../state/uiState.js";
import type { ReplyResult, SlashCommand } from "./command.js";
import { contextLimit } from "./contextLimit.js";
import { copy } from "./copy.js";
import { exportCommand } from "./export.js";
import { fork } from "./fork.js";
import { help } from "./help.js";
import { newConversation } from "./new.js";
import { rename } from "./rename.js";
import { cron } from "./cron.js";
import { skills } from "./skills.js";
import { agents } from "./agents.js";
import { cwd } from "./cwd.js";
import { mode } from "./mode.js";
import { model } from "./model.js";
import { SERVER_COMMAND_REPLY, serverCommands } from "./server.js";
import { tasks } from "./tasks.js";
import { search } from "./search.js";
import { memory } from "./memory.js";

// Every slash command of ours, one line each: the palette, `/name` typed in full, the help
// overlay and the README's list read this table. A new command: its file in this folder
// exporting a SlashCommand, and a line here. The server's own commands join at run time
// (server.ts), under ours when a name is taken by both.
export const COMMANDS: readonly SlashCommand[] = [
  help,
  model,
  agents,
  cwd,
  mode,
  newConversation,
  rename,
  fork,
  contextLimit,
  cron,
  skills,
  memory,
  tasks,
  exportCommand,
  copy,
  search,
];

/** Ours (where available), then the server's, in the palette's order. */
export function commandsFor(world: World): SlashCommand[] {
  const ours = COMMANDS.filter((c) => !c.available || c.available(world));
  return [...ours, ...serverCommands(world, new Set(COMMANDS.map((c) => c.name)))];
}

/** A command by exact name, as `/name` typed in full finds it. */
export function commandNamed(world: World, name: string): SlashCommand | undefined {
  return commandsFor(world).find((c) => c.name === name);
}

/** The answer to a `request` a command sent (reply.to = its name), when no view took it. */
export function commandReply(to: string, tag: string, result: ReplyResult, world: World): Effect[] {
  if (to === SERVER_COMMAND_REPLY) {
    // What the server answered shows as the command's block (slash_command_end), failed or
    // not; only no answer at all (a timeout, a lost connection) needs a line.
    return result.ok || result.frame ? [] : [{ kind: "notice", level: "error", text: `/${tag}: ${result.error}` }];
  }
  return COMMANDS.find((c) => c.name === to)?.reply?.(tag, result, world) ?? [];
}
