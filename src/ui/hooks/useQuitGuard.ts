import { useRef, useState } from "react";
import type { AppState, RuntimeState } from "../../store/state.js";

/**
 * The attached runtimes that leaving would cost: a turn running, an approval or a question
 * waiting. Every runtime counts, not only the one on screen; a teammate in a background tab
 * loses its turn all the same.
 */
export function runtimesAtWork(state: AppState): RuntimeState[] {
  return Object.values(state.runtimes).filter((rt) => {
    const busy = rt.loop?.status !== undefined && rt.loop.status !== "WAITING_ON_INPUT";
    return busy || rt.approvals.order.length > 0 || rt.questions.length > 0;
  });
}

/**
 * Ctrl+C clears a non-empty input first; on an empty one it arms, and a second Ctrl+C within
 * `windowMs` quits. One stray Ctrl+C must never end a session. When leaving would cost work
 * (a turn running or an approval waiting: the server cancels the turn when its only subscriber
 * goes), the second press asks for a plain confirmation instead.
 */
export function useQuitGuard(quit: () => void, leavingCostsWork: () => boolean, windowMs = 2000) {
  const armedAt = useRef(0);
  const [armed, setArmed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const timer = useRef<NodeJS.Timeout | null>(null);
  return {
    armed,
    confirming,
    press(draft: string, clearDraft: () => void) {
      if (draft) {
        clearDraft();
        return;
      }
      if (Date.now() - armedAt.current < windowMs) {
        setArmed(false);
        if (leavingCostsWork()) setConfirming(true);
        else quit();
        return;
      }
      armedAt.current = Date.now();
      setArmed(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setArmed(false), windowMs);
      timer.current.unref?.();
    },
    /** The answer to "quit anyway?". */
    confirm(yes: boolean) {
      setConfirming(false);
      armedAt.current = 0;
      if (yes) quit();
    },
  };
}
