import type { AppState, RuntimeState } from "../../store/state.js";
import type { Effect, UiState } from "./uiState.js";
import { isBusy } from "../../store/loop.js";

// Ctrl+C clears a non-empty input first; on an empty one it arms, and a second Ctrl+C within
// QUIT_WINDOW_MS quits. One stray Ctrl+C must never end a session. When leaving would cost work
// (a turn running or an approval waiting: the server cancels the turn when its only subscriber
// goes), the second press asks for a plain confirmation instead.

export const QUIT_WINDOW_MS = 2000;

/**
 * The attached runtimes that leaving would cost: a turn running, an approval or a question
 * waiting. Every runtime counts, not only the one on screen; a teammate in a background tab
 * loses its turn all the same.
 */
export function runtimesAtWork(state: AppState): RuntimeState[] {
  return Object.values(state.runtimes).filter((rt) => {
    return isBusy(rt.loop?.status) || rt.approvals.order.length > 0 || rt.questions.length > 0;
  });
}

type Out = { ui: UiState; effects: Effect[] };

/** Ctrl+C at `now`; `clearsDraft`: the input line has the keys and holds text. */
export function quitPressed(ui: UiState, app: AppState, clearsDraft: boolean, now: number): Out {
  if (clearsDraft) return { ui: { ...ui, draft: { value: "", cursor: 0 } }, effects: [] };
  const armedAt = ui.quit.armedAt;
  if (armedAt !== undefined && now - armedAt < QUIT_WINDOW_MS) {
    if (runtimesAtWork(app).length > 0) return { ui: { ...ui, quit: { confirming: true } }, effects: [] };
    return { ui: { ...ui, quit: { confirming: false } }, effects: [{ kind: "quit" }] };
  }
  return { ui: { ...ui, quit: { armedAt: now, confirming: false } }, effects: [{ kind: "wake", afterMs: QUIT_WINDOW_MS }] };
}

/** The answer to "quit anyway?". */
export function quitConfirmed(ui: UiState, yes: boolean): Out {
  return { ui: { ...ui, quit: { confirming: false } }, effects: yes ? [{ kind: "quit" }] : [] };
}

/** Time passed: "press again to quit" lapses after its window. */
export function quitTick(ui: UiState, now: number): UiState {
  const at = ui.quit.armedAt;
  return at !== undefined && now - at >= QUIT_WINDOW_MS ? { ...ui, quit: { confirming: ui.quit.confirming } } : ui;
}
