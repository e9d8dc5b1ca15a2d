import type { RuntimeState } from "../../store/state.js";
import type { World } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";

// The server's own commands: what the runtime on screen advertises (device status
// `supported_commands` and `mod_commands`), run with `execute_command`. Their output streams
// back as slash_command_start/_end deltas, which the transcript shows as a block; the
// response only says whether it failed before starting.

/** Lines for the ids 0.32.18 advertises; an id we do not know is offered as the server's. */
const KNOWN: Readonly<Record<string, string>> = {
  compact: "summarise older messages to free context (the server's)",
  "context-limit": "this conversation's context window in tokens; no number resets it (the server's)",
  reload: "reload settings, local mods and agent secrets (the server's)",
  doctor: "the agent checks its own set-up: runs a turn (the server's)",
  init: "the agent initialises its memory: runs a turn (the server's)",
  reflect: "start a reflection pass over the conversation (the server's)",
  dream: "start a reflection pass (the server's)",
  reflection: "reflection settings (the server's)",
  clear: "the server's clear: starts an empty conversation it does not switch to; /new does it properly",
  "clear-messages": "clear the in-context messages (not on the local backend)",
  channels: "messaging channels (needs the channel gateway)",
};

export const activeRuntime = (world: World): RuntimeState | undefined => (world.app.active ? world.app.runtimes[world.app.active] : undefined);

/** The commands the runtime on screen advertises, as palette entries. Names ours take are left to ours. */
export function serverCommands(world: World, taken: ReadonlySet<string>): SlashCommand[] {
  const rt = activeRuntime(world);
  const device = rt?.device;
  if (!rt || !device) return [];
  const mods = (device.mod_commands ?? []).map((m) => ({ id: m.id, description: m.description, args: m.args }));
  const plain = (device.supported_commands ?? []).map((id) => ({ id, description: undefined, args: undefined }));
  const seen = new Set<string>();
  const out: SlashCommand[] = [];
  for (const c of [...plain, ...mods]) {
    if (!c.id || seen.has(c.id) || taken.has(c.id)) continue;
    seen.add(c.id);
    out.push(executeCommand(c.id, c.description ?? KNOWN[c.id] ?? "a command of the server", c.args));
  }
  return out;
}

/** One server command by id: runs on the runtime on screen, answered through the transcript. */
export function executeCommand(id: string, description: string, args?: string): SlashCommand {
  return {
    name: id,
    description,
    ...(args ? { args } : {}),
    run(argv, world) {
      const rt = activeRuntime(world);
      const agent = rt?.scope.agent_id;
      if (!rt || !agent) return { error: `/${id} needs an agent's conversation on screen` };
      return {
        effects: [
          {
            kind: "request",
            command: { type: "execute_command", command_id: id, runtime: { agent_id: agent, conversation_id: rt.scope.conversation_id }, ...(argv ? { args: argv } : {}) },
            expect: "execute_command_response",
            reply: { to: SERVER_COMMAND_REPLY, tag: id },
          },
        ],
      };
    },
  };
}

/** Where execute_command answers go: a refusal before the command started (no block) becomes a line. */
export const SERVER_COMMAND_REPLY = "server-command";
