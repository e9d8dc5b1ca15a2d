import { textWidth } from "../markdown/measure.js";

// Where a reader line breaks into screen rows at a width: the string index each row starts at.
// Lines break after the last space that fits (a word longer than the row is cut where the row
// ends; a wide character that does not fit goes to the next row), so a match's position in the
// line maps to a row and a column without a second layout. Only the rows on screen (and those
// a scroll passes) are ever wrapped.

const ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** Start index of each row of `line` at `width` columns; an empty line is one row. */
export function rowStarts(line: string, width: number): number[] {
  const cols = Math.max(1, Math.floor(width));
  const starts = [0];
  if (ASCII.test(line)) {
    for (let start = 0; line.length - start > cols; ) {
      const space = line.lastIndexOf(" ", start + cols - 1);
      // After the last space in the row, unless the row has none (or only at its start).
      start = space > start ? space + 1 : start + cols;
      starts.push(start);
    }
    return starts;
  }
  let used = 0;
  // Just after the last space of this row, and the columns used up to there.
  let brk = -1;
  let usedAtBrk = 0;
  for (const { segment, index } of segmenter.segment(line)) {
    const w = textWidth(segment);
    if (used + w > cols && used > 0) {
      const start = brk > starts.at(-1)! && brk <= index ? brk : index;
      starts.push(start);
      used = start === index ? 0 : used - usedAtBrk;
      brk = -1;
    }
    used += w;
    if (segment === " ") (brk = index + 1), (usedAtBrk = used);
  }
  return starts;
}

/** The row of `line` (at `width`) that holds string index `at`. */
export function rowOf(starts: readonly number[], at: number): number {
  let r = 0;
  while (r + 1 < starts.length && starts[r + 1]! <= at) r++;
  return r;
}
