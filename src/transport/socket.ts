import WebSocket from "ws";
import { MAX_FRAME_BYTES } from "../protocol/parse.js";
import { TransportError, describeHttpRefusal } from "./errors.js";
import { withPassword } from "./url.js";

export interface SocketOptions {
  token?: string;
  /** The password of `ws://user:PASS@host`, kept out of the URL everything else sees and logs. */
  password?: string;
  connectTimeoutMs?: number;
}

/**
 * Open one WebSocket and map every way the handshake can fail to a message a user can act on.
 * No Origin header is sent: the App Server answers 403 to an Origin without auth (PROTOCOL §1.4).
 */
export function openSocket(url: string, opts: SocketOptions = {}): Promise<WebSocket> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    // Only ws sees the password (it becomes Basic auth; a Bearer token takes precedence); every
    // message below names `url`, which shows it masked.
    const socket = new WebSocket(withPassword(url, opts.password), { headers, maxPayload: MAX_FRAME_BYTES, handshakeTimeout: opts.connectTimeoutMs ?? 10_000 });
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
      resolve(socket);
    });
  });
}

export function rawToString(data: WebSocket.RawData): string {
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
      if (/max(imum)? ?payload|too big/i.test(err.message)) return new TransportError("rejected", `${url} sent a frame larger than ${MAX_FRAME_BYTES} bytes.`);
      return new TransportError("unreachable", `Cannot connect to ${url}: ${err.message}`);
  }
}
