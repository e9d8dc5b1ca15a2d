import { Text, useInput, type Key } from "ink";
import { useRef, useState } from "react";

export interface TextFieldProps {
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  focus: boolean;
  placeholder?: string;
}

interface Field {
  value: string;
  cursor: number;
}

/**
 * A one-line editor that never loses keystrokes. Its state lives in a ref updated on every key,
 * not in props, so keys typed faster than React re-renders (type-ahead right after Enter, a
 * burst from a paste) build on each other. Control and meta chords are never inserted as text:
 * they belong to the keymap.
 */
export function TextField({ value, onChange, onSubmit, focus, placeholder }: TextFieldProps) {
  const field = useRef<Field>({ value, cursor: value.length });
  const lastValue = useRef(value);
  const [, rerender] = useState(0);
  if (value !== lastValue.current) {
    // The owner changed the value (e.g. cleared it): that wins over what we had.
    field.current = { value, cursor: Math.min(field.current.cursor, value.length) };
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
      const next = edit(field.current, input, key);
      if (next === "submit") {
        const text = field.current.value;
        commit({ value: "", cursor: 0 });
        onSubmit(text);
        return;
      }
      if (next.kind === "submit-after") {
        commit({ value: "", cursor: 0 });
        onSubmit(next.text);
        return;
      }
      if (next.kind === "field") commit(next.field);
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
  if (!focus) return <Text>{v}</Text>;
  return (
    <Text>
      {v.slice(0, cursor)}
      <Text inverse>{v[cursor] ?? " "}</Text>
      {v.slice(cursor + 1)}
    </Text>
  );
}

type Edit = "submit" | { kind: "submit-after"; text: string } | { kind: "field"; field: Field } | { kind: "none" };

const NONE: Edit = { kind: "none" };

/** Pure editing step: what one keypress (or one burst of typed text) does to the field. */
export function edit(f: Field, input: string, key: Key): Edit {
  const { value, cursor } = f;
  const at = (v: string, c: number): Edit => ({ kind: "field", field: { value: v, cursor: c } });
  if (key.return) return "submit";
  if (key.leftArrow) return at(value, Math.max(0, cursor - 1));
  if (key.rightArrow) return at(value, Math.min(value.length, cursor + 1));
  if (key.home || (key.ctrl && input === "a")) return at(value, 0);
  if (key.end || (key.ctrl && input === "e")) return at(value, value.length);
  if (key.backspace || key.delete) {
    if (cursor === 0) return NONE;
    return at(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
  }
  if (key.ctrl && input === "u") return at(value.slice(cursor), 0);
  if (key.ctrl && input === "w") {
    const start = value.slice(0, cursor).replace(/\S+\s*$/, "").length;
    return at(value.slice(0, start) + value.slice(cursor), start);
  }
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return NONE;
  if (!input) return NONE;
  // A burst ending in Enter ("hello\r") is typing faster than the terminal splits keys.
  const enterAtEnd = /^[^\r\n]*\r$/.test(input);
  const text = (enterAtEnd ? input.slice(0, -1) : input).replace(/\r\n?|\n/g, " ").replace(/[\u0000-\u001F\u007F]/g, "");
  const next = value.slice(0, cursor) + text + value.slice(cursor);
  if (enterAtEnd) return { kind: "submit-after", text: next };
  return at(next, cursor + text.length);
}
