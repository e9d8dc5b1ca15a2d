// Every string from the server passes through here before it reaches the terminal. A tool's
// output or an argument can carry escape sequences that move the cursor (hiding a command),
// write the clipboard (OSC 52) or retitle the window; BiDi overrides can make text read
// differently from what runs. We remove what is invisible and make the rest harmless.

// ESC-introduced sequences: CSI, OSC/DCS/SOS/PM/APC strings (terminated by BEL or ST), and
// two-character escapes. Also the 8-bit C1 forms of CSI and OSC/DCS.
const ESCAPE_SEQUENCE =
  /\u001B\[[0-?]*[ -/]*[@-~]|\u001B[\]PX^_][\s\S]*?(?:\u0007|\u001B\\|$)|\u001B[@-Z\\-_]|\u009B[0-?]*[ -/]*[@-~]|[\u0090\u009D\u0098\u009E\u009F][\s\S]*?(?:\u0007|\u009C|$)/g;
// C0 controls except \n and \t, DEL, and the remaining C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// BiDi embeddings, overrides, isolates and marks (U+061C Arabic letter mark), zero-width and
// invisible format characters (soft hyphen, Mongolian vowel separator), and Unicode tag
// characters (U+E0000-E007F), which can smuggle whole hidden sentences into text.
const INVISIBLE = /[\u00AD\u061C\u180E\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2028\u2029\u2060-\u2064\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

function visible(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** Sanitise text for display; newlines are kept, tabs become spaces. */
export function sanitize(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .replace(ESCAPE_SEQUENCE, "")
    .replace(/\t/g, "  ")
    .replace(CONTROL, (ch) => (ch === "\n" ? ch : ""))
    .replace(INVISIBLE, visible);
}

/** Sanitise and fold to one line, for status fields and headers. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/\n+/g, " ⏎ ");
}
