import type { Key } from "ink";

// The pure editing step behind TextField: what one keypress (or one burst of typed or pasted
// text) does to the value and cursor. Kept apart from the component so it is tested directly.

export interface Field {
  value: string;
  cursor: number;
}

/**
 * A span of the value edited as one unit (a chip: `[Pasted text #1 +120 lines]`): the cursor
 * never stops inside it, and Backspace/Delete or Ctrl+W at its edge removes it whole.
 */
export interface Atom {
  readonly from: number;
  readonly to: number;
}

export type Edit =
  | { kind: "none" }
  | { kind: "field"; field: Field }
  | { kind: "submit"; text: string }
  | { kind: "history"; direction: -1 | 1 };

const NONE: Edit = { kind: "none" };
const at = (value: string, cursor: number): Edit => ({ kind: "field", field: { value, cursor } });

function lineStart(value: string, cursor: number): number {
  return value.lastIndexOf("\n", cursor - 1) + 1;
}

function lineEnd(value: string, cursor: number): number {
  const i = value.indexOf("\n", cursor);
  return i === -1 ? value.length : i;
}

/** Move one line up or down keeping the column; at the first/last line, walk history instead. */
function vertical(f: Field, direction: -1 | 1): Edit {
  const { value, cursor } = f;
  const start = lineStart(value, cursor);
  const column = cursor - start;
  if (direction === -1) {
    if (start === 0) return { kind: "history", direction };
    const prevStart = lineStart(value, start - 1);
    return at(value, Math.min(prevStart + column, start - 1));
  }
  const end = lineEnd(value, cursor);
  if (end === value.length) return { kind: "history", direction };
  const nextEnd = lineEnd(value, end + 1);
  return at(value, Math.min(end + 1 + column, nextEnd));
}

function insert(f: Field, text: string): Edit {
  return at(f.value.slice(0, f.cursor) + text + f.value.slice(f.cursor), f.cursor + text.length);
}

/** Line breaks as \n, and no control character but the line feed: what a field may hold. */
function fieldText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, "");
}

/**
 * A bracketed paste: text at the cursor, line breaks kept, never a key. A pasted "y" or newline
 * must not answer a card or send the draft, so this never returns "submit".
 */
export function paste(f: Field, text: string): Field {
  const clean = fieldText(text);
  return { value: f.value.slice(0, f.cursor) + clean + f.value.slice(f.cursor), cursor: f.cursor + clean.length };
}

/** A cursor that a move left inside an atom, put at the atom's near edge (its end when moving forward). */
function outside(cursor: number, atoms: readonly Atom[], forward: boolean): number {
  const a = atoms.find((x) => x.from < cursor && cursor < x.to);
  return a ? (forward ? a.to : a.from) : cursor;
}

export function edit(f: Field, input: string, key: Key, atoms: readonly Atom[] = []): Edit {
  const { value, cursor } = f;
  if (atoms.length && !key.ctrl && !key.meta) {
    const before = atoms.find((a) => a.to === cursor);
    const after = atoms.find((a) => a.from === cursor);
    if (key.leftArrow && before) return at(value, before.from);
    if (key.rightArrow && after) return at(value, after.to);
    if ((key.backspace || key.delete) && before) return at(value.slice(0, before.from) + value.slice(before.to), before.from);
  }
  const e = plainEdit(f, input, key, atoms);
  // Moves keep the value: a cursor they put inside a chip goes to its edge.
  if (e.kind !== "field" || e.field.value !== value || !atoms.length) return e;
  return at(value, outside(e.field.cursor, atoms, e.field.cursor >= cursor));
}

function plainEdit(f: Field, input: string, key: Key, atoms: readonly Atom[]): Edit {
  const { value, cursor } = f;
  // Alt+Enter and Ctrl+J (a bare line feed) start a new line; Enter sends.
  if ((key.return && key.meta) || (input === "\n" && !key.ctrl)) return insert(f, "\n");
  if (key.return) return { kind: "submit", text: value };
  if (key.upArrow) return vertical(f, -1);
  if (key.downArrow) return vertical(f, 1);
  if (key.leftArrow) return at(value, Math.max(0, cursor - 1));
  if (key.rightArrow) return at(value, Math.min(value.length, cursor + 1));
  if (key.home || (key.ctrl && input === "a")) return at(value, lineStart(value, cursor));
  if (key.end || (key.ctrl && input === "e")) return at(value, lineEnd(value, cursor));
  if (key.backspace || key.delete) {
    if (cursor === 0) return NONE;
    return at(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
  }
  if (key.ctrl && input === "u") {
    const start = lineStart(value, cursor);
    return at(value.slice(0, start) + value.slice(cursor), start);
  }
  if (key.ctrl && input === "w") {
    // A word that ends in a chip takes the whole chip with it.
    const start = outside(value.slice(0, cursor).replace(/\S+\s*$/, "").length, atoms, false);
    return at(value.slice(0, start) + value.slice(cursor), start);
  }
  if (key.ctrl || key.meta || key.escape || key.tab || key.pageUp || key.pageDown) return NONE;
  if (!input) return NONE;
  // "hello\r" in one burst is typing faster than the terminal splits keys: send it. A burst with
  // line breaks inside is a paste (terminals send its newlines as \r): keep them, send nothing.
  const typedEnter = /^[^\r\n]*\r$/.test(input);
  const text = fieldText(typedEnter ? input.slice(0, -1) : input.replace(/(\r\n?|\n)$/, ""));
  if (typedEnter) return { kind: "submit", text: value.slice(0, cursor) + text + value.slice(cursor) };
  return insert(f, text);
}
