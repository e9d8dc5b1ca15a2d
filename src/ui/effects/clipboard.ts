import path from "node:path";
import { defaultStateDir } from "../../paths/stateDir.js";
import { sanitizeLine } from "../sanitize.js";
import { writeBesideTaken, writeError } from "./newFile.js";

// /copy carried out: the text onto the clipboard with OSC 52, which the terminal (not the
// machine letta-tui runs on) handles, so it works over SSH. A terminal may ignore OSC 52 without
// a word (tmux unless `set-clipboard on`, some terminals off by default), so the text also goes
// to a file whose path is said.

/**
 * Many terminals drop an OSC 52 sequence longer than about 100 000 bytes (xterm's default,
 * kitty's and tmux's limits are near it): past this much base64 only the file is written.
 */
export const OSC52_LIMIT = 100_000;

/** The sequence that puts `text` (UTF-8) on the clipboard: ESC ] 52 ; c ; base64 BEL. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, "utf8").toString("base64")}\u0007`;
}

export interface CopyOutcome {
  ok: boolean;
  text: string;
}

/**
 * Put `text` on the clipboard through `terminal` (when it fits) and in a new file under `folder`
 * (0700; the file 0600). `what` names it for the line ("the last reply").
 */
export async function copyText(text: string, what: string, terminal: ((data: string) => void) | undefined, folder: string, now: Date): Promise<CopyOutcome> {
  const sequence = osc52(text);
  const fits = sequence.length <= OSC52_LIMIT;
  if (fits && terminal) terminal(sequence);
  const size = `${Buffer.byteLength(text, "utf8").toLocaleString("en-US")} bytes`;
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, "-");
  let file: string | undefined;
  let fileError: string | undefined;
  try {
    file = sanitizeLine(await writeBesideTaken(path.join(folder, `copy-${stamp}.txt`), text, { mode: 0o700 }));
  } catch (err) {
    fileError = sanitizeLine(writeError(err));
  }
  const saved = file ? `; also saved to ${file}` : `; the file copy failed: ${fileError}`;
  if (fits && terminal) return { ok: true, text: `copied ${what} (${size}) to the clipboard with OSC 52${saved}` };
  const why = terminal ? `too big for the terminal's clipboard (over ${OSC52_LIMIT / 1000} KB encoded)` : "no terminal to send it to";
  if (!file) return { ok: false, text: `/copy: ${what} is ${why}, and the file copy failed: ${fileError}` };
  return { ok: true, text: `${what} (${size}) is ${why}: saved to ${file} instead` };
}

/** Where /copy's files go: the state folder's `copies`. */
export const copyFolder = (): string => path.join(defaultStateDir(), "copies");
