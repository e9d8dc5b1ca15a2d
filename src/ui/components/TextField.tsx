import { Box, Text, useInput } from "ink";
import { useRef, useState } from "react";
import { draftWindow, type DraftRow } from "./draftWindow.js";
import { edit, type Field } from "./textEdit.js";

export interface TextFieldProps {
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  /** Up on the first line / down on the last line: walk the input history. */
  onHistory?(direction: -1 | 1): void;
  /** Return true to take a key away from the editor (e.g. "?" on an empty line opens help). */
  interceptKey?(input: string): boolean;
  focus: boolean;
  placeholder?: string;
  /** Rows the field may take at `width` columns; a longer draft shows a window around the cursor. */
  maxRows?: number;
  width?: number;
}

/**
 * A multi-line editor that never loses keystrokes. Its state lives in a ref updated on every
 * key, not in props, so keys typed faster than React re-renders (type-ahead right after Enter,
 * a paste) build on each other. Control and meta chords are never inserted as text: they
 * belong to the keymap.
 */
export function TextField({ value, onChange, onSubmit, onHistory, interceptKey, focus, placeholder, maxRows, width }: TextFieldProps) {
  const field = useRef<Field>({ value, cursor: value.length });
  const lastValue = useRef(value);
  const [, rerender] = useState(0);
  if (value !== lastValue.current) {
    // The owner replaced the value (cleared it, recalled history): edit from its end.
    field.current = { value, cursor: value.length };
    lastValue.current = value;
  }

  const commit = (next: Field) => {
    field.current = next;
    if (next.value !== lastValue.current) {
      lastValue.current = next.value;
      onChange(next.value);
    }
    rerender((n) => n + 1);
  };

  useInput(
    (input, key) => {
      if (interceptKey?.(input)) return;
      const result = edit(field.current, input, key);
      switch (result.kind) {
        case "field":
          return commit(result.field);
        case "submit":
          commit({ value: "", cursor: 0 });
          return onSubmit(result.text);
        case "history":
          return onHistory?.(result.direction);
        case "none":
          return;
      }
    },
    { isActive: focus },
  );

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
