import type { World } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";
import { commandNamed } from "./registry.js";

// What a line typed into the input means. A line that starts with one `/` is a command or a
// question, never a message sent by accident: `/modle` is asked about. `//text` is the way to
// send a message that starts with a slash.

export type Resolved =
  /** A message for the agent (a line with no command, or `//...` with one slash removed). */
  | { kind: "send"; text: string }
  | { kind: "run"; command: SlashCommand; args: string }
  /** The command takes arguments and none were given. */
  | { kind: "needs-args"; command: SlashCommand }
  /** `/name` names no command here. */
  | { kind: "unknown"; name: string };

/** The command word of a slash line and what follows it (`/cwd  ~/x ` → "cwd", "~/x"). */
export function splitCommand(line: string): { name: string; args: string } {
  const body = line.replace(/^\s*\//, "");
  const m = /^(\S*)\s*([\s\S]*)$/.exec(body);
  return { name: m?.[1] ?? "", args: (m?.[2] ?? "").trim() };
}

function isSlashLine(line: string): boolean {
  return /^\s*\//.test(line) && !/^\s*\/\//.test(line);
}

export function resolveLine(line: string, world: World): Resolved {
  if (/^\s*\/\//.test(line)) return { kind: "send", text: line.replace(/^(\s*)\//, "$1") };
  if (!isSlashLine(line)) return { kind: "send", text: line };
  const { name, args } = splitCommand(line);
  const command = commandNamed(world, name);
  if (!command) return { kind: "unknown", name };
  if (command.argsRequired && !args) return { kind: "needs-args", command };
  return { kind: "run", command, args };
}
