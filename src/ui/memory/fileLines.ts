import wrapAnsi from "wrap-ansi";
import { renderMarkdown } from "../markdown/index.js";

// A memory file's body rendered as markdown, as screen rows for a window of it. The render is
// kept for the last file and width asked: a key that scrolls does not render the file again,
// and what is drawn is only the window (the render is the one cost that grows with the file).

/** Rows of a file, diff or old version shown at once; the rest scrolls. */
export const VIEW_ROWS = 14;

/** The last few renders: the drawing's, and the key steps' (which count lines at a fixed width). */
const cache: { body: string; width: number; color: boolean; lines: string[] }[] = [];
const CACHED = 3;

/**
 * The widest a line of a file is drawn. The markdown renderer leaves paragraphs as one line
 * each (Ink wraps them), and the view scrolls by line: a paragraph taller than the window
 * would have its end out of reach. Cut at this width, no line is taller than a few rows at any
 * width, and the line count the key steps see (they know no width) is the drawn one.
 */
export const READ_WIDTH = 80;

/** The lines of `body` rendered as markdown for a panel `width` wide, none wider than READ_WIDTH. */
export function renderedLines(body: string, width: number, color: boolean): string[] {
  const hit = cache.find((c) => c.body === body && c.width === width && c.color === color);
  if (hit) return hit.lines;
  const text = renderMarkdown(body, { width: Math.min(width, READ_WIDTH), color });
  const lines = text === "" ? ["(empty)"] : text.split("\n").flatMap((l) => wrapAnsi(l, READ_WIDTH, { hard: true, trim: false }).split("\n"));
  cache.unshift({ body, width, color, lines });
  cache.length = Math.min(cache.length, CACHED);
  return lines;
}

/**
 * Rendered lines of a body, for the key steps' scroll limit (they know no width). Only tables
 * and rules narrower than READ_WIDTH depend on the width, so the count is the drawing's but for them.
 */
export const fileRowCount = (body: string): number => renderedLines(body, READ_WIDTH, false).length;

/** The lines a scroll position may start at: the last one still shows a full window's worth, or the first. */
export function maxScroll(count: number): number {
  return Math.max(0, count - VIEW_ROWS);
}

/**
 * Screen rows from rendered line `scroll` on, each line wrapped to `width`, up to VIEW_ROWS
 * rows; and whether lines are left above and below the window.
 */
export function windowRows(lines: readonly string[], scroll: number, width: number): { rows: string[]; above: number; below: number } {
  const from = Math.min(Math.max(0, scroll), maxScroll(lines.length));
  const rows: string[] = [];
  let i = from;
  for (; i < lines.length && rows.length < VIEW_ROWS; i++) {
    const wrapped = wrapAnsi(lines[i]!, Math.max(1, width), { hard: true, trim: false }).split("\n");
    rows.push(...wrapped.slice(0, VIEW_ROWS - rows.length));
  }
  return { rows, above: from, below: lines.length - i };
}
