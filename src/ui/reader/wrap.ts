import { textWidth } from "../markdown/measure.js";

// Where a reader line breaks into screen rows at a width: the string index each row starts at.
// Hard wrapping by display width (a wide character that does not fit goes to the next row), so
// a match's position in the line maps to a row and a column without a second layout. Only the
// rows on screen (and those a scroll passes) are ever wrapped.

const ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter();

/** Start index of each row of `line` at `width` columns; an empty line is one row. */
export function rowStarts(line: string, width: number): number[] {
  const cols = Math.max(1, Math.floor(width));
  const starts = [0];
  if (ASCII.test(line)) {
    for (let i = cols; i < line.length; i += cols) starts.push(i);
    return starts;
  }
  let used = 0;
  for (const { segment, index } of segmenter.segment(line)) {
    const w = textWidth(segment);
    if (used + w > cols && used > 0) {
      starts.push(index);
      used = 0;
    }
    used += w;
  }
  return starts;
}

/** The row of `line` (at `width`) that holds string index `at`. */
export function rowOf(starts: readonly number[], at: number): number {
  let r = 0;
  while (r + 1 < starts.length && starts[r + 1]! <= at) r++;
  return r;
}
