import { useInput } from "ink";
import { useRef, useState } from "react";
import { FieldText } from "./FieldText.js";
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

  // Drawing (visible escapes, the cursor, the window of a long draft) lives in FieldText.
  const { value: v, cursor } = field.current;
  return <FieldText value={v} cursor={cursor} focus={focus} placeholder={placeholder} maxRows={maxRows} width={width} />;
}
