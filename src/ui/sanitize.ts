// Every string from the server passes through here before it reaches the terminal. A tool's
// output or an argument can carry escape sequences that move the cursor (hiding a command),
// write the clipboard (OSC 52), retitle the window, conceal or blink text, open a hyperlink;
// BiDi overrides can make text read differently from what runs.
//
// The rule: every printable character survives, in order, and every control or invisible
// character becomes a short visible escape in its place. Nothing is deleted. An earlier version
// deleted whole escape sequences, from the introducer to its terminator or the end of the
// string, so `echo safe-start ESC]; touch RAN.txt` showed as `echo safe-start` on the approval
// card while the whole command ran. Shown character by character instead, an unterminated or
// malformed sequence cannot swallow what follows it, and a string cut anywhere (a streamed
// delta) reads the same as the whole.
//
// A backslash in server text stays as it is: commands and paths are shown exactly as they run,
// so `printf '\x1b'` typed literally reads `printf '\x1b'`. The visible form of a real ESC byte
// is the same four characters; where the renderer knows which is which (code on an approval
// card, the edit field) the escapes are drawn in inverse video (see `pieces`), so the two look
// different on a colour terminal. Escaping the backslash itself would make every shell command
// on a card differ from what runs, which is the worse lie.

// C0 controls but \n and \t, DEL, C1 controls: each becomes \xNN (\r for a lone CR).
const CONTROL = "\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F";
// Characters a terminal draws as nothing or that reorder what is drawn: default-ignorable code
// points (BiDi embeddings, overrides, isolates and marks, zero-width characters, soft hyphen,
// Hangul fillers, Unicode tag characters U+E0000-E0FFF that can smuggle whole hidden sentences,
// variation selectors), line and paragraph separators, interlinear annotation marks, and lone
// surrogate halves (which a terminal would show as U+FFFD). Each becomes \u{hex}. The emoji and
// text presentation selectors U+FE0E/U+FE0F are left alone: they only pick the look of the
// character before them, and escaping them would break every ❤️.
const INVISIBLE = "\\p{Default_Ignorable_Code_Point}\\u2028\\u2029\\uFFF9-\\uFFFB\\uD800-\\uDFFF";
const KEEP = "\\uFE0E\\uFE0F";

// With the u flag a surrogate pair is one code point, so [\uD800-\uDFFF] matches lone halves only.
const ESCAPED = new RegExp(`(?![${KEEP}])[${CONTROL}${INVISIBLE}]`, "u");
const ESCAPED_ALL = new RegExp(ESCAPED.source, "gu");
// What sanitize() changes: the above, plus CRLF (folded to \n) and tabs (two spaces).
const CHANGED = new RegExp(`\\r\\n|\\t|${ESCAPED.source}`, "u");
const CHANGED_ALL = new RegExp(CHANGED.source, "gu");

/** The visible form of one control or invisible character (a code point). */
export function escapeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp === 0x0d) return "\\r";
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `\\x${cp.toString(16).padStart(2, "0")}`;
  return `\\u{${cp.toString(16)}}`;
}

/** Whether `ch` (one code point) is shown as an escape. */
export function isEscaped(ch: string): boolean {
  return ESCAPED.test(ch);
}

function replaceChanged(match: string): string {
  if (match === "\r\n") return "\n";
  if (match === "\t") return "  ";
  return escapeChar(match);
}

/**
 * Server text for display: newlines are kept, CRLF becomes \n, tabs become two spaces, every
 * other control or invisible character becomes a visible escape in its place.
 */
export function sanitize(text: string): string {
  // Most text has nothing to change: one scan, no copy.
  if (!CHANGED.test(text)) return text;
  return text.replace(CHANGED_ALL, replaceChanged);
}

/** Sanitise and fold to one line, for status fields and headers. */
export function sanitizeLine(text: string): string {
  const clean = sanitize(text);
  return clean.includes("\n") ? clean.replace(/\n+/g, " ⏎ ") : clean;
}

/** Only the escaping, for text already split into lines (no CRLF or tab handling). */
export function escapeControls(text: string): string {
  if (!ESCAPED.test(text)) return text;
  return text.replace(ESCAPED_ALL, escapeChar);
}

/** A run of text as drawn: `shown` stands for `raw`; `escape` marks a visible escape. */
export interface Piece {
  readonly raw: string;
  readonly shown: string;
  readonly escape: boolean;
}

/**
 * Text cut into plain runs and single escaped characters, for renderers that style the escapes
 * (so they stand apart from a literal backslash) or need to map a position in the raw text to a
 * column on screen (the edit field's cursor). Newlines stay in plain runs; a tab is its own
 * piece, shown as two spaces. Joining every `raw` gives back `text`.
 */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let plain = "";
  for (const ch of text) {
    const escape = isEscaped(ch);
    if (!escape && ch !== "\t") {
      plain += ch;
      continue;
    }
    if (plain) out.push({ raw: plain, shown: plain, escape: false });
    plain = "";
    out.push(escape ? { raw: ch, shown: escapeChar(ch), escape: true } : { raw: ch, shown: "  ", escape: false });
  }
  if (plain) out.push({ raw: plain, shown: plain, escape: false });
  return out;
}
