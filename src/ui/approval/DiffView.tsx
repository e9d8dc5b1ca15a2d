import { Box, Text } from "ink";
import type { DiffPreview } from "../../protocol/approval.js";
import { serialize, type Span, type Style } from "../markdown/style.js";
import { sanitizeLine } from "../sanitize.js";
import { rowsFor, type DiffRow, type LineType } from "./diffRows.js";
import { fold, moreLinesText } from "./fold.js";
import type { ToolInput } from "./inputs.js";

// Rows are styled as spans and serialised by the markdown module's serializer, the one place
// that writes escape codes (SGR only). Colour is then decided by the `color` prop alone rather
// than by what chalk detected at import time, and stays identical in tests and on a terminal.

export interface DiffViewProps {
  toolName: string;
  input: ToolInput;
  /** The server's previews; without them the view draws what the arguments say. */
  diffs?: readonly DiffPreview[] | undefined;
  /** Rows to show before folding; Infinity for all. */
  maxLines: number;
  color: boolean;
  /** Appended to the fold notice, e.g. "(f to show all)". */
  moreHint?: string | undefined;
}

const GUTTER: Style = { fg: "gray" };
const LINE_STYLE: Record<LineType, Style | undefined> = {
  context: undefined,
  add: { fg: "green" },
  remove: { fg: "red" },
};
const MARKER: Record<LineType, string> = { context: " ", add: "+", remove: "-" };

interface Gutter {
  oldWidth: number;
  newWidth: number;
}

/** Column widths for the numbers in `rows`; a column no row uses is left out. */
function gutterOf(rows: readonly DiffRow[]): Gutter {
  let oldMax = 0;
  let newMax = 0;
  let hasOld = false;
  let hasNew = false;
  for (const r of rows) {
    if (r.kind !== "line") continue;
    if (r.old !== undefined) {
      hasOld = true;
      oldMax = Math.max(oldMax, r.old);
    }
    if (r.new !== undefined) {
      hasNew = true;
      newMax = Math.max(newMax, r.new);
    }
  }
  return { oldWidth: hasOld ? String(oldMax).length : 0, newWidth: hasNew ? String(newMax).length : 0 };
}

function column(n: number | undefined, width: number): string {
  if (width === 0) return "";
  return `${n === undefined ? "".padStart(width) : String(n).padStart(width)} `;
}

function rowSpans(row: DiffRow, gutter: Gutter): Span[] {
  switch (row.kind) {
    case "file":
      return [{ text: sanitizeLine(row.path), style: { bold: true } }];
    case "hunk":
      return [{ text: sanitizeLine(row.text), style: { fg: "cyan" } }];
    case "note":
      return [{ text: sanitizeLine(row.text), style: { fg: "gray", italic: true } }];
    case "line": {
      const numbers = column(row.old, gutter.oldWidth) + column(row.new, gutter.newWidth);
      const style = LINE_STYLE[row.type];
      return [
        { text: numbers, style: GUTTER },
        { text: `${MARKER[row.type]} ${sanitizeLine(row.content)}`, style },
      ];
    }
  }
}

/**
 * Display strings for rows (SGR codes only when `color`), one per screen row before wrapping.
 * The gutter is sized for `all` rows, so unfolding a diff does not shift the shown ones.
 */
export function renderRows(rows: readonly DiffRow[], color: boolean, all: readonly DiffRow[] = rows): string[] {
  const gutter = gutterOf(all);
  return rows.map((row) => serialize([rowSpans(row, gutter)], color));
}

export interface DiffRowsViewProps {
  rows: readonly DiffRow[];
  maxLines: number;
  color: boolean;
  moreHint?: string | undefined;
}

/** Rows already built (see `rowsFor`), folded at `maxLines`. */
export function DiffRowsView({ rows, maxLines, color, moreHint }: DiffRowsViewProps) {
  if (rows.length === 0) return null;
  const { shown, hidden } = fold(rows, maxLines);
  return (
    <Box flexDirection="column">
      {renderRows(shown, color, rows).map((text, i) => (
        <Text key={i}>{text}</Text>
      ))}
      {hidden > 0 ? <Text color="gray">{moreLinesText(hidden, moreHint)}</Text> : null}
    </Box>
  );
}

/** A coloured unified diff of the server's previews, folded at `maxLines` rows. */
export function DiffView({ toolName, input, diffs, maxLines, color, moreHint }: DiffViewProps) {
  const rows = rowsFor(toolName, input, diffs);
  return rows ? <DiffRowsView rows={rows} maxLines={maxLines} color={color} moreHint={moreHint} /> : null;
}
