import { randomUUID } from "node:crypto";
import type { InputCommand, UserMessage } from "../protocol/commands.js";
import { runtimeKey, type RuntimeScope } from "../protocol/runtime.js";
import { own } from "../store/own.js";
import type { Store } from "../store/store.js";
import type { ServerLink } from "../transport/link.js";
import { TransportError } from "../transport/errors.js";
import { syncRuntime } from "./attach.js";
import { runsOf, sameServer, serverHasIt, type RunMap } from "./lostWrites.js";

/**
 * How long a message written on a lost socket waits, after the recovery pass, for the same
 * server to show it has it before it is sent again (see lostWrites.ts). The server reads the
 * old socket as soon as it resumes; in the freeze suite its run showed within 250 ms.
 */
export const RESEND_GRACE_MS = 2_000;

export interface OutboxEntry {
  scope: RuntimeScope;
  clientMessageId: string;
  /** What the transcript shows (image chips, never base64). */
  text: string;
  requestId: string;
  /** What goes out when it is not `text` itself: text and image parts. Kept in memory only, for resends. */
  content?: UserMessage["content"];
}

/**
 * Messages sent but not yet acknowledged by input_accepted. Only a definite answer (or the
 * message in history) takes one out; one lost with the connection is resent after recovery
 * with the same client_message_id, which the server dedupes while it remembers the id. One
 * written to a server that is still the same process waits first for that server to show it
 * (lostWrites.ts): its dedupe does not hold across the loss.
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
  /** Ids whose bytes left on some socket: after a loss the server may still read them. */
  private readonly written = new Set<string>();
  /** Ids sent on the current socket and not yet answered: flush does not send them twice. */
  private readonly outstanding = new Set<string>();
  /**
   * Written on the socket we lost, to a server that may still have them (lostWrites.ts): not
   * sent again, nor anything of their runtime typed after them, until the server shows them or
   * the grace is over and history still lacks them.
   */
  private readonly inDoubt = new Set<string>();
  /** Each runtime's run map when the socket was lost, to tell the same server from a new one. */
  private runsBefore = new Map<string, RunMap>();
  private graceTimer: NodeJS.Timeout | null = null;
  /** Written, then put back in line by a reconnect: the server may answer from its id memory. */
  private readonly carried = new Set<string>();
  /** Sockets so far: a grace that outlived its socket leaves the decision to the next pass. */
  private socket = 0;

  constructor(
    private readonly store: Store,
    private readonly client: () => ServerLink,
    private readonly acknowledgesInput: () => boolean,
    private readonly timeoutMs?: number,
    /** Read a runtime's history into the store: our ids it shows, or null if it failed. */
    private readonly readHistory: (scope: RuntimeScope) => Promise<ReadonlySet<string> | null> = async () => null,
    private readonly graceMs = RESEND_GRACE_MS,
  ) {}

  send(entry: OutboxEntry, replaces?: string): void {
    this.entries.set(entry.clientMessageId, entry);
    this.store.dispatch({ type: "message_sent", scope: entry.scope, requestId: entry.requestId, clientMessageId: entry.clientMessageId, text: entry.text, replaces });
    // Behind its runtime's messages in doubt, if any (flush).
    this.flush();
  }

  /**
   * After a recovery pass: send what is unsent, in order. A runtime's messages in doubt (and
   * what was typed after them) wait while the same server may still run them; a new server
   * process gets them at once.
   */
  resendAll(): void {
    for (const id of [...this.inDoubt]) {
      const entry = this.entries.get(id);
      const key = entry ? runtimeKey(entry.scope) : undefined;
      const same = key !== undefined && sameServer(this.runsBefore.get(key) ?? {}, runsOf(this.store.getState().runtimes[key]));
      if (!same) this.inDoubt.delete(id);
    }
    this.observe();
    if (this.inDoubt.size > 0 && !this.graceTimer) {
      this.graceTimer = setTimeout(() => void this.graceOver(), this.graceMs);
      this.graceTimer.unref?.();
    }
    this.flush();
  }

  /** A new socket: what the lost one took without proof it was stored is unsent again. */
  requeueUnconfirmed(): void {
    // Ahead of what was typed since: they were sent first, and go out again first.
    const later = [...this.entries];
    this.entries.clear();
    for (const [id, entry] of [...this.unconfirmed, ...later]) if (!this.stillQueued(entry)) this.entries.set(id, entry);
    // Only what left on the lost socket can be in the server's id memory, or still reach it.
    for (const id of this.entries.keys()) {
      if (!this.unconfirmed.has(id) && !this.written.has(id)) continue;
      this.carried.add(id);
      this.inDoubt.add(id);
    }
    this.unconfirmed.clear();
    this.outstanding.clear();
    this.socket++;
    this.stopGrace(); // restarted by the recovery pass's resendAll
    // The store still holds what the lost socket last heard; the recovery's sync replaces it.
    this.runsBefore = new Map(Object.entries(this.store.getState().runtimes).map(([key, rt]) => [key, runsOf(rt)]));
  }

  /** After every frame: a message in doubt that the server now shows is settled, not resent. */
  observe(): void {
    if (this.inDoubt.size === 0) return;
    const runtimes = this.store.getState().runtimes;
    let settled = false;
    for (const id of [...this.inDoubt]) {
      const entry = this.entries.get(id);
      if (!entry || !serverHasIt(runtimes[runtimeKey(entry.scope)], id)) continue;
      this.inDoubt.delete(id);
      this.entries.delete(id);
      this.carried.delete(id);
      // It runs, or ran, on the server: stored once its turn finishes, like one it started.
      this.unconfirmed.set(id, entry);
      this.store.dispatch({ type: "input_unacknowledged", scope: entry.scope, requestId: entry.requestId });
      settled = true;
    }
    if (settled && this.inDoubt.size === 0) this.stopGrace();
    if (settled) this.flush();
  }

  /** The grace is over: history decides what is still missing, and that goes out again. */
  private async graceOver(): Promise<void> {
    this.graceTimer = null;
    const socket = this.socket;
    if (!this.client().isConnected) return; // the next recovery pass starts over
    const scopes = new Map<string, RuntimeScope>();
    for (const id of this.inDoubt) {
      const entry = this.entries.get(id);
      if (entry) scopes.set(runtimeKey(entry.scope), entry.scope);
    }
    for (const scope of scopes.values()) {
      const ids = await this.readHistory(scope);
      if (socket !== this.socket) return;
      if (ids) this.settleFromHistory(ids);
    }
    this.observe();
    this.inDoubt.clear();
    this.flush();
  }

  private stopGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  /** For a closed controller: no timer left to fire. */
  dispose(): void {
    this.stopGrace();
  }

  /** Deliver unsent entries in order; a runtime stops at its first message in doubt. */
  private flush(): void {
    const waiting = new Set<string>();
    for (const [id, entry] of this.entries) {
      const key = runtimeKey(entry.scope);
      if (this.inDoubt.has(id)) waiting.add(key);
      if (!waiting.has(key) && !this.outstanding.has(id)) this.deliver(entry);
    }
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
      this.inDoubt.delete(entry.clientMessageId);
      this.written.delete(entry.clientMessageId);
      this.carried.delete(entry.clientMessageId);
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
      payload: { kind: "create_message", messages: [{ role: "user", content: entry.content ?? entry.text, client_message_id: entry.clientMessageId }] },
    };
    const id = entry.clientMessageId;
    this.written.add(id);
    this.outstanding.add(id);
    this.sendInput(entry.scope, command)
      .then((disposition) => {
        this.entries.delete(id);
        this.written.delete(id);
        this.outstanding.delete(id);
        if (disposition !== undefined) this.unconfirmed.set(id, entry);
        if (this.carried.delete(id) && disposition === "queued") void this.confirmQueued(entry);
      })
      .catch((err: unknown) => {
        // Lost with the connection: keep it; recovery resends it with the same id.
        if (err instanceof TransportError && err.code === "closed") return;
        this.entries.delete(id);
        this.written.delete(id);
        this.outstanding.delete(id);
        this.carried.delete(id);
        this.store.dispatch({ type: "request_failed", scope: entry.scope, requestId, error: err instanceof Error ? err.message : String(err) });
      });
  }

  /**
   * A message sent again and answered "queued": 0.32.18 answers a repeated id from its memory
   * even when it no longer holds the message (it drops a closed connection's queued messages
   * and remembers their ids; found by reliability-freeze: `t8` answered queued, in no queue,
   * never run, the session waiting for ever). The sync's queue snapshot, replayed before its
   * answer, says; a message the server holds nowhere goes out once more under a new id, its
   * old one spent. It cannot run twice: no queue, run, echo or dequeue has shown it.
   */
  private async confirmQueued(entry: OutboxEntry): Promise<void> {
    const socket = this.socket;
    try {
      await syncRuntime(this.client(), entry.scope, false, this.timeoutMs);
    } catch {
      return; // lost again: the next recovery pass settles the queue (settleQueuedAfterResync)
    }
    if (socket !== this.socket) return;
    const rt = this.store.getState().runtimes[runtimeKey(entry.scope)];
    // Still waiting in our queue panel: a dequeue (removed[], its echo) would have taken it out
    // before its run shows in the run map.
    if (!rt || !own(rt.queuedMessages, entry.clientMessageId) || serverHasIt(rt, entry.clientMessageId)) return;
    this.unconfirmed.delete(entry.clientMessageId);
    const renewed: OutboxEntry = { ...entry, clientMessageId: `cm-${randomUUID()}`, requestId: this.client().newRequestId("in") };
    this.send(renewed, entry.clientMessageId);
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
