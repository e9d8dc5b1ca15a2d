import wrapAnsi from "wrap-ansi";

// Screen rows, not '\n' lines, decide whether the live region fits: one long line wraps into
// many rows. Ink 8 clears and redraws the whole screen whenever its output is as tall as the
// terminal, so everything live is measured here with the wrapping Ink itself uses.

/** `text` laid out in `width` columns as Ink's <Text wrap="wrap"> does, one string per row. */
export function screenRows(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(1, Math.floor(width)), { trim: false, hard: true }).split("\n");
}

/** Text already cut to fit, and how many rows it takes at the width it was cut for. */
export interface Fitted {
  text: string;
  rows: number;
}

/**
 * `text` cut to its last rows so that it takes at most `max` rows at `width`, the first of them
 * "… N more lines" when any were cut. The result is pre-wrapped, so Ink lays it out exactly as
 * counted. With no room at all, only the notice is left (one row more than `max`).
 */
export function tailRows(text: string, max: number, width: number): Fitted {
  const lines = text.split("\n");
  if (!Number.isFinite(max)) {
    const rows = lines.flatMap((l) => screenRows(l, width));
    return { text: rows.join("\n"), rows: rows.length };
  }
  const limit = Math.max(1, Math.floor(max));
  // Each line takes at least one row, so lines before the last `limit` can never show: they
  // are counted, not wrapped (a streaming reply is re-fitted on every frame).
  // Likewise, of a line longer than `limit` full rows only its end can show: a megabyte of
  // output on one line is cut before wrapping, not wrapped whole on every frame. Its cut part
  // is counted as rows of `width` (wide characters would make it more; the count is a hint).
  const cap = limit * Math.max(1, Math.floor(width));
  let cutRows = 0;
  const kept = lines.slice(Math.max(0, lines.length - limit)).map((l) => {
    if (l.length <= cap) return l;
    let start = l.length - cap;
    // Never start inside a surrogate pair.
    if (/[\udc00-\udfff]/.test(l[start] ?? "")) start += 1;
    cutRows += Math.ceil(start / Math.max(1, Math.floor(width)));
    return l.slice(start);
  });
  const rows = kept.flatMap((l) => screenRows(l, width));
  if (kept.length === lines.length && cutRows === 0 && rows.length <= max) return { text: rows.join("\n"), rows: rows.length };
  const shown = rows.slice(Math.max(0, rows.length - (limit - 1)));
  const hidden = lines.length - kept.length + cutRows + rows.length - shown.length;
  const notice = `… ${hidden} more line${hidden === 1 ? "" : "s"}`;
  return { text: [notice, ...shown].join("\n"), rows: shown.length + 1 };
}

/**
 * Rows `text` takes at `width`, or `atMost` if that is fewer: past it nothing more is wrapped,
 * so measuring a pasted log against a small limit costs little on every keystroke.
 */
export function rowCount(text: string, width: number, atMost = Number.POSITIVE_INFINITY): number {
  const cols = Math.max(1, Math.floor(width));
  let n = 0;
  for (const line of text.split("\n")) {
    // A row holds at most `cols` characters: a line this long fills the limit by itself.
    n += line.length > atMost * cols ? atMost : screenRows(line, width).length;
    if (n >= atMost) return atMost;
  }
  return n;
}

/**
 * `text` cut to its first rows so that it takes at most `max` rows at `width`, the last of them
 * "… N more lines (Ctrl+O)" when any were cut: for output read from its start (a command's
 * result, a summary). Lines past `max` are counted, never wrapped.
 */
export function headRows(text: string, max: number, width: number): Fitted {
  if (!Number.isFinite(max)) return tailRows(text, max, width);
  const limit = Math.max(1, Math.floor(max));
  const lines = text.split("\n");
  const rows: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (rows.length > limit) break;
    rows.push(...screenRows(line.slice(0, (limit + 1) * Math.max(1, Math.floor(width))), width));
    used += 1;
  }
  if (used === lines.length && rows.length <= limit) return { text: rows.join("\n"), rows: rows.length };
  const shown = rows.slice(0, limit - 1);
  const hidden = lines.length - used + rows.length - shown.length;
  return { text: [...shown, `… ${hidden} more line${hidden === 1 ? "" : "s"} (Ctrl+O)`].join("\n"), rows: shown.length + 1 };
}
