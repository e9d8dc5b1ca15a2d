import type WebSocket from "ws";
import type { Command } from "../protocol/commands.js";
import type { FrameType } from "../protocol/frames.js";
import type { ParsedFrame } from "../protocol/parse.js";
import { DEFAULT_BACKOFF, backoffDelay, isPermanentRefusal, shouldKeepTrying, type BackoffPolicy } from "./backoff.js";
import { TransportError } from "./errors.js";
import { DEFAULT_HEARTBEAT, startHeartbeat, type HeartbeatOptions } from "./heartbeat.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestTracker, type FrameOf } from "./requests.js";
import { FrameIntake, NO_LOG, messageText, type FrameLog, type FrameSink } from "./intake.js";
import { SeqMerger } from "./merge.js";
import { openSocket, type SocketOptions } from "./socket.js";

export type { FrameLog } from "./intake.js";

/** Sockets the heartbeat gave up on, kept open (see retire()); past this many, the oldest closes. */
export const RETIRED_MAX = 3;

export type LinkStatus =
  | { status: "connected" }
  | { status: "reconnecting"; attempt: number; nextRetryAt: number; error: string }
  | { status: "offline"; error: string }
  | { status: "closed" };

export interface ClientEvents extends FrameSink {
  onStatus(status: LinkStatus): void;
  /** A new socket is open after a loss; subscriptions are gone and must be renewed. */
  onReconnected(): void;
}

export interface ClientOptions extends SocketOptions {
  backoff?: BackoffPolicy;
  heartbeat?: HeartbeatOptions;
  log?: FrameLog;
}

/**
 * A connection to one App Server that survives drops: heartbeat, reconnect with backoff,
 * request correlation. The first connect fails loudly (the CLI reports it); later losses are
 * retried quietly and reported as status, because the user's work lives on the server.
 */
export class AppServerClient {
  private socket: WebSocket | null = null;
  /** Legacy servers (0.29.2–0.29.6) send stream-type frames on a second socket (PROTOCOL §1.3). */
  private stream: WebSocket | null = null;
  private merger: SeqMerger | null = null;
  private readonly tracker = new RequestTracker();
  private readonly log: FrameLog;
  private readonly intake: FrameIntake;
  private stopHeartbeat: () => void = () => undefined;
  private closedByUs = false;
  /**
   * When the connection was lost, and how many reconnects followed. Both survive a reopened
   * socket until it has stayed up for `stableAfterMs`: a server that accepts and closes at once
   * must run down the backoff and the give-up budget, not restart them on every open.
   */
  private lostAt: number | null = null;
  /** Why the open socket is failing, when we know better than its close code (a frame too big). */
  private lostWhy: string | undefined;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  /** A reconnect attempt is under way: Ctrl+R while it runs must not start a second socket. */
  private connecting = false;
  /** Sockets the heartbeat gave up on, oldest first, kept open and unheard: see retire(). */
  private readonly retired: WebSocket[] = [];
  private nextId = 1;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);

  private constructor(
    readonly url: string,
    private readonly events: ClientEvents,
    private readonly opts: ClientOptions,
  ) {
    this.log = opts.log ?? NO_LOG;
    this.intake = new FrameIntake(this.tracker, this.log, () => this.events);
  }

  static async connect(url: string, events: ClientEvents, opts: ClientOptions = {}): Promise<AppServerClient> {
    const client = new AppServerClient(url, events, opts);
    client.log.event("connect", { url });
    try {
      client.adopt(await openSocket(url, opts));
    } catch (err) {
      client.log.event("connect_failed", { error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    return client;
  }

  get isConnected(): boolean {
    return this.socket !== null && this.socket.readyState === this.socket.OPEN;
  }

  newRequestId(prefix: string): string {
    return `${prefix}-${this.idPrefix}-${this.nextId++}`;
  }

  send(command: Command): void {
    if (!this.socket || !this.isConnected) throw new TransportError("closed", "Not connected to the App Server.");
    this.socket.send(JSON.stringify(command));
    this.log.sent(command);
  }

  request<T extends FrameType>(command: Command, responseType: T, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<FrameOf<T>> {
    return this.tracker.sendAndExpect(command, responseType, timeoutMs, (c) => this.send(c));
  }

  /**
   * Switch to the legacy pair: keep this socket as the control channel (no `channel` parameter
   * means control there) and open `?channel=stream` beside it. Both feed one merger that
   * restores the runtime-wide event_seq order, since each socket alone sees gaps.
   */
  async enableSplitChannels(): Promise<void> {
    if (this.merger) return;
    this.merger = new SeqMerger((parsed) => this.intake.deliver(parsed, false));
    await this.openStream();
  }

  get splitChannels(): boolean {
    return this.merger !== null;
  }

  /** From the offline state (or while waiting), try again now. */
  retryNow(): void {
    // An attempt under way (a slow handshake) must not be joined by a second one.
    if (this.closedByUs || this.isConnected || this.connecting) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.lostAt = Date.now();
    this.attempt = 0;
    void this.reconnect();
  }

  close(): void {
    this.closedByUs = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.clearStableTimer();
    this.stopHeartbeat();
    for (const old of this.retired.splice(0)) old.terminate();
    const socket = this.socket;
    this.socket = null;
    this.dropStream();
    this.merger?.dispose();
    this.tracker.failAll("Closed");
    this.log.event("close", { by: "client" });
    this.events.onStatus({ status: "closed" });
    if (!socket) return;
    socket.close(1000, "client quit");
    // A server that never answers the close handshake must not keep the process alive.
    setTimeout(() => socket.terminate(), 1000).unref();
  }

  private adopt(socket: WebSocket): void {
    this.socket = socket;
    this.intake.newSocket();
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    socket.on("close", (code, reason) => this.onClose(socket, code, reason.toString()));
    // Errors after open are always followed by close; one we caused (maxPayload) says why.
    this.lostWhy = undefined;
    socket.on("error", (err) => (this.lostWhy = this.intake.socketError(err) ?? this.lostWhy));
    this.stopHeartbeat = startHeartbeat(socket, () => {
      this.log.event("heartbeat_timeout");
      this.retire(socket);
    }, this.opts.heartbeat ?? DEFAULT_HEARTBEAT);
    this.events.onStatus({ status: "connected" });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    // One Buffer is what ws hands over for a whole message: the log may write those very bytes.
    const parsed: ParsedFrame = this.intake.parse(messageText(data, isBinary), !isBinary && Buffer.isBuffer(data) ? data : undefined);
    if (this.merger) this.merger.push(parsed);
    else this.intake.deliver(parsed);
  }

  private async openStream(): Promise<void> {
    const url = new URL(this.url);
    url.searchParams.set("channel", "stream");
    const stream = await openSocket(url.toString(), this.opts);
    this.stream = stream;
    stream.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    stream.on("error", () => undefined);
    // The legacy server ends the control socket when the stream closes; treat either as a loss.
    stream.on("close", () => {
      if (this.stream === stream && this.socket) this.socket.terminate();
    });
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      stream.removeAllListeners("close");
      stream.terminate();
    }
  }

  /**
   * The heartbeat gave up on `socket`: treat it as lost and reconnect, but do not close it. A
   * peer that was only frozen (a stopped process, a stalled path) reads our close when it wakes,
   * and 0.32.18 then cancels the turn that connection started if no other connection is
   * subscribed (PROTOCOL §1.6); closed later, even with the turn over and the new socket
   * attached, it has left the runtime's queue blocked for good (a queued message never runs,
   * resume_queue resumes nothing: docs/reliability.md). Kept open, the turn fails over to the
   * new connection and nothing is blocked. It is not heard: its frames (copies of what the new
   * socket gets) are read and dropped by `ws`, which also answers the server's pings, so the
   * server keeps it. It closes when the server closes it, when we quit, or, past RETIRED_MAX,
   * the oldest first.
   */
  private retire(socket: WebSocket): void {
    if (socket !== this.socket) {
      socket.terminate();
      return;
    }
    socket.removeAllListeners("message");
    socket.removeAllListeners("close");
    socket.removeAllListeners("error");
    // An error on a socket nobody listens to would crash the process.
    socket.on("error", () => undefined);
    socket.once("close", () => {
      const at = this.retired.indexOf(socket);
      if (at !== -1) this.retired.splice(at, 1);
    });
    this.retired.push(socket);
    while (this.retired.length > RETIRED_MAX) this.retired.shift()!.terminate();
    this.log.event("retired", { keptOpen: this.retired.length });
    this.onClose(socket, 1006, "heartbeat timeout");
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.stopHeartbeat();
    this.clearStableTimer();
    this.socket = null;
    this.dropStream();
    // Frames held for ordering belong to the lost session; sequence numbers restart.
    this.merger?.reset();
    this.tracker.failAll("Connection lost");
    if (this.closedByUs) return;
    this.log.event("lost", { code, reason });
    // A socket that died before it proved stable continues the same outage.
    if (this.lostAt === null) {
      this.lostAt = Date.now();
      this.attempt = 0;
    }
    this.scheduleReconnect(`connection lost (${this.lostWhy ?? `${code}${reason ? `: ${reason}` : ""}`})`);
  }

  private scheduleReconnect(error: string): void {
    if (this.closedByUs) return;
    const elapsed = Date.now() - (this.lostAt ?? Date.now());
    const policy = this.opts.backoff ?? DEFAULT_BACKOFF;
    if (!shouldKeepTrying(elapsed, policy)) {
      this.log.event("offline", { error });
      this.events.onStatus({ status: "offline", error });
      return;
    }
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, policy);
    this.events.onStatus({ status: "reconnecting", attempt: this.attempt, nextRetryAt: Date.now() + delay, error });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this.connecting) return;
    this.connecting = true;
    try {
      await this.reconnectOnce();
    } finally {
      this.connecting = false;
    }
  }

  private async reconnectOnce(): Promise<void> {
    this.log.event("reconnect_attempt", { attempt: this.attempt });
    try {
      const socket = await openSocket(this.url, this.opts);
      if (this.merger) {
        try {
          await this.openStream();
        } catch (err) {
          socket.terminate();
          throw err;
        }
      }
      if (this.closedByUs) {
        socket.terminate();
        this.dropStream();
        return;
      }
      this.log.event("reconnected");
      this.adopt(socket);
      this.armStableTimer(socket);
      this.events.onReconnected();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A refused token or a wrong path will not fix itself by waiting: say so and stop. Other
      // statuses (a 502 from a proxy while the server restarts, 429, 503) are worth waiting out.
      if (err instanceof TransportError && err.code === "http_status" && isPermanentRefusal(err.status)) {
        this.log.event("offline", { error: message });
        this.events.onStatus({ status: "offline", error: message });
        return;
      }
      this.scheduleReconnect(message);
    }
  }

  /** The outage is over once the new socket has stayed open this long. */
  private armStableTimer(socket: WebSocket): void {
    this.clearStableTimer();
    const policy = this.opts.backoff ?? DEFAULT_BACKOFF;
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      if (this.socket !== socket) return;
      this.lostAt = null;
      this.attempt = 0;
      this.log.event("stable");
    }, policy.stableAfterMs ?? DEFAULT_BACKOFF.stableAfterMs);
    this.stableTimer.unref();
  }

  private clearStableTimer(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }
}
