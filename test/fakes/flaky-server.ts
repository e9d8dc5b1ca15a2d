import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

// What the real App Server cannot be made to do on demand: accept a WebSocket and close it at
// once (as it does with 1011 when connection set-up throws, PROTOCOL §1.7), or answer the
// upgrade with an HTTP error for a while (a reverse proxy's 502 while the server restarts).

/** What the server does with one upgrade: keep the socket, close it at once, or refuse it. */
export type UpgradeOutcome = { accept: "keep" } | { accept: "close"; code: number; reason: string } | { accept: "slow"; afterMs: number } | { refuse: number };

export interface FlakyServer {
  url: string;
  /** Upgrades seen so far, accepted or not. */
  upgrades(): number;
  /** Cut every open socket (no close frame), as a dropped network would. */
  dropAll(): void;
  close(): Promise<void>;
}

/** Plays `plan` one entry per upgrade; the last entry repeats. */
export async function startFlakyServer(plan: UpgradeOutcome[]): Promise<FlakyServer> {
  let seen = 0;
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const outcome = plan[Math.min(seen, plan.length - 1)]!;
    seen += 1;
    if ("refuse" in outcome) {
      socket.end(`HTTP/1.1 ${outcome.refuse} Flaky\r\nConnection: close\r\n\r\n`);
      return;
    }
    const accept = () =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (outcome.accept === "close") ws.close(outcome.code, outcome.reason);
      });
    // "slow": a handshake that takes a while, as over a bad network.
    if (outcome.accept === "slow") setTimeout(accept, outcome.afterMs);
    else accept();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    upgrades: () => seen,
    dropAll: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
