import { Box, Text } from "ink";
import { draftWindow, type DraftRow } from "./draftWindow.js";

export interface TextFieldProps {
  value: string;
  /** Where the cursor sits in `value` (the owner edits both with textEdit's `edit` and `paste`). */
  cursor: number;
  focus: boolean;
  placeholder?: string;
  /** Rows the field may take at `width` columns; a longer draft shows a window around the cursor. */
  maxRows?: number;
  width?: number;
}

/**
 * A multi-line text field, drawn from the value and cursor its owner keeps. It reads no keys:
 * the App routes every key by the state of the moment (a card that just appeared, an answer
 * just sent) and edits the field it picked with the pure `edit` (textEdit.ts), on a ref, so
 * keys typed faster than React re-renders (type-ahead right after Enter, a paste) build on
 * each other.
 */
export function TextField({ value, cursor: at, focus, placeholder, maxRows, width }: TextFieldProps) {
  // In the shape the drawing below has always read (it was a ref when the field kept its own state).
  const field = { current: { value, cursor: Math.max(0, Math.min(at, value.length)) } };
  const { value: v, cursor } = field.current;
  if (!v && placeholder) {
    return focus ? (
      <Text>
        <Text inverse>{placeholder[0]}</Text>
        <Text color="gray">{placeholder.slice(1)}</Text>
      </Text>
    ) : (
      <Text color="gray">{placeholder}</Text>
    );
  }
  const window = maxRows !== undefined && width !== undefined ? draftWindow(v, focus ? cursor : v.length, width, maxRows) : null;
  if (window) {
    const more = (n: number, where: string) => (n ? <Text color="gray">{`… ${n} more row${n === 1 ? "" : "s"} ${where}`}</Text> : null);
    return (
      <Box flexDirection="column">
        {more(window.above, "above")}
        {window.rows.map((row, i) => (
          <DraftRowView key={i} row={row} focus={focus} />
        ))}
        {more(window.below, "below")}
      </Box>
    );
  }
  if (!focus) return <Text>{v}</Text>;
  // One <Text> per line so the cursor can sit at the end of a line, over the newline.
  let offset = 0;
  return (
    <Box flexDirection="column">
      {v.split("\n").map((line, i) => {
        const start = offset;
        offset += line.length + 1;
        const here = cursor >= start && cursor <= start + line.length;
        if (!here) return <Text key={i}>{line || " "}</Text>;
        const c = cursor - start;
        return (
          <Text key={i}>
            {line.slice(0, c)}
            <Text inverse>{line[c] ?? " "}</Text>
            {line.slice(c + 1)}
          </Text>
        );
      })}
    </Box>
  );
}

function DraftRowView({ row, focus }: { row: DraftRow; focus: boolean }) {
  if (!focus || row.cursor === undefined) return <Text>{row.text || " "}</Text>;
  const c = row.cursor;
  return (
    <Text>
      {row.text.slice(0, c)}
      <Text inverse>{row.text[c] ?? " "}</Text>
      {row.text.slice(c + 1)}
    </Text>
  );
}
