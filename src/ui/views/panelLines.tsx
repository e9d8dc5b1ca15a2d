import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import { FieldText, fieldRows } from "../components/FieldText.js";
import type { Field } from "../components/textEdit.js";
import { wrapped } from "../layout/rows.js";

// A bordered panel of one-row lines (the schedules and skills views): every line is cut to the
// width, so the panel's height is its line count plus the border, whatever the text holds; a
// note or an error wraps (a reason cut off is no reason), and a text field takes the rows it
// wraps to, up to FIELD_ROWS.
// Callers pass text already made safe (sanitizeLine): this only lays it out.

export type PanelLine =
  | { kind: "title" | "row" | "selected" | "dim" | "note" | "error"; text: string }
  /** A one-row text field; `placeholder` shows while it is empty (it is never drawn empty). */
  | { kind: "field"; field: Field; placeholder: string };

/** Rows a long field may take before it scrolls. */
const FIELD_ROWS = 3;
/** The border's two columns and the padding's two. */
const inner = (width: number) => Math.max(1, width - 4);

/** Rows the panel takes at `width`: one per line, a field's own rows, and the border above and below. */
export function panelRows(lines: readonly PanelLine[], width: number): number {
  return lines.reduce((n, l) => {
    if (l.kind === "field") return n + fieldRows({ value: l.field.value, cursor: l.field.cursor, focus: true, placeholder: l.placeholder, maxRows: FIELD_ROWS, width: inner(width) });
    return n + (wraps(l.kind) ? Math.max(1, wrapped(l.text || " ", inner(width))) : 1);
  }, 2);
}

const wraps = (kind: PanelLine["kind"]) => kind === "note" || kind === "error";

const COLORS: Partial<Record<PanelLine["kind"], string>> = { dim: "gray", note: "yellow", error: "red" };

export function PanelLines({ lines, width, color }: { lines: readonly PanelLine[]; width: number; color: string }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={color} paddingX={1}>
      {lines.map((l, i) =>
        l.kind === "field" ? (
          <FieldText key={i} value={l.field.value} cursor={l.field.cursor} focus maxRows={FIELD_ROWS} width={inner(width)} placeholder={l.placeholder} />
        ) : (
          <Text key={i} wrap={wraps(l.kind) ? "wrap" : "truncate-end"} bold={l.kind === "title"} inverse={l.kind === "selected"} {...(COLORS[l.kind] ? { color: COLORS[l.kind] } : {})}>
            {selectionMark(l.kind === "selected")}
            {l.text || " "}
          </Text>
        ),
      )}
    </Box>
  );
}
