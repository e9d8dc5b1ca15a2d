import { useEffect, useReducer } from "react";

/**
 * Draw again every `intervalMs` while `active`, for a view whose text moves with time (elapsed
 * times). It reads no clock: the view reads the App's injected one when it draws.
 */
export function useRedraw(active: boolean, intervalMs = 1000): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(redraw, intervalMs);
    t.unref?.();
    return () => clearInterval(t);
  }, [active, intervalMs]);
}
