import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { NetworkInterfaceInfo } from "node:os";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { MAX_FRAME_BYTES } from "../protocol/parse.js";
import type { FrameLog } from "../transport/client.js";
import { isLoopbackHost } from "../transport/url.js";
import type { HeartbeatOptions } from "../transport/heartbeat.js";
import { Environment, environmentKey, type Registration } from "./environment.js";
import { Registrations, REGISTRATION_TTL_MS } from "./registrations.js";
import { bearerMatches } from "./token.js";

export type EndpointLog = (event: string, detail?: Record<string, unknown>) => void;

export interface DirectEndpointOptions {
  host?: string;
  port?: number;
  /** Required unless bound to loopback; runtimes present it as LETTA_API_KEY. */
  token?: string;
  log?: EndpointLog;
  frames?: FrameLog;
  /** Our WS pings: a runtime silent for timeoutMs is dropped (default about 30 s). */
  heartbeat?: HeartbeatOptions;
  offlineAfterMs?: number;
  /** See SETTLE_MS in environment.ts; tests shorten it. */
  settleMs?: number;
  /** A registration never dialled in on is forgotten after this long (REGISTRATION_TTL_MS). */
  registrationTtlMs?: number;
  /** The clock registrations expire by; tests inject one. */
  now?: () => number;
}

export interface DirectEndpoint {
  /** http://host:port, what runtimes get as LETTA_BASE_URL. */
  readonly baseUrl: string;
  readonly port: number;
  readonly host: string;
  /** The bound socket address (server.address()), to check what is exposed. */
  address(): AddressInfo;
  environments(): Environment[];
  /** Called when a runtime comes online (first time and every redial) or goes offline; returns unsubscribe. */
  onEnvironment(cb: (env: Environment) => void): () => void;
  close(): Promise<void>;
}

/** Our pings every 10 s; 30 s of silence from a runtime means it is gone. */
export const DIRECT_HEARTBEAT: HeartbeatOptions = { intervalMs: 10_000, timeoutMs: 30_000 };
const MAX_BODY_BYTES = 256 * 1024;
const WS_PATH = /^\/v1\/environments\/ws\/([A-Za-z0-9-]+)$/;

export { isLoopbackHost };

/** Shown when binding beyond loopback: the token and every frame travel in clear text. */
export function exposedWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `Direct mode listens on ${host} with plain ws:// and http://: anyone on that network can read ` +
    "the token and every message, and with the token drive the runtimes (run commands, edit files). " +
    "Use it only on a network you trust, or put a TLS proxy or an SSH tunnel in front."
  );
}

/**
 * How a runtime that dialled in is named in the config file's recent list (its serverUrl):
 * it has no URL to dial back, only `letta-tui listen` can reach it again.
 */
export const DIRECT_REGISTRY_PREFIX = "direct:";
export function directRegistryLabel(envName: string): string {
  return `${DIRECT_REGISTRY_PREFIX}${envName}`;
}

/** os.networkInterfaces()'s shape, passed in so the choice below stays pure. */
export type NetworkInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface AdvertisedUrls {
  /** The LETTA_BASE_URL to print: one another machine can reach, as far as we can tell. */
  url: string;
  /** This machine's other addresses, any of which may be the one a given runtime can reach. */
  others: string[];
}

const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", "::0"]);

/**
 * What to tell runtimes to dial. A wildcard bind is not an address (http://0.0.0.0 reaches
 * nothing from elsewhere), so name this machine's first non-internal IPv4 address: the kind
 * people type, and one "::" also accepts on a dual-stack host. IPv6 link-local addresses need
 * a zone id no runtime would know, so they are left out.
 */
export function advertisedUrls(host: string, port: number, interfaces: NetworkInterfaces): AdvertisedUrls {
  if (!WILDCARD_HOSTS.has(host)) return { url: `http://${formatHost(host)}:${port}`, others: [] };
  const external = Object.values(interfaces).flatMap((list) => list ?? []).filter((i) => !i.internal);
  const v4 = external.filter((i) => i.family === "IPv4").map((i) => i.address);
  const v6 = host === "0.0.0.0" ? [] : external.filter((i) => i.family === "IPv6" && !/^fe80:/i.test(i.address)).map((i) => i.address);
  const urls = [...new Set([...v4, ...v6])].map((a) => `http://${formatHost(a)}:${port}`);
  // No network at all: only runtimes on this machine can dial in ("::" takes IPv4 too).
  if (urls.length === 0) return { url: `http://127.0.0.1:${port}`, others: [] };
  return { url: urls[0] ?? "", others: urls.slice(1) };
}

/**
 * The server side of direct mode (RECIPE §7): Letta Code runtimes started with LETTA_BASE_URL
 * pointing here register over HTTP and then dial in over WebSocket. Each becomes an Environment
 * the controller can drive like an App Server connection.
 */
export async function startDirectEndpoint(opts: DirectEndpointOptions = {}): Promise<DirectEndpoint> {
  const host = opts.host ?? "127.0.0.1";
  const token = opts.token;
  if (!token && !isLoopbackHost(host)) {
    throw new Error(`refusing to listen on ${host} without a token: anyone who can reach it could run commands on the runtimes`);
  }
  const log: EndpointLog = opts.log ?? (() => undefined);
  const table = new Registrations<Environment>(opts.now ?? Date.now, opts.registrationTtlMs ?? REGISTRATION_TTL_MS, (env) => {
    log("registration_expired", { connectionName: env.connectionName, deviceId: env.deviceId });
    env.shutdown();
  });
  const listeners = new Set<(env: Environment) => void>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const authorized = (req: IncomingMessage, what: string): boolean => {
    // No token configured (loopback only): any local runtime may register.
    if (!token || bearerMatches(token, req.headers.authorization)) return true;
    log("refused", { what, path: pathOf(req), remote: req.socket.remoteAddress, reason: req.headers.authorization ? "wrong token" : "missing token" });
    return false;
  };

  const register = (req: IncomingMessage, res: ServerResponse, body: unknown): void => {
    const registration = parseRegistration(body);
    if (!registration) {
      log("bad_registration", { remote: req.socket.remoteAddress });
      return json(res, 400, { error: "expected {deviceId, connectionName, metadata}" });
    }
    const key = environmentKey(registration.deviceId, registration.connectionName);
    const { connectionId } = table.register(
      key,
      () => {
        const env = new Environment(registration, { heartbeat: opts.heartbeat ?? DIRECT_HEARTBEAT, frames: opts.frames, offlineAfterMs: opts.offlineAfterMs, settleMs: opts.settleMs });
        env.onChange = (changed) => {
          for (const cb of listeners) cb(changed);
        };
        return env;
      },
      (env) => env.update(registration),
    );
    // The runtime dials whatever address reached us, so a LAN peer gets a URL it can use.
    const authority = req.headers.host ?? `${formatHost(host)}:${port}`;
    log("register", { connectionName: registration.connectionName, deviceId: registration.deviceId, version: registration.version, os: registration.os, connectionId, remote: req.socket.remoteAddress });
    json(res, 200, { connectionId, wsUrl: `ws://${authority}/v1/environments/ws/${connectionId}` });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req);
    if (req.method === "GET" && path === "/v1/health") return json(res, 200, { status: "ok" });
    if (req.method === "POST" && path === "/v1/environments/register") {
      if (!authorized(req, "register")) return json(res, 401, { error: "unauthorized" });
      readJson(req)
        .then((body) => register(req, res, body))
        .catch((err: unknown) => json(res, 400, { error: err instanceof Error ? err.message : "bad body" }));
      return;
    }
    if (!authorized(req, "api")) return json(res, 401, { error: "unauthorized" });
    // The runtime asks the "cloud" for runtime status of its conversations; we have none to give.
    if (req.method === "GET" && /^\/v1\/agents\/[^/]+\/runtime-status$/.test(path)) {
      log("unserved", { method: req.method, path });
      return json(res, 200, { statuses: [] });
    }
    log("unserved", { method: req.method, path });
    req.resume();
    json(res, 404, { error: `letta-tui direct mode does not serve ${req.method ?? "?"} ${path}` });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => undefined);
    const path = pathOf(req);
    const match = WS_PATH.exec(path);
    if (!match) return refuseUpgrade(socket, 404, "Not Found");
    if (!authorized(req, "websocket")) return refuseUpgrade(socket, 401, "Unauthorized");
    const connectionId = match[1] ?? "";
    // One socket per registration: a second one while the first is open is refused, not swapped
    // in. Swapping would close the first with "Replaced by new connection", which the runtime
    // takes as final, so anything that learnt a connection id could silently take a runtime
    // over. A runtime whose socket died redials once we noticed (heartbeat, 30 s at most); a
    // restarted one registers afresh and replaces the old socket (logged below).
    const known = table.lookup(connectionId);
    if (known && known.openConnectionId === connectionId) {
      log("refused", { what: "websocket", path, connectionId, remote: req.socket.remoteAddress, reason: "registration already connected" });
      return refuseUpgrade(socket, 409, "Conflict");
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const env = table.lookup(connectionId);
      if (!env) {
        // Unknown after our restart, or expired: 1008 makes the runtime register again (PROTOCOL §1.5).
        log("unknown_connection", { connectionId, remote: req.socket.remoteAddress });
        ws.close(1008, "unknown connection; register again");
        return;
      }
      // The handshake took a moment: the same registration may have connected meanwhile.
      if (env.openConnectionId === connectionId) {
        log("refused", { what: "websocket", path, connectionId, remote: req.socket.remoteAddress, reason: "registration already connected" });
        // Not 1008, which would send it to register afresh and then replace the first socket.
        ws.close(4409, "registration already connected");
        return;
      }
      const replaced = env.openConnectionId;
      table.connected(connectionId);
      const query = new URL(req.url ?? "/", "http://x").searchParams;
      if (replaced) log("replaced", { connectionName: env.connectionName, old: replaced, connectionId, remote: req.socket.remoteAddress });
      log("connected", { connectionName: env.connectionName, connectionId, queryDeviceId: query.get("deviceId"), remote: req.socket.remoteAddress });
      env.adopt(ws, connectionId);
    });
  };

  const server = createServer(onRequest);
  server.on("upgrade", onUpgrade);
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const warning = exposedWarning(host);
  log("listening", { host, port, ...(warning ? { warning } : {}) });

  let closing: Promise<void> | null = null;
  return {
    baseUrl: `http://${formatHost(host)}:${port}`,
    port,
    host,
    address: () => server.address() as AddressInfo,
    environments: () => table.environments(),
    onEnvironment(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const env of table.environments()) env.shutdown();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function parseRegistration(body: unknown): Registration | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as Record<string, unknown>;
  const metadata = typeof b.metadata === "object" && b.metadata !== null ? (b.metadata as Record<string, unknown>) : {};
  const deviceId = typeof b.deviceId === "string" ? b.deviceId : "";
  const connectionName = typeof b.connectionName === "string" ? b.connectionName : "";
  if (!deviceId && !connectionName) return null;
  return {
    deviceId,
    connectionName: connectionName || deviceId,
    listenerInstanceId: typeof b.listenerInstanceId === "string" ? b.listenerInstanceId : undefined,
    version: typeof metadata.lettaCodeVersion === "string" ? metadata.lettaCodeVersion : undefined,
    os: typeof metadata.os === "string" ? metadata.os : undefined,
    metadata,
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown);
      } catch {
        reject(new Error("body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? "/", "http://x").pathname;
}

function formatHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
