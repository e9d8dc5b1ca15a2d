import { runtimeKey } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import type { OutboxEntry } from "./outbox.js";

/**
 * Per-runtime turn lock: a message typed while its runtime is busy waits here, in order (the
 * store shows it in the queue panel), and is sent once the runtime is idle. Runtimes are
 * independent, so teammates run in parallel.
 */
export class TurnLock {
  private readonly held = new Map<string, OutboxEntry[]>();
  /** Runtimes we just sent a held message to, until they are seen busy (or 5 s pass). */
  private readonly justReleased = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly send: (entry: OutboxEntry) => void,
    private readonly canSend: () => boolean,
  ) {
    this.unsubscribe = store.subscribe(() => this.schedule());
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

  private busy(key: string): boolean {
    const rt = this.store.getState().runtimes[key];
    if (!rt) return false;
    const status = rt.loop?.status;
    return (status !== undefined && status !== "WAITING_ON_INPUT") || rt.approvals.order.length > 0 || this.justReleased.has(key);
  }

  /**
   * Release the next held message of every runtime that went idle. The short wait matters: the
   * server mishandles approvals of an input that arrives within ~20 ms of turn_finished.
   */
  private schedule(): void {
    for (const [key, at] of this.justReleased) {
      const status = this.store.getState().runtimes[key]?.loop?.status;
      if ((status && status !== "WAITING_ON_INPUT") || Date.now() - at > 5000) this.justReleased.delete(key);
    }
    if (this.disposed || this.timer || ![...this.held.values()].some((q) => q.length)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const [key, queue] of this.held) {
        if (!queue.length || this.busy(key) || !this.canSend()) continue;
        const next = queue.shift()!;
        this.justReleased.set(key, Date.now());
        this.send(next);
      }
      this.schedule();
    }, 250);
    this.timer.unref();
  }
}
