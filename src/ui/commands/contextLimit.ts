import type { SlashCommand } from "./command.js";
import { executeCommand } from "./server.js";
import { conversationOnScreen } from "./scope.js";

// `/context-limit [N]`: the server's own command (execute_command "context-limit"), checked
// here first. 0.32.18 fails a value under 30,000 ("Context window must be at least 30,000
// tokens") and any word it cannot read; without a number it resets to the model's window.
// Its answer is the server command's block, like any other.

const ID = "context-limit";
/** The least the server accepts (0.32.18 without --override). */
export const CONTEXT_LIMIT_MIN = 30_000;

const server = executeCommand(ID, "");

/** Tokens from what a person types: 64000, 64,000, 64_000 or 64k. Undefined: not a whole number. */
export function parseTokens(text: string): number | undefined {
  const m = /^(\d+(?:[,_]\d{3})*)(k?)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/[,_]/g, "")) * (m[2] ? 1000 : 1);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const contextLimit: SlashCommand = {
  name: ID,
  args: "[N]",
  description: "context window in tokens, at least 30,000; no number resets it",
  // Ours stands in for the server's, so it is offered where the server offers that.
  available: (world) => {
    const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
    return conversationOnScreen(world) !== undefined && (rt?.device?.supported_commands ?? []).includes(ID);
  },
  complete: (args) => ["64000", "128000", "200000"].filter((n) => n.startsWith(args)),
  run(args, world, ui) {
    if (!args) return server.run("", world, ui);
    const n = parseTokens(args);
    if (n === undefined) return { error: `/context-limit takes a number of tokens (64000 or 64k), or nothing to reset it; "${args}" is not one` };
    if (n < CONTEXT_LIMIT_MIN) return { error: `the server refuses a context window under 30,000 tokens (${n.toLocaleString("en-US")} asked)` };
    return server.run(String(n), world, ui);
  },
};
