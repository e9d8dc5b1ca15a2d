import { textWidth } from "../markdown/measure.js";
import { pieces } from "../sanitize.js";
import { rowCount } from "../transcriptRows.js";

// A long draft (a paste of a log, a long prompt) must not make the input taller than the
// screen: Ink would clear and redraw everything on each keypress and leave copies of the input
// in the scrollback. Past `maxRows` screen rows, only a window of rows around the cursor shows.
//
// A field's value may hold control characters: `e` on a shell card puts the raw command in it,
// and a paste can carry anything. They are drawn as visible escapes (src/ui/sanitize.ts), never
// passed to the terminal, so rows are measured and the cursor placed on the value as drawn,
// where one ESC takes the four columns of `\x1b`.

/** Rows a draft may take before it scrolls within the input: a third of the screen, at least 3. */
export function draftMaxRows(screenRows: number): number {
  return Math.max(3, Math.floor(screenRows / 3));
}

export interface DraftRow {
  /** The row as drawn: control characters expanded to their visible escapes. */
  text: string;
  /** Index in `text` of the cell the cursor is on, when it is on this row. */
  cursor?: number;
  /** Where `text` holds visible escapes, as [from, to) indices, so they can be drawn apart. */
  escapes?: ReadonlyArray<readonly [number, number]>;
  /** Where `text` holds chips (a pasted text's or image's placeholder), as [from, to) indices. */
  chips?: ReadonlyArray<readonly [number, number]>;
}

/** A chip of the value: [from, to) offsets of a placeholder drawn and wrapped as one unit. */
export type ChipSpan = readonly [number, number];

export interface DraftWindow {
  rows: DraftRow[];
  /** Rows of the draft above and below the window. */
  above: number;
  below: number;
}

const segmenter = new Intl.Segmenter();

/** The smallest thing drawn: a grapheme, or one control character's whole visible escape. */
interface Unit {
  readonly shown: string;
  /** Offset of its first character in the raw line, and how many raw characters it stands for. */
  readonly at: number;
  readonly length: number;
  readonly escape: boolean;
  readonly chip?: true;
}

function plainUnits(text: string, base: number, out: Unit[]): void {
  let at = base;
  for (const p of pieces(text)) {
    if (p.escape || p.raw !== p.shown) out.push({ shown: p.shown, at, length: p.raw.length, escape: p.escape });
    else for (const { segment, index } of segmenter.segment(p.raw)) out.push({ shown: segment, at: at + index, length: segment.length, escape: false });
    at += p.raw.length;
  }
}

/** A line's units; each chip (offsets in the line; its label is printable) is one unit, never cut across rows. */
function unitsOf(line: string, chips: readonly ChipSpan[] = []): Unit[] {
  const out: Unit[] = [];
  let at = 0;
  for (const [from, to] of chips) {
    plainUnits(line.slice(at, from), at, out);
    out.push({ shown: line.slice(from, to), at: from, length: to - from, escape: false, chip: true });
    at = to;
  }
  plainUnits(line.slice(at), at, out);
  return out;
}

/** The chips of the line that starts at `offset` (`length` long), as offsets in it. */
export function chipsOfLine(chips: readonly ChipSpan[], offset: number, length: number): ChipSpan[] {
  return chips.filter(([from, to]) => from >= offset && to <= offset + length).map(([from, to]) => [from - offset, to - offset] as const);
}

/** A row of units as drawn, with the cursor when `cursor` (an offset in the raw line) falls in it. */
function rowOf(units: readonly Unit[], cursor: number | undefined): DraftRow {
  let text = "";
  let at: number | undefined;
  const escapes: Array<readonly [number, number]> = [];
  const chips: Array<readonly [number, number]> = [];
  for (const u of units) {
    if (cursor !== undefined && at === undefined && cursor < u.at + u.length) at = text.length;
    if (u.escape) escapes.push([text.length, text.length + u.shown.length]);
    if (u.chip) chips.push([text.length, text.length + u.shown.length]);
    text += u.shown;
  }
  // Past the last unit: the cell after the row's end.
  if (cursor !== undefined && at === undefined) at = text.length;
  const row: DraftRow = { text };
  if (at !== undefined) row.cursor = at;
  if (escapes.length) row.escapes = escapes;
  if (chips.length) row.chips = chips;
  return row;
}

/** One raw line (no \n) as drawn, whole, with the cursor at `cursor` (an offset in it) if given. */
export function lineRow(line: string, cursor?: number, chips?: readonly ChipSpan[]): DraftRow {
  return rowOf(unitsOf(line, chips), cursor);
}

/** The whole value as drawn, line by line, for measuring. */
function shownValue(value: string): string {
  return value
    .split("\n")
    .map((l) => lineRow(l).text)
    .join("\n");
}

/** One line's units cut into rows of at most `width` columns (an escape is never split). */
/** A chip wider than a whole row is cut like text (a screen narrower than a label): no row may outgrow the width. */
function fitChips(units: readonly Unit[], width: number): Unit[] {
  return units.flatMap((u) => (u.chip && textWidth(u.shown) > width ? [...u.shown].map((c, i): Unit => ({ shown: c, at: u.at + i, length: 1, escape: false, chip: true })) : [u]));
}

function cutLine(line: readonly Unit[], width: number): Unit[][] {
  const units = fitChips(line, width);
  const rows: Unit[][] = [];
  let row: Unit[] = [];
  let used = 0;
  for (const u of units) {
    const w = textWidth(u.shown);
    if (used + w > width && row.length) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(u);
    used += w;
  }
  rows.push(row);
  return rows;
}

/**
 * The rows to draw for `value` with the cursor at `cursor`, or null when the draft fits in
 * `maxRows` as Ink would wrap it (rows are then drawn by Ink itself). Cutting by columns rather
 * than at word boundaries keeps the cursor's place exact; it only applies to drafts too long
 * to show whole anyway.
 */
export function draftWindow(value: string, cursor: number, width: number, maxRows: number, chips: readonly ChipSpan[] = []): DraftWindow | null {
  const w = Math.max(1, Math.floor(width));
  const all: DraftRow[] = [];
  let offset = 0;
  let cursorRow = 0;
  for (const line of value.split("\n")) {
    const rows = cutLine(unitsOf(line, chipsOfLine(chips, offset, line.length)), w);
    rows.forEach((units, i) => {
      const from = offset + (units[0]?.at ?? 0);
      const to = i + 1 < rows.length ? offset + rows[i + 1]![0]!.at : offset + line.length + 1;
      const here = cursor >= from && cursor < to;
      // The cursor past the end of a full row takes a cell of its own: on the next row, as a
      // terminal puts it, so no row is drawn wider than `w`.
      const spills = here && cursor - offset === line.length && units.reduce((n, u) => n + textWidth(u.shown), 0) >= w;
      if (spills) {
        all.push(rowOf(units, undefined));
        cursorRow = all.length;
        all.push({ text: "", cursor: 0 });
        return;
      }
      if (here) cursorRow = all.length;
      all.push(rowOf(units, here ? cursor - offset : undefined));
    });
    offset += line.length + 1;
  }
  // Whole, Ink wraps at word boundaries (and the cursor may sit one cell past a line's end),
  // which can take more rows than cutting by columns: that is what has to fit.
  if (all.length <= maxRows && rowCount(shownValue(value).replace(/$/gm, " "), w, maxRows + 1) <= maxRows) return null;
  // The window and its "… more" rows together stay within maxRows.
  const size = Math.max(1, maxRows - 2);
  const first = Math.min(Math.max(0, cursorRow - size + 1), all.length - size);
  return { rows: all.slice(first, first + size), above: first, below: all.length - first - size };
}
