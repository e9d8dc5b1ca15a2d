import { createServer, createConnection, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A loopback TCP proxy in front of the real App Server, so tests can do to a live connection
 * what networks do: cut it, refuse new ones for a while, or freeze it (TCP open, nothing
 * flows), which only a heartbeat can detect.
 */
export interface TcpProxy {
  url: string;
  port: number;
  /** Destroy every open connection, as a dropped network would. */
  dropAll(): void;
  /** Accept-and-close new connections until `unblock()`. */
  block(): void;
  unblock(): void;
  /** Stop forwarding on the open connections without closing them; new ones flow normally. */
  freeze(): void;
  /**
   * Stop reading on the open connections until `resume()`: a stalled path. Unlike freeze()
   * nothing is lost: what was sent meanwhile (a close included) arrives when it resumes.
   */
  stall(): void;
  resume(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, path = "/ws"): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let blocked = false;
  const frozen = new WeakSet<Socket>();
  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (!frozen.has(from)) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    port,
    dropAll() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    block: () => void (blocked = true),
    unblock: () => void (blocked = false),
    freeze() {
      for (const [a, b] of pairs) {
        frozen.add(a);
        frozen.add(b);
      }
    },
    stall() {
      for (const pair of pairs) for (const side of pair) side.pause();
    },
    resume() {
      for (const pair of pairs) for (const side of pair) side.resume();
    },
    connections: () => pairs.size,
    close: () =>
      new Promise((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
