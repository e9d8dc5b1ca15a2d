import type { Key } from "ink";
import { paste } from "../components/textEdit.js";
import { pickerStep, type PickerItem, type PickerOutcome } from "../pickers/Picker.js";
import type { ViewEntry } from "../state/uiState.js";

/** One key on a list view's entry (filter and selection), through the picker's pure step. */
export function listKey(entry: ViewEntry, items: readonly PickerItem[], input: string, key: Key): { entry: ViewEntry; outcome?: PickerOutcome } {
  const step = pickerStep({ items, query: entry.query ?? "", selected: entry.selected ?? 0 }, input, key);
  return { entry: { ...entry, query: step.state.query, selected: step.state.selected }, ...(step.outcome ? { outcome: step.outcome } : {}) };
}

/** A paste into a list's one-line filter: its line breaks become spaces. */
export function listPaste(entry: ViewEntry, text: string): ViewEntry {
  const query = entry.query ?? "";
  return { ...entry, query: paste({ value: query, cursor: query.length }, text.replace(/[\r\n]+/g, " ")).value, selected: 0 };
}
