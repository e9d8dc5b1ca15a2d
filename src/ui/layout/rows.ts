import { rowCount } from "../transcriptRows.js";

// Heights are stated next to each view's render, as pure functions of its props and width:
// they run inside the App's render, where nothing may be laid out by Ink itself (its
// reconciler is one per process and does not re-enter). The views draw the same strings these
// count, built by shared functions, and the drift tests (test/unit/view-heights.test.tsx)
// render each view at random widths and compare.

/** Rows `text` takes when Ink wraps it in `width` columns (<Text>, wrap="wrap"); 0 for nothing (Ink draws an empty text in no row). */
export function wrapped(text: string | undefined | false | null, width: number): number {
  return !text ? 0 : rowCount(text, width);
}

/** A line drawn with wrap="truncate…": one row, or none when it is empty. */
export function cut(text: string | undefined | false | null): number {
  return !text ? 0 : 1;
}
