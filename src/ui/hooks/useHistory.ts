import { useRef } from "react";
import { memoryHistory, type SentHistory } from "../../registry/sentHistory.js";

/**
 * Sent messages for ↑/↓ recall, newest last, from `source` (the CLI passes one kept on disk per
 * server; without it, this session's only). Walking away from the draft keeps it, so ↓ past the
 * newest entry brings back what was being typed.
 */
export function useHistory(source?: SentHistory) {
  const own = useRef<SentHistory | null>(null);
  const history = source ?? (own.current ??= memoryHistory());
  const position = useRef<number | null>(null);
  const draft = useRef("");
  return {
    push(text: string) {
      history.push(text);
      position.current = null;
    },
    /** The value to show after moving `direction`, or undefined when there is nowhere to go. */
    move(direction: -1 | 1, current: string): string | undefined {
      const list = history.entries();
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
