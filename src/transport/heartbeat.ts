import type WebSocket from "ws";

export interface HeartbeatOptions {
  intervalMs: number;
  /** No pong for this long means the peer is gone, even if TCP still looks open. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 10_000, timeoutMs: 20_000 };

/**
 * Our own WebSocket pings. The server pings us every 30 s, but a hung server or a half-open TCP
 * connection would take minutes to notice from that side; with these numbers a dead peer is
 * found within about 30 s. Returns a function that stops the heartbeat.
 */
export function startHeartbeat(socket: WebSocket, onDead: () => void, opts: HeartbeatOptions = DEFAULT_HEARTBEAT): () => void {
  let lastPong = Date.now();
  const onPong = () => {
    lastPong = Date.now();
  };
  // Any frame from the server is as good as a pong: a busy stream must not look dead.
  socket.on("pong", onPong);
  socket.on("message", onPong);
  const timer = setInterval(() => {
    if (Date.now() - lastPong > opts.timeoutMs) {
      stop();
      onDead();
      return;
    }
    try {
      socket.ping();
    } catch {
      // A socket that cannot ping is closing; its close event does the rest.
    }
  }, opts.intervalMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    socket.off("pong", onPong);
    socket.off("message", onPong);
  };
  return stop;
}
