import { PERMISSION_MODES } from "../../protocol/runtime.js";
import { MODE_MEANINGS } from "../modes.js";
import { PickerView, pickerHeight, type PickerItem, type PickerViewProps } from "../pickers/Picker.js";
import type { ViewEntry, World } from "../state/uiState.js";
import type { ViewDef } from "./view.js";
import { listKey, listPaste } from "./listView.js";

// `/mode`: the four permission modes, each with what it means; Enter switches to the one
// picked. The mode in force is the server's word (device status), marked "now".

const TITLE = "Permission mode: what the agent may do without asking";

const currentMode = (world: World): string | undefined => {
  const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
  return rt?.device?.current_permission_mode ?? undefined;
};

export function modeItems(world: World): PickerItem[] {
  const now = currentMode(world);
  return PERMISSION_MODES.map((m) => ({ key: m, label: m === now ? `${m} (now)` : m, detail: MODE_MEANINGS[m] }));
}

const props = (entry: ViewEntry, world: World): PickerViewProps => ({ title: TITLE, items: modeItems(world), emptyText: "", query: entry.query ?? "", selected: entry.selected ?? 0 });

export const modes: ViewDef = {
  context: "picker",
  placement: "panel",
  open: (world) => ({ entry: { id: "modes", selected: Math.max(0, PERMISSION_MODES.findIndex((m) => m === currentMode(world))) } }),
  key(entry, input, key, world) {
    const r = listKey(entry, modeItems(world), input, key);
    if (r.outcome?.kind === "cancel") return { entry: null };
    const picked = PERMISSION_MODES.find((m) => r.outcome?.kind === "pick" && m === r.outcome.key);
    if (picked) return { entry: null, effects: [{ kind: "set-mode", mode: picked }] };
    return { entry: r.entry };
  },
  paste: listPaste,
  rows: (entry, world, width) => pickerHeight(width, props(entry, world)),
  View: ({ entry, world }) => <PickerView {...props(entry, world)} />,
};
