import type { Field } from "../components/textEdit.js";
import type { RuntimeState } from "../../store/state.js";
import type { Step, UiState, World } from "./uiState.js";

// Small pieces every part of the screen's update shares (update.ts and the steps split from it).

export const EMPTY: Field = { value: "", cursor: 0 };

/** The state as it is, nothing to do. */
export const none = (ui: UiState): Step => ({ ui, effects: [] });

/** The runtime on screen. */
export function activeRuntime(world: World): RuntimeState | undefined {
  const app = world.app;
  return app.active ? app.runtimes[app.active] : undefined;
}
