import { Text } from "ink";
import { choiceOf } from "../pickers/conversations.js";
import { PickerView } from "../pickers/Picker.js";
import { PICKER_LOADING } from "../layout/liveRegion.js";
import type { ViewDef } from "./view.js";
import { listKey, listPaste } from "./listView.js";

export const PICKER_TITLE = "Conversations of this agent, then the other agents on its host";
export const PICKER_EMPTY = "no conversations";

/** Ctrl+X: the agent's conversations and the host's other agents; opens the one picked beside this one. */
export const conversations: ViewDef = {
  context: "picker",
  placement: "panel",
  open: () => ({ entry: { id: "conversations", items: "loading" }, effects: [{ kind: "list-conversations" }] }),
  key(entry, input, key) {
    // Loading: only Esc (through the same binding) does anything.
    const items = entry.items === "loading" || !entry.items ? [] : entry.items;
    const r = listKey(entry, items, input, key);
    if (r.outcome?.kind === "cancel") return { entry: null };
    if (r.outcome?.kind === "pick") return { entry: null, effects: [{ kind: "open-conversation", choice: choiceOf(r.outcome.key) }] };
    return { entry: r.entry };
  },
  paste: listPaste,
  View: ({ entry }) =>
    entry.items === "loading" || !entry.items ? (
      <Text color="gray">{PICKER_LOADING}</Text>
    ) : (
      <PickerView
        title={PICKER_TITLE}
        items={entry.items}
        emptyText={PICKER_EMPTY}
        query={entry.query ?? ""}
        selected={entry.selected ?? 0}
      />
    ),
};
