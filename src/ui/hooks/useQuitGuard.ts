import { useRef, useState } from "react";

/**
 * Ctrl+C clears a non-empty input first; on an empty one it arms, and a second Ctrl+C within
 * `windowMs` quits. One stray Ctrl+C must never end a session (and, with it, a running turn).
 */
export function useQuitGuard(quit: () => void, windowMs = 2000) {
  const armedAt = useRef(0);
  const [armed, setArmed] = useState(false);
  const timer = useRef<NodeJS.Timeout | null>(null);
  return {
    armed,
    press(draft: string, clearDraft: () => void) {
      if (draft) {
        clearDraft();
        return;
      }
      if (Date.now() - armedAt.current < windowMs) {
        quit();
        return;
      }
      armedAt.current = Date.now();
      setArmed(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setArmed(false), windowMs);
      timer.current.unref?.();
    },
  };
}
