import { useRef } from "react";

/**
 * Sent messages for ↑/↓ recall, newest last. Walking away from the draft keeps it, so ↓ past
 * the newest entry brings back what was being typed.
 */
export function useHistory(limit = 200) {
  const entries = useRef<string[]>([]);
  const position = useRef<number | null>(null);
  const draft = useRef("");
  return {
    push(text: string) {
      const list = entries.current;
      if (text.trim() && list.at(-1) !== text) list.push(text);
      if (list.length > limit) list.splice(0, list.length - limit);
      position.current = null;
    },
    /** The value to show after moving `direction`, or undefined when there is nowhere to go. */
    move(direction: -1 | 1, current: string): string | undefined {
      const list = entries.current;
      if (position.current === null) {
        if (direction === 1 || list.length === 0) return undefined;
        draft.current = current;
        position.current = list.length - 1;
        return list[position.current];
      }
      const next = position.current + direction;
      if (next < 0) return undefined;
      if (next >= list.length) {
        position.current = null;
        return draft.current;
      }
      position.current = next;
      return list[next];
    },
  };
}
