import { allItems } from "../../store/archive.js";
import type { World } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";
import { fileText } from "../exportMarkdown.js";

// `/copy`: the agent's last reply onto the clipboard (OSC 52, through the effect runner) and
// into a file, since a terminal may ignore OSC 52 without a word. The text is the reply as
// shown: control characters as their visible escapes, so a paste cannot carry an escape
// sequence (an end of bracketed paste, say) into a shell.

/** The last reply with text, of the runtime on screen. */
export function lastReply(world: World): string | undefined {
  const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
  if (!rt) return undefined;
  const items = allItems(rt.transcript);
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.kind === "assistant" && it.text.trim()) return it.text;
  }
  return undefined;
}

export const copy: SlashCommand = {
  name: "copy",
  description: "put the agent's last reply on the clipboard (OSC 52) and in a file",
  run(_args, world) {
    const text = lastReply(world);
    if (text === undefined) return { error: "/copy: no reply from the agent on screen yet" };
    return { effects: [{ kind: "copy", text: fileText(text), what: "the last reply" }] };
  },
};
