import WebSocket from "ws";
import type { Command } from "../protocol/commands.js";
import type { FrameType } from "../protocol/frames.js";
import type { ClientEvents } from "../transport/client.js";
import { TransportError } from "../transport/errors.js";
import { DEFAULT_HEARTBEAT, startHeartbeat, type HeartbeatOptions } from "../transport/heartbeat.js";
import { FrameIntake, NO_LOG, messageText, type FrameLog } from "../transport/intake.js";
import type { ServerLink } from "../transport/link.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestTracker, type FrameOf } from "../transport/requests.js";

/** What a runtime says about itself when it registers (POST /v1/environments/register). */
export interface Registration {
  deviceId: string;
  connectionName: string;
  listenerInstanceId?: string;
  version?: string;
  os?: string;
  metadata: Record<string, unknown>;
}

export interface EnvironmentOptions {
  heartbeat?: HeartbeatOptions;
  frames?: FrameLog;
  /** After this long without the runtime, report "offline": it gives up redialling after 5 min. */
  offlineAfterMs?: number;
  /** How long a new socket must be open before we send on it (see SETTLE_MS). */
  settleMs?: number;
}

/** The runtime redials with backoff for 5 minutes (seed docs), so waiting a bit longer is enough. */
export const DEFAULT_OFFLINE_AFTER_MS = 5.5 * 60_000;
/** The runtime's first redial comes after about 1 s; the status line shows this as the next try. */
const EXPECTED_REDIAL_MS = 1_000;
/**
 * The runtime finishes setting up a new socket asynchronously after "open"; a command that
 * arrives before (e.g. in the same TCP read as the handshake) is handled but its answer is
 * dropped, so runtime_start would time out. Observed with 0.32.18; it sends no "ready" frame.
 */
export const SETTLE_MS = 300;

/** Same key for the same runtime on every registration; two env names on one machine stay apart. */
export function environmentKey(deviceId: string, connectionName: string): string {
  return deviceId ? `${deviceId}/${connectionName}` : connectionName;
}

/**
 * One Letta Code runtime host that dialled in. It outlives its sockets: when the runtime drops
 * and redials (same deviceId and name) the new socket is adopted and the controller is told to
 * re-attach, exactly like AppServerClient after a reconnect, so no user work is lost.
 */
export class Environment implements ServerLink {
  readonly key: string;
  readonly deviceId: string;
  readonly connectionName: string;
  connectionId = "";
  version: string | undefined;
  os: string | undefined;
  metadata: Record<string, unknown> = {};
  lastSeenAt = Date.now();
  /** Set by the endpoint: called when the runtime comes online (socket settled) or goes offline. */
  onChange: ((env: Environment) => void) | undefined;

  private socket: WebSocket | null = null;
  private events: ClientEvents | null = null;
  private readonly tracker = new RequestTracker();
  private readonly frames: FrameLog;
  private readonly intake: FrameIntake;
  private stopHeartbeat: () => void = () => undefined;
  private offlineTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  /** The current socket has settled (SETTLE_MS) and may carry commands. */
  private ready = false;
  /** Whether a socket was ever adopted: the next one is then a reconnect, not the first connect. */
  private connectedOnce = false;
  private lostCount = 0;
  private nextId = 1;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);

  constructor(
    registration: Registration,
    private readonly opts: EnvironmentOptions = {},
  ) {
    this.deviceId = registration.deviceId;
    this.connectionName = registration.connectionName;
    this.key = environmentKey(registration.deviceId, registration.connectionName);
    this.frames = opts.frames ?? NO_LOG;
    this.intake = new FrameIntake(this.tracker, this.frames, () => this.events);
    this.update(registration);
  }

  get online(): boolean {
    return this.ready && this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  get isConnected(): boolean {
    return this.online;
  }

  /** A socket was adopted at least once: the runtime is real and redials after a drop. */
  get everConnected(): boolean {
    return this.connectedOnce;
  }

  /** The connection id of the socket open right now (settled or not), if any. */
  get openConnectionId(): string | undefined {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN ? this.connectionId : undefined;
  }

  /** A fresh registration of the same runtime (after a restart it may run another version). */
  update(registration: Registration): void {
    this.version = registration.version;
    this.os = registration.os;
    this.metadata = registration.metadata;
    this.lastSeenAt = Date.now();
  }

  /** The ServerLink for Controller.over; the events replace those of an earlier controller. */
  link(events: ClientEvents): ServerLink {
    this.events = events;
    events.onStatus(this.online ? { status: "connected" } : this.lostStatus());
    return this;
  }

  newRequestId(prefix: string): string {
    return `${prefix}-${this.idPrefix}-${this.nextId++}`;
  }

  send(command: Command): void {
    const socket = this.socket;
    if (!socket || !this.online) throw new TransportError("closed", `The runtime "${this.connectionName}" is offline.`);
    socket.send(JSON.stringify(command));
    this.frames.sent(command);
  }

  request<T extends FrameType>(command: Command, responseType: T, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<FrameOf<T>> {
    return this.tracker.sendAndExpect(command, responseType, timeoutMs, (c) => this.send(c));
  }

  /** Nothing to do: the runtime redials by itself, and we cannot dial it. */
  retryNow(): void {}

  /**
   * The controller is done with this runtime. The socket stays open: the runtime is still
   * registered here and another controller may take it over.
   */
  close(): void {
    const events = this.events;
    this.events = null;
    this.tracker.failAll("Closed");
    events?.onStatus({ status: "closed" });
  }

  /** The endpoint hands over each socket this runtime opens; a newer one replaces an older. */
  adopt(socket: WebSocket, connectionId: string): void {
    const old = this.socket;
    if (old) {
      // The runtime treats exactly this close as final, so a stale duplicate process stops.
      this.detach(old);
      old.close(1000, "Replaced by new connection");
      this.tracker.failAll("The runtime connected again");
    }
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    this.socket = socket;
    this.connectionId = connectionId;
    this.intake.newSocket();
    this.lastSeenAt = Date.now();
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    socket.on("message", (data, isBinary) => this.onMessage(socket, data, isBinary));
    socket.on("close", (code, reason) => this.onClose(socket, code, reason.toString()));
    // Errors are always followed by close, which carries what we need.
    socket.on("error", () => undefined);
    this.stopHeartbeat = startHeartbeat(socket, () => {
      this.frames.event("heartbeat_timeout", { environment: this.connectionName });
      socket.terminate();
    }, this.opts.heartbeat ?? DEFAULT_HEARTBEAT);
    this.ready = false;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (this.socket !== socket || socket.readyState !== WebSocket.OPEN) return;
      this.ready = true;
      this.frames.event(reconnect ? "reconnected" : "connect", { environment: this.connectionName, connectionId });
      this.events?.onStatus({ status: "connected" });
      // A new socket has no subscriptions: the controller re-attaches (runtime_start + sync).
      if (reconnect) this.events?.onReconnected();
      this.onChange?.(this);
    }, this.opts.settleMs ?? SETTLE_MS);
  }

  /** The endpoint is shutting down: end the socket and tell the controller we are gone. */
  shutdown(code = 1001, reason = "letta-tui is shutting down"): void {
    const socket = this.socket;
    if (socket) {
      this.detach(socket);
      socket.close(code, reason);
      setTimeout(() => socket.terminate(), 1000).unref();
    }
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    this.close();
  }

  private detach(socket: WebSocket): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.ready = false;
    this.stopHeartbeat();
    this.stopHeartbeat = () => undefined;
    socket.removeAllListeners("message");
    socket.removeAllListeners("close");
    if (this.socket === socket) this.socket = null;
  }

  private onMessage(socket: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    this.lastSeenAt = Date.now();
    const text = messageText(data, isBinary);
    // The runtime's keepalive (seed docs): it counts missed pongs and drops the socket after 90 s.
    if (text !== null && isJsonPing(text)) {
      socket.send('{"type":"pong"}');
      return;
    }
    this.intake.receive(text);
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.detach(socket);
    this.tracker.failAll("The runtime went offline");
    this.lostCount += 1;
    this.frames.event("lost", { environment: this.connectionName, code, reason });
    this.events?.onStatus(this.lostStatus());
    this.onChange?.(this);
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = null;
      this.events?.onStatus({ status: "offline", error: `runtime "${this.connectionName}" did not come back` });
    }, this.opts.offlineAfterMs ?? DEFAULT_OFFLINE_AFTER_MS);
    this.offlineTimer.unref();
  }

  private lostStatus(): { status: "reconnecting"; attempt: number; nextRetryAt: number; error: string } {
    return { status: "reconnecting", attempt: Math.max(1, this.lostCount), nextRetryAt: Date.now() + EXPECTED_REDIAL_MS, error: "runtime offline" };
  }
}

function isJsonPing(text: string): boolean {
  if (text.length > 64 || !text.includes("ping")) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "ping";
  } catch {
    return false;
  }
}
