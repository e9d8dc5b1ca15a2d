import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy that can swallow what the server says while still passing on what the
 * client says: the one way to lose an acknowledgement the server did send (input_accepted) on
 * a live connection, which tcp-proxy.ts (both directions or none) cannot do.
 */
export interface ReplyGateProxy {
  url: string;
  /** Discard the server's bytes on every connection until `passReplies()`; requests still flow. */
  swallowReplies(): void;
  passReplies(): void;
  /** Destroy every open connection, as a dropped network would. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startReplyGateProxy(targetPort: number, path = "/ws"): Promise<ReplyGateProxy> {
  const open = new Set<Socket>();
  let swallowing = false;
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    open.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => void (swallowing || client.write(chunk)));
    for (const side of [client, upstream]) {
      side.on("error", () => undefined);
      side.on("close", () => {
        open.delete(client);
        open.delete(upstream);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    swallowReplies: () => void (swallowing = true),
    passReplies: () => void (swallowing = false),
    cutAll,
    close: () =>
      new Promise((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
