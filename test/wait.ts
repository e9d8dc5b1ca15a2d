// The one `waitFor` and the one `sleep` of the whole test tree (unit and integration alike).
// Tests wait for a condition, never for a fixed time: `sleep` is for the few places where time
// itself is under test on a real clock (each call says why), and for pacing a poll.

export const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

export interface WaitOptions {
  /** Give up after this long (generous: the suite runs on a loaded 2-core machine). */
  timeoutMs?: number;
  /** How often to look. */
  everyMs?: number;
  /** Appended to the failure, e.g. the screen: a timeout alone says nothing about what was shown. */
  context?: () => string;
}

type Maybe<T> = T | undefined | false | null;

/**
 * Poll until `check` returns (or resolves to) a value, not undefined/false/null, and return it,
 * or fail with "timed out waiting for `what`". The third argument is a timeout in ms or options.
 */
export async function waitFor<T>(what: string, check: () => Maybe<T> | Promise<Maybe<T>>, opts: number | WaitOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, everyMs = 20, context } = typeof opts === "number" ? { timeoutMs: opts } : opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ""}`);
    await sleep(everyMs);
  }
}
