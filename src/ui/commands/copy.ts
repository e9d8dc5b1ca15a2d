import { allItems } from "../../store/archive.js";
import type { World } from "../state/uiState.js";
import type { SlashCommand } from "./command.js";
import { fileText } from "../exportMarkdown.js";

// `/copy [N]`: the agent's last reply (or the Nth from the end) onto the clipboard (OSC 52,
// through the effect runner) and into a file, since a terminal may ignore OSC 52 without a
// word. The text is the reply as shown: control characters as their visible escapes, so a
// paste cannot carry an escape sequence (an end of bracketed paste, say) into a shell.

/** The replies with text of the runtime on screen, newest first. */
export function repliesNewestFirst(world: World): string[] {
  const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
  if (!rt) return [];
  return allItems(rt.transcript)
    .flatMap((it) => (it.kind === "assistant" && it.text.trim() ? [it.text] : []))
    .reverse();
}

export const copy: SlashCommand = {
  name: "copy",
  args: "[N]",
  description: "put the agent's last reply (or the Nth from the end) on the clipboard (OSC 52) and in a file",
  run(args, world) {
    const n = args.trim() === "" ? 1 : /^\d+$/.test(args.trim()) ? Number(args.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) return { error: "/copy N: N is a whole number from 1 (the last reply)" };
    const replies = repliesNewestFirst(world);
    if (replies.length === 0) return { error: "/copy: no reply from the agent on screen yet" };
    const text = replies[n - 1];
    if (text === undefined) return { error: `/copy ${n}: only ${replies.length} ${replies.length === 1 ? "reply is" : "replies are"} on screen` };
    return { effects: [{ kind: "copy", text: fileText(text), what: n === 1 ? "the last reply" : `reply ${n} from the end` }] };
  },
};
