// How much of one huge item the screen takes on. A reply printed into the scrollback goes
// through Ink as one object per character (about 100 bytes each): a 10 MB reply took
// gigabytes and most of a minute, long enough for the heartbeat to drop the connection. So an
// item is printed up to PRINT_CHARS with a note of what was left out, and a live item is
// re-rendered only from its last LIVE_CHARS on every frame (it shows its last rows anyway).

/** Characters of one item printed into the scrollback. */
export const PRINT_CHARS = 64 * 1024;
/** Characters at the end of a live item rendered per frame: far more than a screen of rows. */
export const LIVE_CHARS = 16 * 1024;

/** "… 937 KB more not shown": characters left out, as the size a person can picture. */
export function moreNote(chars: number): string {
  const size = chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`;
  return `… ${size} more not shown`;
}

/** Never cut between the two halves of a surrogate pair. */
function safeEnd(text: string, end: number): number {
  return end > 0 && end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!) ? end - 1 : end;
}

/** The start of `text` up to `max` characters, and how many were left out. */
export function head(text: string, max = PRINT_CHARS): { text: string; omitted: number } {
  if (text.length <= max) return { text, omitted: 0 };
  const end = safeEnd(text, max);
  return { text: text.slice(0, end), omitted: text.length - end };
}

/** The end of `text` from at most `max` characters back, starting on a line where it can. */
export function tail(text: string, max = PRINT_CHARS): { text: string; omitted: number } {
  if (text.length <= max) return { text, omitted: 0 };
  let start = safeEnd(text, text.length - max);
  const line = text.indexOf("\n", start);
  if (line !== -1 && line - start < max / 2) start = line + 1;
  return { text: text.slice(start), omitted: start };
}

const FENCE = /^ {0,3}(```|~~~)/gm;

/**
 * The part of a live markdown text worth rendering this frame: its last LIVE_CHARS from a line
 * start, reopened as a code block when the cut falls inside one (so code still looks like code).
 */
export function liveMarkdownTail(text: string, max = LIVE_CHARS): string {
  const cut = tail(text, max);
  if (cut.omitted === 0) return text;
  const fences = text.slice(0, cut.omitted).match(FENCE) ?? [];
  const open = fences.length % 2 === 1 ? `${fences.at(-1)!.trim()}\n` : "";
  return open + cut.text;
}
