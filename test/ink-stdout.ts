// ink-testing-library's stdout records frames but drops a write's callback, which a real stream
// always calls once the bytes are handed on. Ink's waitUntilRenderFlush() waits for that
// callback (the reader switches to the alternate screen only after the empty frame before it is
// out), so on the fake stream it would wait for ever. Make the fake keep that promise.

type Written = (error?: Error | null) => void;

export function callsWriteCallbacks(stdout: { write: (frame: string) => void }): void {
  const record = stdout.write;
  stdout.write = ((frame: string, encodingOrDone?: unknown, done?: unknown) => {
    record(frame);
    const callback = typeof encodingOrDone === "function" ? encodingOrDone : done;
    if (typeof callback === "function") queueMicrotask(() => (callback as Written)());
    return true;
  }) as typeof stdout.write;
}
