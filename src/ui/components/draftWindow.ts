import { textWidth } from "../markdown/measure.js";
import { rowCount } from "../transcriptRows.js";

// A long draft (a paste of a log, a long prompt) must not make the input taller than the
// screen: Ink would clear and redraw everything on each keypress and leave copies of the input
// in the scrollback. Past `maxRows` screen rows, only a window of rows around the cursor shows.

/** Rows a draft may take before it scrolls within the input: a third of the screen, at least 3. */
export function draftMaxRows(screenRows: number): number {
  return Math.max(3, Math.floor(screenRows / 3));
}

export interface DraftRow {
  text: string;
  /** Column of the cursor on this row, when it is here. */
  cursor?: number;
}

export interface DraftWindow {
  rows: DraftRow[];
  /** Rows of the draft above and below the window. */
  above: number;
  below: number;
}

const segmenter = new Intl.Segmenter();

/** One line cut into rows of at most `width` columns; `starts` are the offsets where rows begin. */
function cutLine(line: string, width: number): { rows: string[]; starts: number[] } {
  const rows: string[] = [];
  const starts: number[] = [];
  let row = "";
  let used = 0;
  let start = 0;
  let offset = 0;
  for (const { segment } of segmenter.segment(line)) {
    const w = textWidth(segment);
    if (used + w > width && row) {
      rows.push(row);
      starts.push(start);
      row = "";
      used = 0;
      start = offset;
    }
    row += segment;
    used += w;
    offset += segment.length;
  }
  rows.push(row);
  starts.push(start);
  return { rows, starts };
}

/**
 * The rows to draw for `value` with the cursor at `cursor`, or null when the draft fits in
 * `maxRows` as Ink would wrap it (rows are then drawn by Ink itself). Cutting by columns rather
 * than at word boundaries keeps the cursor's place exact; it only applies to drafts too long
 * to show whole anyway.
 */
export function draftWindow(value: string, cursor: number, width: number, maxRows: number): DraftWindow | null {
  const w = Math.max(1, Math.floor(width));
  const all: DraftRow[] = [];
  let offset = 0;
  let cursorRow = 0;
  for (const line of value.split("\n")) {
    const { rows, starts } = cutLine(line, w);
    rows.forEach((text, i) => {
      const from = offset + starts[i]!;
      const to = i + 1 < rows.length ? offset + starts[i + 1]! : offset + line.length + 1;
      const here = cursor >= from && cursor < to;
      if (here) cursorRow = all.length;
      all.push(here ? { text, cursor: cursor - from } : { text });
    });
    offset += line.length + 1;
  }
  // Whole, Ink wraps at word boundaries (and the cursor may sit one cell past a line's end),
  // which can take more rows than cutting by columns: that is what has to fit.
  if (all.length <= maxRows && rowCount(value.replace(/$/gm, " "), w, maxRows + 1) <= maxRows) return null;
  // The window and its "… more" rows together stay within maxRows.
  const size = Math.max(1, maxRows - 2);
  const first = Math.min(Math.max(0, cursorRow - size + 1), all.length - size);
  return { rows: all.slice(first, first + size), above: first, below: all.length - first - size };
}
