import { Box, Text } from "ink";
import { rowCount } from "../transcriptRows.js";
import { chipsOfLine, draftWindow, lineRow, type ChipSpan, type DraftRow, type DraftWindow } from "./draftWindow.js";

// How an edit field's value is drawn: the input line, the command editor of a shell card, a
// deny reason, a question's free text. The value may be a raw command from the server (`e` on
// a card) or a paste, so it can hold ESC, C1 controls, BiDi overrides: those are drawn as
// visible escapes in inverse video (the same rule as all server text, src/ui/sanitize.ts) while
// the value itself, which is what gets sent, stays untouched. Before this, a live OSC 8 link,
// ESC[8m concealed text and blink in a command reached the terminal from the editor.

export interface FieldTextProps {
  value: string;
  /** Offset of the cursor in `value`. */
  cursor: number;
  focus: boolean;
  placeholder?: string | undefined;
  /** Rows the field may take at `width` columns; a longer draft shows a window around the cursor. */
  maxRows?: number | undefined;
  width?: number | undefined;
  /** Placeholders of pasted texts and images in `value`: each drawn (and wrapped) as one unit, in colour. */
  chips?: readonly ChipSpan[] | undefined;
}

/** What a field draws: its placeholder, a window of a long value, or every line of it. */
type FieldShape = { kind: "placeholder"; text: string } | { kind: "window"; window: DraftWindow } | { kind: "lines"; rows: DraftRow[] };

function fieldShape({ value, cursor, focus, placeholder, maxRows, width, chips = [] }: FieldTextProps): FieldShape {
  if (!value && placeholder) return { kind: "placeholder", text: placeholder };
  const window = maxRows !== undefined && width !== undefined ? draftWindow(value, focus ? cursor : value.length, width, maxRows, chips) : null;
  if (window) return { kind: "window", window };
  // One row per line, wrapped by Ink, so the cursor can sit at the end of a line, over the newline.
  let offset = 0;
  const rows = value.split("\n").map((line) => {
    const start = offset;
    offset += line.length + 1;
    const here = focus && cursor >= start && cursor <= start + line.length;
    return lineRow(line, here ? cursor - start : undefined, chipsOfLine(chips, start, line.length));
  });
  return { kind: "lines", rows };
}

const moreText = (n: number, where: string) => `… ${n} more row${n === 1 ? "" : "s"} ${where}`;
/** A row as one string of cells, as Ink wraps it. */
const rowText = (row: DraftRow, focus: boolean) => rowSegments(row, focus).map((s) => s.text).join("");

/** Screen rows the field takes at `props.width` columns (its whole value when no width is given). */
export function fieldRows(props: FieldTextProps & { width: number }): number {
  const shape = fieldShape(props);
  const w = props.width;
  const rows = (list: readonly DraftRow[]) => list.reduce((n, row) => n + rowCount(rowText(row, props.focus), w), 0);
  switch (shape.kind) {
    case "placeholder":
      return rowCount(shape.text, w);
    case "window": {
      const { window } = shape;
      // Each note is one row, cut short on a narrow screen: the window was sized for that.
      return (window.above ? 1 : 0) + rows(window.rows) + (window.below ? 1 : 0);
    }
    case "lines":
      return rows(shape.rows);
  }
}

/**
 * A field given a width takes exactly that many columns, whatever stands beside it in a row (a
 * prompt, a label), so it wraps where `fieldRows` counts.
 */
export function FieldText(props: FieldTextProps) {
  const drawn = <FieldShapeView {...props} />;
  return props.width === undefined ? (
    drawn
  ) : (
    <Box width={Math.max(1, Math.floor(props.width))} flexShrink={0} flexDirection="column">
      {drawn}
    </Box>
  );
}

function FieldShapeView(props: FieldTextProps) {
  const { focus } = props;
  const shape = fieldShape(props);
  if (shape.kind === "placeholder") {
    const placeholder = shape.text;
    return focus ? (
      <Text>
        <Text inverse>{placeholder[0]}</Text>
        <Text color="gray">{placeholder.slice(1)}</Text>
      </Text>
    ) : (
      <Text color="gray">{placeholder}</Text>
    );
  }
  if (shape.kind === "window") {
    const { window } = shape;
    const more = (n: number, where: string) => (n ? <Text color="gray" wrap="truncate-end">{moreText(n, where)}</Text> : null);
    return (
      <Box flexDirection="column">
        {more(window.above, "above")}
        {window.rows.map((row, i) => (
          <RowView key={i} row={row} focus={focus} />
        ))}
        {more(window.below, "below")}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {shape.rows.map((row, i) => (
        <RowView key={i} row={row} focus={focus} />
      ))}
    </Box>
  );
}

/** A run of a row with how it is drawn. */
export interface Segment {
  text: string;
  /** A visible escape: inverse video. */
  escape?: boolean;
  /** The cursor's cell. */
  cursor?: boolean;
  /** Part of a chip: drawn in colour. */
  chip?: boolean;
}

const segmenter = new Intl.Segmenter();

/** A row cut into plain runs, escapes and the cursor's cell (one grapheme, or " " past the end). */
export function rowSegments(row: DraftRow, focus: boolean): Segment[] {
  const { text } = row;
  const cursor = focus ? row.cursor : undefined;
  const out: Segment[] = [];
  const push = (from: number, to: number, escape: boolean, chip = false) => {
    if (to <= from) return;
    const marks = { ...(escape ? { escape } : {}), ...(chip ? { chip } : {}) };
    if (cursor === undefined || cursor < from || cursor >= to) {
      out.push({ text: text.slice(from, to), ...marks });
      return;
    }
    // The cursor's cell is one grapheme: a wide character is drawn whole under it.
    const first = segmenter.segment(text.slice(cursor, to))[Symbol.iterator]().next().value?.segment ?? "";
    if (cursor > from) push(from, cursor, escape, chip);
    out.push({ text: first, ...marks, cursor: true });
    push(cursor + first.length, to, escape, chip);
  };
  // Escapes and chips never overlap (a chip's label is printable): one pass in order.
  const spans = [...(row.escapes ?? []).map(([f, t]) => [f, t, true] as const), ...(row.chips ?? []).map(([f, t]) => [f, t, false] as const)].sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [from, to, escape] of spans) {
    push(at, from, false);
    push(from, to, escape, !escape);
    at = to;
  }
  push(at, text.length, false);
  if (cursor !== undefined && cursor >= text.length) out.push({ text: " ", cursor: true });
  if (out.length === 0) out.push({ text: " " });
  return out;
}

function RowView({ row, focus }: { row: DraftRow; focus: boolean }) {
  return (
    <Text>
      {rowSegments(row, focus).map((s, i) =>
        // The cursor is inverse on plain text; on an escape, already inverse, it is the one plain cell.
        s.escape || s.cursor || s.chip ? (
          <Text key={i} inverse={!!s.escape !== !!s.cursor} underline={!!s.escape && !!s.cursor} {...(s.chip ? { color: "cyan" } : {})}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
