import { useEffect, useRef, useState } from "react";

/**
 * True for `ms` after `id` first appears, then false for good: an id seen before (say, on a tab
 * switched away from and back to) does not show again. For things worth a glance but not a
 * keypress, such as a card the server refused to apply.
 */
export function useFleeting(id: string | number | undefined, ms: number): boolean {
  const expired = useRef(new Set<string | number>());
  const [, rerender] = useState(0);
  useEffect(() => {
    if (id === undefined || expired.current.has(id)) return;
    const t = setTimeout(() => {
      // A few dozen ids at most in a session; bounded anyway.
      if (expired.current.size > 200) expired.current.clear();
      expired.current.add(id);
      rerender((n) => n + 1);
    }, ms);
    return () => clearTimeout(t);
  }, [id, ms]);
  return id !== undefined && !expired.current.has(id);
}
