import type { RuntimeState } from "../../store/state.js";
import type { KeyAction } from "../keymap.js";
import type { ViewEntry, World } from "../state/uiState.js";
import type { ViewStep } from "./view.js";

// What the panel lists (/cron, /skills) share: the runtime on screen they act for, and the
// keys every list answers the same way (move, close).

export function activeRuntime(world: World): RuntimeState | undefined {
  return world.app.active ? world.app.runtimes[world.app.active] : undefined;
}

/** The selection clamped to a list of `count` (the list may have shrunk under it). */
export const selectionIn = (entry: ViewEntry, count: number): number => Math.min(entry.selected ?? 0, Math.max(0, count - 1));

/** Esc and ↑/↓ on a list of `count` rows; undefined for any other action (the view's own). */
export function listMove(entry: ViewEntry, action: KeyAction | undefined, count: number): ViewStep | undefined {
  const sel = selectionIn(entry, count);
  if (action === "close") return { entry: null };
  if (action === "option-prev") return { entry: { ...entry, selected: Math.max(0, sel - 1) } };
  if (action === "option-next") return { entry: { ...entry, selected: Math.min(Math.max(0, count - 1), sel + 1) } };
  return undefined;
}
