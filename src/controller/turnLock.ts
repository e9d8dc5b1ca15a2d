import { runtimeKey } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import type { OutboxEntry } from "./outbox.js";
import { isBusy } from "../store/loop.js";

/**
 * How long a runtime must have been idle before an input goes to it. The server (0.32.18)
 * mishandles an input that arrives within ~20 ms of turn_finished: it starts the turn and asks
 * for approval, but its next device status lists no pending request, so the card is closed
 * and the turn waits for ever (seen in a transport log when a test typed right as a turn ended).
 */
export const SETTLE_MS = 250;

/**
 * Per-runtime turn lock: a message typed while its runtime is busy, or in the SETTLE_MS after
 * it went idle, waits here, in order (the store shows it in the queue panel), and is sent once
 * the runtime is idle and settled. Runtimes are independent, so teammates run in parallel.
 */
export class TurnLock {
  private readonly held = new Map<string, OutboxEntry[]>();
  /** Runtimes we just sent a held message to, until they are seen busy (or 5 s pass). */
  private readonly justReleased = new Map<string, number>();
  /** Runtimes seen busy, and when each last went idle. */
  private readonly seenBusy = new Set<string>();
  private readonly idleAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly send: (entry: OutboxEntry) => void,
    private readonly canSend: () => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = store.subscribe(() => {
      this.noteIdle();
      this.schedule();
    });
  }

  /**
   * For a closed session: no timer left to fire into a dead link, and the store (which may
   * outlive this controller, e.g. in direct mode) no longer calls back. What is held stays in
   * the store's queue panel; it is not sent.
   */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Hold the message if its runtime is busy (or others wait before it); false = send it now. */
  hold(entry: OutboxEntry): boolean {
    const key = runtimeKey(entry.scope);
    const waiting = this.held.get(key) ?? [];
    if (!waiting.length && !this.busy(key)) return false;
    this.held.set(key, [...waiting, entry]);
    this.store.dispatch({ type: "message_held", scope: entry.scope, clientMessageId: entry.clientMessageId, text: entry.text });
    return true;
  }

  private working(key: string): boolean {
    const rt = this.store.getState().runtimes[key];
    if (!rt) return false;
    const status = rt.loop?.status;
    return isBusy(status) || rt.approvals.order.length > 0;
  }

  private busy(key: string): boolean {
    const idle = this.idleAt.get(key);
    const settling = idle !== undefined && this.now() - idle < SETTLE_MS;
    return this.working(key) || settling || this.justReleased.has(key);
  }

  /** Stamp the moment each runtime goes from working to idle (the store calls on every change). */
  private noteIdle(): void {
    for (const key of Object.keys(this.store.getState().runtimes)) {
      if (this.working(key)) {
        this.seenBusy.add(key);
        this.idleAt.delete(key);
      } else if (this.seenBusy.delete(key)) {
        this.idleAt.set(key, this.now());
      }
    }
  }

  /** Release the next held message of every runtime that is idle and settled (SETTLE_MS). */
  private schedule(): void {
    for (const [key, at] of this.justReleased) {
      const status = this.store.getState().runtimes[key]?.loop?.status;
      if (isBusy(status) || this.now() - at > 5000) this.justReleased.delete(key);
    }
    if (this.disposed || this.timer || ![...this.held.values()].some((q) => q.length)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const [key, queue] of this.held) {
        if (!queue.length || this.busy(key) || !this.canSend()) continue;
        const next = queue.shift()!;
        this.justReleased.set(key, this.now());
        this.send(next);
      }
      this.schedule();
    }, SETTLE_MS);
    this.timer.unref();
  }
}
