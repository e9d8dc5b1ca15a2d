// Focus reporting (xterm mode 1004): once `FOCUS_REPORTING_ON` is written, the terminal sends
// ESC[I when its window gains the focus and ESC[O when it loses it, on stdin, mixed in with the
// keys. They are taken out here, before the key router sees the chunk: a focus report must never
// type "[I" into the draft or answer a card. Ink 8 also drops a complete ESC[I it is given, but
// not one split across two reads and flushed as Esc plus "[I"; here a split report is held whole.

export const FOCUS_REPORTING_ON = "\u001b[?1004h";
export const FOCUS_REPORTING_OFF = "\u001b[?1004l";

const FOCUS_IN = "\u001b[I";
const FOCUS_OUT = "\u001b[O";
const REPORT = /\u001b\[([IO])/g;

/** What a chunk of stdin held: the keys to route (focus reports taken out) and the focus changes, in order. */
export interface Scanned {
  readonly keys: string;
  readonly focus: readonly boolean[];
}

export interface FocusScanner {
  /** One chunk as read: everything but the reports comes back, a possible report's start held for the next chunk. */
  push(chunk: string): Scanned;
  /** The held start of a report, if any: the next chunk did not come, so it was keys (Esc, Alt+[). */
  flush(): string;
  /** How long to wait for the rest of what is held before it goes to the keys after all; 0: nothing held. */
  holdMs(): number;
}

/** The longest end of `text` that could be the start of a focus report ("ESC" or "ESC["). */
function heldTail(text: string): string {
  for (const tail of [FOCUS_IN.slice(0, 2), FOCUS_IN.slice(0, 1)]) if (text.endsWith(tail)) return tail;
  return "";
}

export function focusScanner(): FocusScanner {
  let held = "";
  return {
    push(chunk) {
      const text = held + chunk;
      const focus: boolean[] = [];
      const keys = text.replace(REPORT, (_, which: string) => (focus.push(which === "I"), ""));
      // A report cut by the read: its start waits for the rest rather than reaching the router as Esc.
      held = heldTail(keys);
      return { keys: held ? keys.slice(0, -held.length) : keys, focus };
    },
    flush() {
      const out = held;
      held = "";
      return out;
    },
    holdMs: () => (held === "" ? 0 : held.length === 1 ? ESC_HOLD_MS : CSI_HOLD_MS),
  };
}

/**
 * How long a held start waits for its report's rest. A lone ESC is the Esc key far more often
 * than half a report, and Ink waits another 20 ms for it after this: kept short. "ESC[" alone is
 * Alt+[ at most, rare enough to wait for a report cut by a slow link (ssh) for longer than Ink
 * would (which types "[O" into the draft when the halves are more than 20 ms apart).
 */
export const ESC_HOLD_MS = 25;
export const CSI_HOLD_MS = 150;

export { FOCUS_IN, FOCUS_OUT };
