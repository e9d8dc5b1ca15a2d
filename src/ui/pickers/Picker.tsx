import { Box, Text, useInput, type Key } from "ink";
import { useRef, useState } from "react";
import { edit } from "../components/textEdit.js";
import { actionFor, keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";

export interface PickerItem {
  key: string;
  label: string;
  detail?: string;
}

/** Rows shown at once; the live region must stay far below the terminal height. */
export const PICKER_ROWS = 10;


/** The keys the picker reads; Ink's Key fits, and tests can pass just the fields they press. */
export type PickerKey = Partial<
  Pick<Key, "upArrow" | "downArrow" | "pageUp" | "pageDown" | "return" | "escape" | "backspace" | "delete" | "ctrl" | "meta" | "tab" | "eventType">
>;

export interface PickerState {
  items: readonly PickerItem[];
  query: string;
  /** An index into the filtered list, not into `items`. */
  selected: number;
}

export type PickerOutcome = { kind: "pick"; key: string } | { kind: "cancel" };

export interface PickerStep {
  state: PickerState;
  outcome?: PickerOutcome;
}

export function initialPickerState(items: readonly PickerItem[]): PickerState {
  return { items, query: "", selected: 0 };
}

/** Items whose label or detail contains the query, ignoring case; matched as displayed (sanitised). */
export function filterItems<T extends PickerItem>(items: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  return items.filter((it) => `${sanitizeLine(it.label)} ${sanitizeLine(it.detail ?? "")}`.toLowerCase().includes(q));
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

/**
 * One keypress: the next state, and whether the picker is done. Pure, so tests need no Ink.
 * Its keys are the keymap's "picker" bindings; the filter is edited by the one text editor
 * (components/textEdit.ts) that every field uses.
 */
export function pickerStep(state: PickerState, input: string, key: PickerKey): PickerStep {
  // Terminals speaking the kitty protocol also report releases; acting on both would double-step.
  if (key.eventType === "release") return { state };
  const k = { ...NO_KEY, ...key } as Key;
  const shown = filterItems(state.items, state.query);
  const last = Math.max(0, shown.length - 1);
  const selected = clamp(state.selected, last);
  switch (actionFor("picker", input, k)) {
    case "close":
      return { state, outcome: { kind: "cancel" } };
    case "option-pick": {
      const item = shown[selected];
      return item ? { state: { ...state, selected }, outcome: { kind: "pick", key: item.key } } : { state };
    }
    case "option-prev":
      return { state: { ...state, selected: clamp(selected - 1, last) } };
    case "option-next":
      return { state: { ...state, selected: clamp(selected + 1, last) } };
    case "page-prev":
      return { state: { ...state, selected: clamp(selected - PICKER_ROWS, last) } };
    case "page-next":
      return { state: { ...state, selected: clamp(selected + PICKER_ROWS, last) } };
    default:
      break;
  }
  // Only text filters: a chord, a tab or a stray escape sequence must not land in the query.
  const edited = edit({ value: state.query, cursor: state.query.length }, input, k);
  if (edited.kind !== "field" || edited.field.value === state.query) return { state };
  return { state: { ...state, query: edited.field.value, selected: 0 } };
}

const NO_KEY: Partial<Key> = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, return: false, escape: false, ctrl: false, meta: false, shift: false, tab: false, backspace: false, delete: false, pageUp: false, pageDown: false };

/** The slice of rows to draw: at most PICKER_ROWS, keeping the selection away from the edges. */
export function pickerWindow(total: number, selected: number): { first: number; count: number } {
  const first = clamp(selected - Math.floor(PICKER_ROWS / 2) + 1, Math.max(0, total - PICKER_ROWS));
  return { first, count: Math.min(PICKER_ROWS, total - first) };
}

export interface PickerProps {
  title: string;
  items: readonly PickerItem[];
  onPick(key: string): void;
  onCancel(): void;
  /** Shown when there is nothing at all to pick (not when the filter hides everything). */
  emptyText: string;
  /** False while another component owns the keyboard. */
  isActive?: boolean;
}

/**
 * A filterable list as a program of its own (`--resume`, before the session screen exists):
 * its keys go through the same pure step as the picker views of the session's one router.
 */
export function Picker({ title, items, onPick, onCancel, emptyText, isActive = true }: PickerProps) {
  // Items come from props on every render, so only the query and the selection are kept.
  const [state, setState] = useState<Omit<PickerState, "items">>({ query: "", selected: 0 });
  // Keys can arrive faster than React renders; each must step from the previous key's result.
  const current = useRef(state);
  useInput(
    (input, key) => {
      const step = pickerStep({ ...current.current, items }, input, key);
      const next = { query: step.state.query, selected: step.state.selected };
      if (next.query !== current.current.query || next.selected !== current.current.selected) {
        current.current = next;
        setState(next);
      }
      if (step.outcome?.kind === "pick") onPick(step.outcome.key);
      else if (step.outcome?.kind === "cancel") onCancel();
    },
    { isActive },
  );

  return <PickerView title={title} items={items} emptyText={emptyText} query={state.query} selected={state.selected} />;
}

export interface PickerViewProps {
  title: string;
  items: readonly PickerItem[];
  emptyText: string;
  query: string;
  selected: number;
}

/** What the picker draws, line by line; its height and its render both read it. */
function pickerLines({ title, items, emptyText, query, selected: at }: PickerViewProps) {
  const shown = filterItems(items, query);
  const selected = clamp(at, Math.max(0, shown.length - 1));
  const { first, count } = pickerWindow(shown.length, selected);
  const hiddenAfter = shown.length - first - count;
  return {
    title: sanitizeLine(title),
    counts: items.length > 0 ? ` (${shown.length}/${items.length})` : "",
    filter: query ? `filter: ${sanitizeLine(query)}` : undefined,
    empty: items.length === 0 ? emptyText : items.length > 0 && shown.length === 0 ? `nothing matches "${sanitizeLine(query)}"` : undefined,
    earlier: first > 0 ? `… ${first} earlier` : undefined,
    rows: shown.slice(first, first + count),
    first,
    selected,
    more: hiddenAfter > 0 ? `… ${hiddenAfter} more` : undefined,
  };
}

/** Rows the picker takes at `width` with this query and selection: border, wrapped lines, one row per item (cut). */
export function pickerHeight(width: number, props: PickerViewProps): number {
  const l = pickerLines(props);
  const w = width - 4;
  return 2 + wrapped(l.title + l.counts, w) + wrapped(l.filter, w) + wrapped(l.empty, w) + wrapped(l.earlier, w) + l.rows.reduce((n, r) => n + cut(r.key), 0) + wrapped(l.more, w) + wrapped(keyHints("picker"), w);
}

/** The picker as drawn from its state (the keys are read by `Picker`). */
export function PickerView(props: PickerViewProps) {
  const l = pickerLines(props);
  const { first, selected } = l;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="blue" paddingX={1}>
      <Text bold>
        {l.title}
        {l.counts ? <Text color="gray">{l.counts}</Text> : null}
      </Text>
      {l.filter ? <Text>{l.filter}</Text> : null}
      {l.empty ? <Text color="gray">{l.empty}</Text> : null}
      {l.earlier ? <Text color="gray">{l.earlier}</Text> : null}
      {l.rows.map((item, j) => (
        <Text key={item.key} wrap="truncate-end" inverse={first + j === selected}>
          {first + j === selected ? "› " : "  "}
          {sanitizeLine(item.label)}
          {item.detail ? <Text color="gray">{`  ${sanitizeLine(item.detail)}`}</Text> : null}
        </Text>
      ))}
      {l.more ? <Text color="gray">{l.more}</Text> : null}
      <Text color="gray">{keyHints("picker")}</Text>
    </Box>
  );
}
