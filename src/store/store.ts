import type { StoreEvent } from "./events.js";
import { reduce } from "./reducer.js";
import type { AppState } from "./state.js";

export interface Store {
  getState(): AppState;
  dispatch(event: StoreEvent): void;
  /** Called synchronously after every change; the UI throttles on its side. */
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(event) {
      const next = reduce(state, event);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
