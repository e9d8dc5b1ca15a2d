import type { InputCommand } from "../protocol/commands.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import { own } from "../store/own.js";
import type { Store } from "../store/store.js";
import type { ServerLink } from "../transport/link.js";
import { TransportError } from "../transport/errors.js";

export interface OutboxEntry {
  scope: RuntimeScope;
  clientMessageId: string;
  text: string;
  requestId: string;
}

/**
 * Messages sent but not yet acknowledged by input_accepted. Only a definite answer (or the
 * message in history) takes one out; one lost with the connection is resent after recovery
 * with the same client_message_id, which the server dedupes while it remembers the id.
 */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  /**
   * Accepted but not yet known to be stored: a server killed within milliseconds of starting
   * a message never writes it (found by reliability-kill). Kept until a turn finishes on the
   * connection that took it; a reconnect puts those that started back in line, where history
   * decides (settleFromHistory) whether they go out again. One still queued is the store's to
   * settle (settleQueuedAfterResync: the server drops a lost connection's queue).
   */
  private readonly unconfirmed = new Map<string, OutboxEntry>();

  constructor(
    private readonly store: Store,
    private readonly client: () => ServerLink,
    private readonly acknowledgesInput: () => boolean,
    private readonly timeoutMs?: number,
  ) {}

  send(entry: OutboxEntry): void {
    this.entries.set(entry.clientMessageId, entry);
    this.store.dispatch({ type: "message_sent", scope: entry.scope, requestId: entry.requestId, clientMessageId: entry.clientMessageId, text: entry.text });
    this.deliver(entry);
  }

  resendAll(): void {
    for (const entry of this.entries.values()) this.deliver(entry);
  }

  /** A new socket: what the lost one took without proof it was stored is unsent again. */
  requeueUnconfirmed(): void {
    // Ahead of what was typed since: they were sent first, and go out again first.
    const later = [...this.entries];
    this.entries.clear();
    for (const [id, entry] of [...this.unconfirmed, ...later]) if (!this.stillQueued(entry)) this.entries.set(id, entry);
    this.unconfirmed.clear();
  }

  private stillQueued(entry: OutboxEntry): boolean {
    const queued = this.store.getState().runtimes[runtimeKey(entry.scope)]?.queuedMessages;
    return queued !== undefined && own(queued, entry.clientMessageId) !== undefined;
  }

  /** Sent and not yet taken by the server: a held message waits behind these. */
  get inFlight(): boolean {
    return this.entries.size > 0;
  }

  /** A turn of `scope` finished: the messages that had started are stored. */
  turnFinished(scope: RuntimeScope): void {
    for (const [id, entry] of this.unconfirmed) {
      if (runtimeKey(entry.scope) === runtimeKey(scope) && !this.stillQueued(entry)) this.unconfirmed.delete(id);
    }
  }

  /**
   * After a backfill: a message whose id history shows is settled, not resent. The server ran
   * it, and may have forgotten the id (an idle conversation runtime is evicted with its
   * input-dedupe memory, PROTOCOL §1.6), so a resend would run it a second time.
   */
  settleFromHistory(inHistory: ReadonlySet<string>): void {
    for (const entry of [...this.entries.values()]) {
      if (!inHistory.has(entry.clientMessageId)) continue;
      this.entries.delete(entry.clientMessageId);
      // Its input_accepted went to the lost connection; the history is the confirmation.
      this.store.dispatch({ type: "input_unacknowledged", scope: entry.scope, requestId: entry.requestId });
    }
  }

  private deliver(entry: OutboxEntry): void {
    const client = this.client();
    if (!client.isConnected) return;
    const requestId = client.newRequestId("in");
    // The store correlates input_accepted by the outer request_id, so it learns the new one.
    if (requestId !== entry.requestId) {
      this.store.dispatch({ type: "message_sent", scope: entry.scope, requestId, clientMessageId: entry.clientMessageId, text: entry.text });
      entry.requestId = requestId;
    }
    const command: InputCommand = {
      type: "input",
      request_id: requestId,
      runtime: entry.scope,
      payload: { kind: "create_message", messages: [{ role: "user", content: entry.text, client_message_id: entry.clientMessageId }] },
    };
    this.sendInput(entry.scope, command)
      .then((disposition) => {
        this.entries.delete(entry.clientMessageId);
        if (disposition !== undefined) this.unconfirmed.set(entry.clientMessageId, entry);
      })
      .catch((err: unknown) => {
        // Lost with the connection: keep it; recovery resends it with the same id.
        if (err instanceof TransportError && err.code === "closed") return;
        this.entries.delete(entry.clientMessageId);
        this.store.dispatch({ type: "request_failed", scope: entry.scope, requestId, error: err instanceof Error ? err.message : String(err) });
      });
  }

  /**
   * Send an input and resolve once the server took it, to its disposition ("started",
   * "queued"). Servers before 0.30.3 never send input_accepted, so there the write itself is
   * all the confirmation there will be.
   */
  async sendInput(scope: RuntimeScope, command: InputCommand): Promise<string | undefined> {
    const client = this.client();
    if (this.acknowledgesInput()) {
      return (await client.request(command, "input_accepted", this.timeoutMs)).disposition;
    }
    client.send(command);
    this.store.dispatch({ type: "input_unacknowledged", scope, requestId: command.request_id });
    return undefined;
  }
}
