import type { KnownFrame } from "../protocol/frames.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import type { Store } from "../store/store.js";
import { foreignMessages } from "../store/foreign.js";
import { IDLE, isBusy } from "../store/loop.js";

// A turn that runs across a gap (a frozen server, a stalled link) keeps streaming after the
// reconnect into rows that lost their middle, and the server may still be storing its end when
// the recovery pass reads history. So when such a turn ends, history is read once more: the
// server's version replaces ours, and what it does not complete is marked interrupted
// (store/history.ts). Cheap and idempotent, so an extra read after a turn that had in fact
// ended before the reconnect costs nothing but one request.
//
// The same read shows a message another client sent to the conversation: the server streams
// its reply to every subscriber but never the message itself, so its turn is read back from
// history when it ends, once per such message.

export interface HealHost {
  store: Store;
  scopeOf(key: string): RuntimeScope | undefined;
  /** A recovery pass is under way: it reads history itself; a heal waits for its end. */
  recovering(): boolean;
  /** Load history into the store; null when it could not be loaded. */
  backfill(scope: RuntimeScope): Promise<unknown[] | null>;
}


export class GapHealer {
  /** Runtimes whose turn ran across a gap: history again when it ends. */
  private readonly pending = new Set<string>();
  /** Such a turn ended while a recovery pass ran. */
  private readonly ended = new Set<string>();
  /** A heal under way, and whether another turn end asked for one meanwhile. */
  private readonly running = new Map<string, boolean>();
  /**
   * Re-attached while the loop looked idle: the first turn end after it reads history too. The
   * status can be stale: a thawed 0.32.18 ran the old socket's copy of a message on a runtime
   * its sync did not report (reliability-freeze), and the recovery's read closed our row of a
   * reply still streaming (its later deltas dropped). An idle status alone does not count.
   */
  private readonly quiet = new Set<string>();
  /** Another client's messages (client_message_ids) already read back, or asked for. */
  private readonly foreign = new Set<string>();

  constructor(private readonly host: HealHost) {}

  /** The link went down: a runtime in the middle of a turn needs history when the turn ends. */
  lost(): void {
    for (const [key, rt] of Object.entries(this.host.store.getState().runtimes)) if (isBusy(rt.loop?.status)) this.pending.add(key);
  }

  /** A recovery pass re-attached `scope`. */
  recovered(scope: RuntimeScope): void {
    const key = runtimeKey(scope);
    if (isBusy(this.host.store.getState().runtimes[key]?.loop?.status)) this.pending.add(key);
    else this.quiet.add(key);
    if (this.ended.delete(key)) this.heal(key);
  }

  /** Every frame from the server, after the store took it. */
  frame(frame: KnownFrame): void {
    if (frame.type === "update_loop_status") this.noteForeign(runtimeKey(frame.runtime));
    if (!isTurnEnd(frame) && !isLoopIdle(frame)) return;
    const key = runtimeKey(frame.runtime);
    const rt = this.host.store.getState().runtimes[key];
    const quiet = isTurnEnd(frame) && this.quiet.delete(key);
    if (!rt || (!rt.cut && !rt.doubtful && !this.pending.has(key) && !quiet)) return;
    // A run still streams: read once the loop is idle. A thawed 0.32.18 can run two at once under
    // the same message ids, and a read at the first one's end, taken as the server's final word,
    // left the second's later text on a row history replaced (reliability-freeze, seed
    // 530375881 #5: "tick1 … tick12Tool finished. Result: denied " shown).
    if (isTurnEnd(frame) && isBusy(rt.loop?.status)) {
      this.pending.add(key);
      return;
    }
    if (this.host.recovering()) this.ended.add(key);
    else this.heal(key);
  }

  /** A run took a message this client did not send: history when its turn ends. */
  private noteForeign(key: string): void {
    const rt = this.host.store.getState().runtimes[key];
    const fresh = rt ? foreignMessages(rt, false, false).filter((id) => !this.foreign.has(id)) : [];
    if (!fresh.length) return;
    for (const id of fresh) this.foreign.add(id);
    // Now (the server stored the message as the turn started: its row fills in at once) and
    // again when the turn ends (in case it had not yet).
    if (!this.host.recovering()) this.heal(key);
    this.pending.add(key);
  }

  private heal(key: string): void {
    this.pending.delete(key);
    const scope = this.host.scopeOf(key);
    if (!scope) return;
    if (this.running.has(key)) {
      this.running.set(key, true);
      return;
    }
    this.running.set(key, false);
    void this.host
      .backfill(scope)
      .then((messages) => this.host.store.dispatch({ type: "resynced", scope, historyLoaded: messages !== null }))
      .finally(() => {
        const again = this.running.get(key);
        this.running.delete(key);
        if (again) this.heal(key);
      });
  }
}

/** turn_finished, or (servers before 0.30.3 send none) a stop_reason that ends the turn. */
function isTurnEnd(frame: KnownFrame): frame is Extract<KnownFrame, { runtime: RuntimeScope }> {
  if (frame.type === "turn_finished") return true;
  if (frame.type !== "stream_delta" || frame.subagent_id) return false;
  const delta = frame.delta as { message_type?: unknown; stop_reason?: unknown };
  return delta.message_type === "stop_reason" && delta.stop_reason !== "requires_approval";
}

/**
 * The loop went idle. After a reconnect the turn_finished of a turn cut across the gap may have
 * gone to the lost connection, and the recovery pass may have found the loop still busy (the
 * server cancelling it): the status is then the only end we hear of.
 */
function isLoopIdle(frame: KnownFrame): frame is Extract<KnownFrame, { type: "update_loop_status" }> {
  return frame.type === "update_loop_status" && frame.loop_status.status === IDLE;
}
