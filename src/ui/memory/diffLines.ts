import wrapAnsi from "wrap-ansi";
import { contentRows, type DiffRow } from "../approval/diffRows.js";
import { renderRows } from "../approval/DiffView.js";
import { READ_WIDTH } from "./fileLines.js";

// A diff (or an old version, numbered) as the lines the memory view scrolls: each row drawn as
// the approval cards draw it, cut at READ_WIDTH so a long changed paragraph is read to its end
// rather than cut off at the panel's edge. Kept per diff: scrolling does not draw it again.

const drawn = new WeakMap<readonly DiffRow[], { color: boolean; lines: string[] }>();

export function diffLines(rows: readonly DiffRow[], color: boolean): string[] {
  const hit = drawn.get(rows);
  if (hit && hit.color === color) return hit.lines;
  const lines = renderRows(rows, color).flatMap((l) => wrapAnsi(l, READ_WIDTH, { hard: true, trim: false }).split("\n"));
  drawn.set(rows, { color, lines });
  return lines;
}

let lastOld: { content: string; rows: readonly DiffRow[] } | undefined;

/** An old version's rows (numbered from 1), the same array for the same text. */
export function oldRows(content: string): readonly DiffRow[] {
  if (lastOld?.content !== content) lastOld = { content, rows: contentRows(content) };
  return lastOld.rows;
}
