import { onTestFinished, vi } from "vitest";

// Injected time for the UI: the App's keystroke guard reads a `now()` the test controls, and
// the timers of the screen (the ~33 ms store throttle, fleeting cards) run on vitest's fake
// timers. A test moves time instead of sleeping, so a loaded machine cannot stretch or shrink it.

/** The clock the App's keystroke guard reads: tests move it instead of sleeping. */
export interface TestClock {
  now(): number;
  /** Let `ms` pass on this clock (and only on it). */
  pass(ms: number): void;
}

/** Wall time, plus whatever the test lets pass: for tests that also wait on real things. */
export function wallClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, pass: (ms) => void (offset += ms) };
}

/** Time that moves only when the test says: a typist's rhythm exactly, however loaded the machine. */
export function manualClock(start = 1_000_000): TestClock {
  let t = start;
  return { now: () => t, pass: (ms) => void (t += ms) };
}

/**
 * Fake setTimeout/clearTimeout for the rest of the test (restored when it ends); everything else
 * (setImmediate, which React's scheduler uses, and Date) stays real. With `drift`, fake time
 * also follows real time, so code that sleeps or polls still moves on; without it, timers fire
 * only on `vi.advanceTimersByTime`.
 */
export function fakeTimeouts(opts: { drift?: boolean } = {}): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: opts.drift ?? false });
  onTestFinished(() => void vi.useRealTimers());
}

/**
 * Let React finish what a state change or a commit started: it renders and runs passive effects
 * (where timers start) in tasks of its scheduler, posted on setImmediate (never faked here) from
 * a microtask. A few turns of setImmediate, a count of turns, not a duration.
 */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
