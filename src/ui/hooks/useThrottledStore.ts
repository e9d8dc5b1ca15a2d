import { useEffect, useState } from "react";
import type { Store } from "../../store/store.js";
import type { AppState } from "../../store/state.js";

/**
 * Store updates reach React at most once per `intervalMs` (about 30 fps), so the cost of
 * rendering does not grow with the event rate: a burst of 500 deltas is one render.
 */
export function useThrottledStore(store: Store, intervalMs = 33): AppState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      setState(store.getState());
    };
    const unsubscribe = store.subscribe(() => {
      if (!timer) timer = setTimeout(flush, intervalMs);
    });
    // Catch changes made between the first render and this subscription.
    setState(store.getState());
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return state;
}
