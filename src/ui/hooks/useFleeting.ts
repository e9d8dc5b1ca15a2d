import { useEffect, useState } from "react";

/**
 * True for `ms` after `id` first appears, then false until a different id comes. For things
 * worth a glance but not a keypress, such as a card the server refused to apply.
 */
export function useFleeting(id: string | number | undefined, ms: number): boolean {
  const [expired, setExpired] = useState<string | number | undefined>(undefined);
  useEffect(() => {
    if (id === undefined) return;
    const t = setTimeout(() => setExpired(id), ms);
    return () => clearTimeout(t);
  }, [id, ms]);
  return id !== undefined && expired !== id;
}
