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
// This is the definition; the table below is built from it, for speed.
const ESCAPED = new RegExp(`(?![${KEEP}])[${CONTROL}${INVISIBLE}]`, "u");

// Text is scanned on every frame, often a whole tool output; a regular expression with the
// Unicode classes above costs ~12 ms per MB of mixed text, a table lookup per UTF-16 unit ~1 ms.
// Per unit: 0 shown as is, 1 escaped, 2 a high surrogate that may start an escaped astral
// character (tag characters and the like), 3 any other high surrogate, 4 a low surrogate (only
// ever met unpaired: a pair is consumed from its high half).
const PLAIN = 0;
const ESCAPE = 1;
const HIGH_MAYBE = 2;
const HIGH = 3;
const LOW = 4;
const TABLE = buildTable();

/** The table's verdict on one code point, for the test that holds it to ESCAPED. */
export function tableEscapes(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return scan(ch, false) !== ch;
}

function buildTable(): Uint8Array {
  const t = new Uint8Array(0x10000);
  t.fill(HIGH, 0xd800, 0xdc00);
  t.fill(LOW, 0xdc00, 0xe000);
  // One pass of the definition over every other BMP unit, rather than 63 000 separate tests.
  let bmp = "";
  for (let u = 0; u < 0xd800; u++) bmp += String.fromCharCode(u);
  for (let u = 0xe000; u < 0x10000; u++) bmp += String.fromCharCode(u);
  for (const m of bmp.matchAll(new RegExp(ESCAPED.source, "gu"))) t[m[0].charCodeAt(0)] = ESCAPE;
  t[0x0a] = PLAIN;
  t[0x09] = ESCAPE; // tabs: two spaces, or left alone by escapeControls()
  // The astral default-ignorables: U+1BCA0-1BCA3, U+1D173-1D17A, U+E0000-E0FFF (tags and
  // variation selectors). A unit test checks the table against ESCAPED on every code point.
  for (const high of [0xd82f, 0xd834, 0xdb40, 0xdb41, 0xdb42, 0xdb43]) t[high] = HIGH_MAYBE;
  return t;
}

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

/**
 * The one scan behind every function here. `lines`: CRLF becomes \n and a tab two spaces (as
 * sanitize does); otherwise both stay as they are.
 */
function scan(text: string, lines: boolean): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = TABLE[text.charCodeAt(i)]!;
    if (kind === PLAIN) continue;
    let length = 1;
    let shown: string;
    if (kind === HIGH || kind === HIGH_MAYBE) {
      const pair = text.codePointAt(i)!;
      if (pair > 0xffff) {
        // A well-formed pair: escaped only if it is one of the invisible astral characters.
        if (kind === HIGH || !ESCAPED.test(String.fromCodePoint(pair))) {
          i++;
          continue;
        }
        length = 2;
      }
      shown = `\\u{${pair.toString(16)}}`;
    } else if (kind === LOW) {
      shown = `\\u{${text.charCodeAt(i).toString(16)}}`;
    } else {
      const ch = text[i]!;
      if (ch === "\t") {
        if (!lines) continue;
        shown = "  ";
      } else if (ch === "\r" && lines && text[i + 1] === "\n") {
        shown = "";
      } else {
        shown = escapeChar(ch);
      }
    }
    out += text.slice(last, i) + shown;
    last = i + length;
    i += length - 1;
  }
  // Most text has nothing to change: no copy.
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Server text for display: newlines are kept, CRLF becomes \n, tabs become two spaces, every
 * other control or invisible character becomes a visible escape in its place.
 */
export function sanitize(text: string): string {
  return scan(text, true);
}

/** Sanitise and fold to one line, for status fields and headers. */
export function sanitizeLine(text: string): string {
  const clean = sanitize(text);
  return clean.includes("\n") ? clean.replace(/\n+/g, " ⏎ ") : clean;
}

/** Only the escaping, for text already split into lines (no CRLF or tab handling). */
export function escapeControls(text: string): string {
  return scan(text, false);
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
