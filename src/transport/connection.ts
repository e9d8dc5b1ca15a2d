import WebSocket from "ws";
import type { Command } from "../protocol/commands.js";
import type { FrameType, KnownFrame } from "../protocol/frames.js";
import { parseFrame, MAX_FRAME_BYTES, type ParsedFrame } from "../protocol/parse.js";
import { TransportError, describeHttpRefusal } from "./errors.js";

export type FrameOf<T extends FrameType> = Extract<KnownFrame, { type: T }>;

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when we closed it ourselves (quit), so nobody should treat it as a failure. */
  byUs: boolean;
}

export interface ConnectionListener {
  /** Every parsed frame, responses included: the store needs them too (e.g. input_accepted). */
  onFrame(parsed: ParsedFrame): void;
  onClose(info: CloseInfo): void;
  /** Every command as sent; for the transport log and for tests. */
  onSend?(command: Command): void;
}

export interface ConnectOptions {
  token?: string;
  connectTimeoutMs?: number;
}

interface Pending {
  type: FrameType;
  resolve(frame: KnownFrame): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * One WebSocket to an App Server: parses frames, correlates requests with responses by
 * `request_id` and `type`, and rejects every pending request when the socket closes, because
 * the server answers malformed or unknown commands with silence (PROTOCOL §2.4).
 */
export class AppServerConnection {
  private readonly pending = new Map<string, Pending>();
  private closedByUs = false;
  private nextId = 1;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);

  private constructor(
    readonly url: string,
    private readonly socket: WebSocket,
    private listener: ConnectionListener,
  ) {
    socket.on("message", (data, isBinary) => this.handleMessage(data, isBinary));
    socket.on("close", (code, reason) => this.handleClose(code, reason.toString()));
    // After open, errors are always followed by close; close carries what the UI needs.
    socket.on("error", () => undefined);
  }

  static open(url: string, listener: ConnectionListener, opts: ConnectOptions = {}): Promise<AppServerConnection> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    return new Promise((resolve, reject) => {
      // No Origin header: the App Server answers 403 to an Origin without auth (PROTOCOL §1.4).
      const socket = new WebSocket(url, { headers, maxPayload: MAX_FRAME_BYTES, handshakeTimeout: opts.connectTimeoutMs ?? 10_000 });
      let settled = false;
      const fail = (err: TransportError) => {
        if (settled) return;
        settled = true;
        socket.removeAllListeners();
        socket.on("error", () => undefined);
        socket.terminate();
        reject(err);
      };
      socket.once("unexpected-response", (_req, res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        fail(new TransportError("http_status", describeHttpRefusal(url, status, res.statusMessage ?? ""), status));
      });
      socket.once("error", (err: NodeJS.ErrnoException) => fail(describeSocketError(url, err)));
      socket.once("close", () => fail(new TransportError("closed", `${url} closed the connection during the handshake.`)));
      socket.once("open", () => {
        if (settled) return;
        settled = true;
        socket.removeAllListeners();
        resolve(new AppServerConnection(url, socket, listener));
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  newRequestId(prefix: string): string {
    return `${prefix}-${this.idPrefix}-${this.nextId++}`;
  }

  send(command: Command): void {
    if (!this.isOpen) throw new TransportError("closed", "Not connected to the App Server.");
    this.socket.send(JSON.stringify(command));
    this.listener.onSend?.(command);
  }

  /** Send a command and wait for the response frame of `responseType` with the same request_id. */
  request<T extends FrameType>(
    command: Command,
    responseType: T,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<FrameOf<T>> {
    const id = command.request_id;
    return new Promise<FrameOf<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TransportError("timeout", `No answer to ${command.type} within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.pending.set(id, { type: responseType, resolve: (f) => resolve(f as FrameOf<T>), reject, timer });
      try {
        this.send(command);
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      }
    });
  }

  close(): void {
    this.closedByUs = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(1000, "client quit");
    // A server that never answers the close handshake must not keep the process alive.
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  private handleMessage(data: WebSocket.RawData, isBinary: boolean): void {
    const text = isBinary ? "" : rawToString(data);
    const parsed: ParsedFrame = isBinary
      ? { kind: "malformed", error: "binary frame", sample: "" }
      : parseFrame(text);
    const requestId = parsed.kind === "frame" ? (parsed.frame as { request_id?: unknown }).request_id : undefined;
    if (parsed.kind === "frame" && typeof requestId === "string") {
      const waiter = this.pending.get(requestId);
      if (waiter && waiter.type === parsed.frame.type) {
        this.pending.delete(requestId);
        clearTimeout(waiter.timer);
        waiter.resolve(parsed.frame);
      }
    }
    this.listener.onFrame(parsed);
  }

  private handleClose(code: number, reason: string): void {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(new TransportError("closed", `Connection closed before ${waiter.type} arrived.`));
      this.pending.delete(id);
    }
    this.listener.onClose({ code, reason, byUs: this.closedByUs });
  }
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

function describeSocketError(url: string, err: NodeJS.ErrnoException): TransportError {
  switch (err.code) {
    case "ECONNREFUSED":
      return new TransportError("unreachable", `Nothing is listening at ${url} (connection refused). Is \`letta server --listen\` running?`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new TransportError("unreachable", `Cannot resolve the host of ${url}.`);
    case "ETIMEDOUT":
      return new TransportError("unreachable", `Connecting to ${url} timed out.`);
    default:
      if (/handshake/i.test(err.message)) return new TransportError("timeout", `${url} did not complete the WebSocket handshake in time.`);
      return new TransportError("unreachable", `Cannot connect to ${url}: ${err.message}`);
  }
}
