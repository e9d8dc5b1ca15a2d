import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

// In-repo servers only for what the real App Server cannot be made to do to a correct client:
// answer the upgrade with 403 or 426 (our client never sends Origin nor ?channel=), or accept
// the socket and then stay silent.

export interface TinyServer {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: Server): () => Promise<void> {
  return () => new Promise((resolve) => server.close(() => resolve()));
}

/** Answers every WebSocket upgrade with `status reason`, the way the App Server writes it. */
export async function refusingServer(status: number, reason: string): Promise<TinyServer> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (_req, socket) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n\r\n`);
  });
  const port = await listen(server);
  return { url: `ws://127.0.0.1:${port}/ws`, close: closer(server) };
}

/** Accepts WebSockets and never answers a command: every request must time out. */
export async function silentServer(): Promise<TinyServer> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => ws.on("message", () => undefined));
  const port = await listen(server);
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await closer(server)();
    },
  };
}

/** A loopback port with nothing listening on it (bound, read, released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closer(server)();
  return port;
}
