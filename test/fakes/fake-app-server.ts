import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

// What the in-repo fake App Servers share: a loopback WebSocket server on a free port that hands
// each command (parsed JSON; anything else is ignored) to the fake's own answer.

export interface FakeAppServer {
  url: string;
  wss: WebSocketServer;
  close(): Promise<void>;
}

export async function startFakeAppServer(answer: (cmd: Record<string, unknown>, ws: WebSocket) => void, opts: { maxPayload?: number; onConnection?: (ws: WebSocket) => void } = {}): Promise<FakeAppServer> {
  const server = createServer();
  const wss = new WebSocketServer({ server, ...(opts.maxPayload ? { maxPayload: opts.maxPayload } : {}) });
  wss.on("connection", (ws) => {
    opts.onConnection?.(ws);
    ws.on("message", (data) => {
      let cmd: Record<string, unknown>;
      try {
        cmd = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      answer(cmd, ws);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    wss,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
