import type { ParsedFrame } from "../protocol/parse.js";

/**
 * Merges the frames of a [legacy] control + stream socket pair into one ordered stream
 * (PROTOCOL §1.3, §2.3). Legacy servers number enveloped frames with ONE runtime-wide
 * `event_seq` shared by both sockets, so each socket sees gaps and the two can race each other
 * (a `control_request` on control may overtake the `stop_reason` delta on stream that preceded it).
 *
 * Policy:
 * - Frames without a numeric `event_seq` (direct responses, malformed text) are released at once:
 *   they have no place in the sequence and a request must not wait on the events around it.
 * - Until a frame has been released, the expectation is unknown. A frame numbered `firstSeq`
 *   (default 1: every legacy control session starts a fresh runtime, §1.3) starts the sequence at
 *   once. Any other first frame is held like an out-of-order one, because the socket that happens
 *   to deliver first may be ahead of the other (a `control_request` on control overtaking the
 *   replay on stream); after `holdMs` the lowest number seen starts the sequence. So a normal
 *   attach costs no latency and a mid-stream join (e.g. after reset) costs one hold.
 * - A frame ahead of the expectation is held until the missing numbers arrive, but never longer
 *   than `holdMs` after its own arrival; then the gap is given up and held frames go out in order.
 * - A frame below the expectation ("late": it raced longer than `holdMs` and its gap was already
 *   given up) is released at once, NOT dropped. Legacy numbers are unique per emission, so such a
 *   frame is a real event that lost a race; dropping it could lose a `control_request` or a text
 *   chunk, while releasing it late is absorbed by the reducer's semantic keys (§2.3).
 * - An exact duplicate, i.e. a repeated `idempotency_key`, is dropped: that key is unique per
 *   emission (§2.3), so a second copy can only be the same frame delivered twice.
 * - At most `maxHeld` frames are held; beyond that the lowest gap is given up early, so a stalled
 *   socket cannot grow memory without bound.
 *
 * `release` runs synchronously inside `push` or the hold timer and should not throw.
 */

export type MergeAnomaly =
  /** Numbers `from`..`to` never arrived in time; later frames were released without them. */
  | { kind: "gap"; from: number; to: number }
  /** A frame arrived after its number was passed; it was released out of order. */
  | { kind: "late"; seq: number; expected: number }
  /** A frame whose `idempotency_key` was already seen; it was dropped. */
  | { kind: "duplicate"; seq: number; key: string }
  /** A different frame reused a held number (a counter restart we were not told about). */
  | { kind: "seq-conflict"; seq: number }
  /** More than `maxHeld` frames were held; a gap is given up early. */
  | { kind: "overflow"; held: number };

/** Opaque timer handle: whatever `setTimer` returns is passed back to `clearTimer`. */
export type TimerHandle = unknown;

export interface SeqMergerOptions {
  /** Longest time a frame waits for a missing number before its gap is given up. */
  holdMs?: number;
  /** Held-frame bound; past it the lowest gap is given up without waiting. */
  maxHeld?: number;
  /** The number a fresh runtime's counter starts at; a first frame with it needs no wait. */
  firstSeq?: number;
  /** Monotonic milliseconds; injectable so tests are deterministic. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Diagnostics only (transport log); never needed for correctness. */
  onAnomaly?: (anomaly: MergeAnomaly) => void;
}

export const DEFAULT_HOLD_MS = 150;
export const DEFAULT_MAX_HELD = 1000;
// Keys are only compared while a duplicate could still plausibly arrive; this bounds memory.
const DEDUPE_WINDOW = 2048;

interface Held {
  frame: ParsedFrame;
  at: number;
}

function field(parsed: ParsedFrame, name: string): unknown {
  if (parsed.kind === "frame") return (parsed.frame as Record<string, unknown>)[name];
  if (parsed.kind === "unknown") return parsed.raw[name];
  return undefined;
}

/** The frame's `event_seq` if it is enveloped; unknown frame types count too, since they use up numbers. */
export function eventSeqOf(parsed: ParsedFrame): number | undefined {
  const seq = field(parsed, "event_seq");
  return typeof seq === "number" && Number.isSafeInteger(seq) ? seq : undefined;
}

export class SeqMerger {
  private expected: number | undefined;
  // Insertion order is arrival order, so the first entry is always the one waiting longest.
  private readonly held = new Map<number, Held>();
  private readonly seenKeys = new Set<string>();
  private timer: TimerHandle | undefined;
  private timerDeadline = Number.POSITIVE_INFINITY;
  private disposed = false;

  private readonly holdMs: number;
  private readonly maxHeld: number;
  private readonly firstSeq: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  private readonly clearTimer: (handle: TimerHandle) => void;
  private readonly onAnomaly: (anomaly: MergeAnomaly) => void;

  constructor(
    private readonly release: (frame: ParsedFrame) => void,
    opts: SeqMergerOptions = {},
  ) {
    this.holdMs = Math.max(0, opts.holdMs ?? DEFAULT_HOLD_MS);
    this.maxHeld = Math.max(1, opts.maxHeld ?? DEFAULT_MAX_HELD);
    this.firstSeq = opts.firstSeq ?? 1;
    // performance.now, not Date.now: a wall-clock jump must not release or stall the buffer.
    this.now = opts.now ?? (() => performance.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.onAnomaly = opts.onAnomaly ?? (() => undefined);
  }

  /** Number of frames currently waiting for a missing `event_seq`. */
  get heldCount(): number {
    return this.held.size;
  }

  /** The next `event_seq` that would be released immediately, once the sequence has started. */
  get expectedSeq(): number | undefined {
    return this.expected;
  }

  push(parsed: ParsedFrame): void {
    if (this.disposed) return;
    const seq = eventSeqOf(parsed);
    if (seq === undefined) {
      this.release(parsed);
      return;
    }
    const key = field(parsed, "idempotency_key");
    if (typeof key === "string") {
      if (this.seenKeys.has(key)) {
        this.onAnomaly({ kind: "duplicate", seq, key });
        return;
      }
      this.rememberKey(key);
    }
    if (this.expected === undefined && seq <= this.firstSeq) this.expected = seq;
    if (this.expected !== undefined && seq < this.expected) {
      this.onAnomaly({ kind: "late", seq, expected: this.expected });
      this.release(parsed);
      return;
    }
    if (seq === this.expected) {
      this.expected = seq + 1;
      this.release(parsed);
      this.drain();
    } else if (this.held.has(seq)) {
      this.onAnomaly({ kind: "seq-conflict", seq });
      this.release(parsed);
      return;
    } else {
      this.held.set(seq, { frame: parsed, at: this.now() });
      if (this.held.size > this.maxHeld) {
        this.onAnomaly({ kind: "overflow", held: this.held.size });
        this.skipGap();
      }
    }
    this.arm();
  }

  /** Release everything held, in order, giving up every open gap. The expectation is kept. */
  flush(): void {
    while (this.held.size > 0) this.skipGap();
    this.arm();
  }

  /**
   * Forget the expectation, e.g. on reconnect, where a legacy server starts a fresh runtime and
   * counter. Held frames are flushed first: they are real events of the old session.
   */
  reset(): void {
    this.flush();
    this.expected = undefined;
    this.seenKeys.clear();
  }

  /** Stop for good: held frames are discarded, since the consumer is going away. */
  dispose(): void {
    this.disposed = true;
    this.held.clear();
    this.seenKeys.clear();
    this.arm();
  }

  private rememberKey(key: string): void {
    this.seenKeys.add(key);
    if (this.seenKeys.size > DEDUPE_WINDOW) {
      const oldest = this.seenKeys.values().next();
      if (!oldest.done) this.seenKeys.delete(oldest.value);
    }
  }

  /** Release held frames that continue the sequence. */
  private drain(): void {
    let next: Held | undefined;
    while (this.expected !== undefined && (next = this.held.get(this.expected)) !== undefined) {
      // State first, callback last, so a throwing `release` leaves the buffer consistent.
      this.held.delete(this.expected);
      this.expected += 1;
      this.release(next.frame);
    }
  }

  /** Give up on the lowest open gap: jump the expectation to the lowest held number. */
  private skipGap(): void {
    let lowest = Number.POSITIVE_INFINITY;
    for (const seq of this.held.keys()) if (seq < lowest) lowest = seq;
    if (lowest === Number.POSITIVE_INFINITY) return;
    if (this.expected !== undefined && lowest > this.expected) {
      this.onAnomaly({ kind: "gap", from: this.expected, to: lowest - 1 });
    }
    this.expected = lowest;
    this.drain();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDeadline = Number.POSITIVE_INFINITY;
    const now = this.now();
    // Each frame may wait at most holdMs; releasing one also releases every lower held number.
    for (;;) {
      const oldest = this.held.values().next();
      if (oldest.done || oldest.value.at + this.holdMs > now) break;
      this.skipGap();
    }
    this.arm();
  }

  /** Keep exactly one timer, due when the longest-waiting held frame runs out of patience. */
  private arm(): void {
    const oldest = this.held.values().next();
    const deadline = oldest.done ? Number.POSITIVE_INFINITY : oldest.value.at + this.holdMs;
    if (deadline === this.timerDeadline) return;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.timerDeadline = deadline;
    if (deadline === Number.POSITIVE_INFINITY) return;
    this.timer = this.setTimer(() => this.onTimer(), Math.max(0, deadline - this.now()));
  }
}
