import { useStdin } from "ink";
import { useLayoutEffect, useRef } from "react";
import { focusScanner } from "./focus.js";

// Where the focus reports leave the input: Ink reads stdin with `read()` in its 'readable'
// handler and routes what it gets to useInput/usePaste, so the reads are wrapped for as long
// as the App is mounted. The wrapper sees every chunk before Ink's key parser does, the same
// with a real tty and with ink-testing-library's stdin.

type Readable = NodeJS.ReadStream | NodeJS.ReadableStream;
type Read = (size?: number) => string | Buffer | null;

/** Calls `onFocus(true|false)` for each focus report on stdin; the reports themselves never become keys. */
export function useFocusReports(onFocus: (focused: boolean) => void): void {
  const { stdin } = useStdin();
  const report = useRef(onFocus);
  report.current = onFocus;
  useLayoutEffect(() => {
    const input = stdin as Readable & { read: Read };
    const own = Object.prototype.hasOwnProperty.call(input, "read");
    const original = input.read;
    const scanner = focusScanner();
    let flushed = "";
    let timer: NodeJS.Timeout | undefined;
    input.read = function read(this: unknown, size?: number) {
      // read(0) and sized reads are the stream's own bookkeeping: left alone.
      if (size !== undefined) return original.call(input, size);
      const chunk = original.call(input);
      if (chunk === null) {
        // The held start of a report, given up on: Ink asked again because we said so below.
        const out = flushed;
        flushed = "";
        return out === "" ? null : out;
      }
      const scanned = scanner.push(flushed + (typeof chunk === "string" ? chunk : chunk.toString("utf8")));
      flushed = "";
      clearTimeout(timer);
      const hold = scanner.holdMs();
      if (hold > 0) {
        timer = setTimeout(() => {
          flushed = scanner.flush();
          // Ink reads again on 'readable', and gets the held bytes from the branch above.
          if (flushed !== "") input.emit("readable");
        }, hold);
        timer.unref?.();
      }
      for (const focused of scanned.focus) report.current(focused);
      // "" (a chunk that was only a report) is not the end: Ink reads on until null, and parses "" as nothing.
      return scanned.keys;
    } as Read;
    return () => {
      clearTimeout(timer);
      if (own) input.read = original;
      else delete (input as { read?: Read }).read;
    };
  }, [stdin]);
}
