import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { exposedWarning, startDirectEndpoint, type DirectEndpoint } from "../../src/direct/endpoint.js";
import { bearerMatches, defaultConfigDir, loadOrCreateToken, runtimeCommand } from "../../src/direct/token.js";
import { Registry } from "../../src/registry/registry.js";
import type { LinkStatus } from "../../src/transport/client.js";
import { waitFor } from "./support.js";

// The endpoint's edges without a real runtime: a scripted "runtime" registers and dials in, so
// heartbeats, refusals and stale connection ids can be exercised in milliseconds.

const TOKEN = "proto-token";
let endpoint: DirectEndpoint | undefined;
const sockets: WebSocket[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await endpoint?.close();
  endpoint = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function register(ep: DirectEndpoint, token: string | undefined, body: unknown = { deviceId: "dev-1", connectionName: "fake", metadata: { lettaCodeVersion: "9.9.9", os: "linux" } }) {
  const res = await fetch(`${ep.baseUrl}/v1/environments/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { connectionId?: string; wsUrl?: string } };
}

function dialIn(wsUrl: string, token: string, opts: { autoPong?: boolean } = {}): Promise<WebSocket> {
  const url = new URL(wsUrl);
  url.searchParams.set("deviceId", "dev-1");
  url.searchParams.set("connectionName", "fake");
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, autoPong: opts.autoPong ?? true });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("direct endpoint protocol", () => {
  it("registers, answers JSON ping with pong, and routes frames to the linked controller", async () => {
    endpoint = await startDirectEndpoint({ token: TOKEN, settleMs: 10 });
    const reg = await register(endpoint, TOKEN);
    expect(reg.status).toBe(200);
    expect(reg.body.wsUrl).toBe(`ws://127.0.0.1:${endpoint.port}/v1/environments/ws/${reg.body.connectionId}`);
    const seen: string[] = [];
    endpoint.onEnvironment((env) => seen.push(env.connectionName));
    const ws = await dialIn(reg.body.wsUrl ?? "", TOKEN);
    const env = await waitFor("online", () => endpoint?.environments().find((e) => e.online));
    expect(seen).toEqual(["fake"]);
    expect(env).toMatchObject({ deviceId: "dev-1", connectionName: "fake", version: "9.9.9", os: "linux" });

    const pong = new Promise<string>((resolve) => ws.once("message", (d) => resolve(d.toString())));
    ws.send('{"type":"ping"}');
    expect(await pong).toBe('{"type":"pong"}');

    const frames: string[] = [];
    const link = env.link({ onFrame: (p) => frames.push(p.kind), onStatus: () => undefined, onReconnected: () => undefined });
    const got = new Promise<string>((resolve) => ws.once("message", (d) => resolve(d.toString())));
    link.send({ type: "app_server_info", request_id: "i-1" });
    expect(JSON.parse(await got)).toEqual({ type: "app_server_info", request_id: "i-1" });
    ws.send(JSON.stringify({ type: "weird_future_frame", x: 1 }));
    await waitFor("the frame", () => frames.length > 0);
    expect(frames).toEqual(["unknown"]);
  });

  it("drops a runtime that stops answering pings and reports it offline to the controller", async () => {
    endpoint = await startDirectEndpoint({ token: TOKEN, settleMs: 10, heartbeat: { intervalMs: 50, timeoutMs: 200 }, offlineAfterMs: 400 });
    const reg = await register(endpoint, TOKEN);
    await dialIn(reg.body.wsUrl ?? "", TOKEN, { autoPong: false });
    const env = await waitFor("online", () => endpoint?.environments().find((e) => e.online));
    const changes: boolean[] = [];
    endpoint.onEnvironment((e) => changes.push(e.online));
    const statuses: LinkStatus["status"][] = [];
    const link = env.link({ onFrame: () => undefined, onStatus: (s) => statuses.push(s.status), onReconnected: () => undefined });
    const pending = link.request({ type: "app_server_info", request_id: "i-2" }, "app_server_info_response", 5_000);
    await expect(pending).rejects.toThrow(/offline/);
    expect(env.online).toBe(false);
    expect(() => link.send({ type: "app_server_info", request_id: "i-3" })).toThrow(/offline/);
    await waitFor("offline", () => statuses.includes("offline"));
    expect(statuses).toEqual(["connected", "reconnecting", "offline"]);
    expect(changes).toEqual([false]);
  });

  it("refuses wrong or missing tokens at register and upgrade, and a stale connection id gets 1008", async () => {
    const log: Array<{ event: string; detail?: Record<string, unknown> }> = [];
    endpoint = await startDirectEndpoint({ token: TOKEN, settleMs: 10, log: (event, detail) => log.push({ event, detail }) });
    expect((await register(endpoint, "wrong")).status).toBe(401);
    expect((await register(endpoint, undefined)).status).toBe(401);
    const reg = await register(endpoint, TOKEN);
    await expect(dialIn(reg.body.wsUrl ?? "", "wrong")).rejects.toThrow(/401/);
    expect(log.filter((e) => e.event === "refused").map((e) => e.detail?.reason)).toEqual(["wrong token", "missing token", "wrong token"]);
    expect(JSON.stringify(log)).not.toContain(TOKEN);
    const stale = await dialIn(`ws://127.0.0.1:${endpoint.port}/v1/environments/ws/not-registered`, TOKEN);
    const code = await new Promise<number>((resolve) => stale.once("close", (c) => resolve(c)));
    expect(code).toBe(1008);
    // Registered with the right token, but no socket was ever accepted for it.
    expect(endpoint.environments().map((e) => e.online)).toEqual([false]);
  });

  it("forgets registrations that never connect (500 of them) once two minutes have passed", async () => {
    let now = 0;
    const log: string[] = [];
    endpoint = await startDirectEndpoint({ token: TOKEN, settleMs: 10, now: () => now, log: (event) => log.push(event) });
    const ep = endpoint;
    for (let i = 0; i < 500; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => register(ep, TOKEN, { deviceId: `dev-${i + j}`, connectionName: `flood-${i + j}`, metadata: {} })));
    }
    const kept = await register(ep, TOKEN);
    await dialIn(kept.body.wsUrl ?? "", TOKEN);
    await waitFor("online", () => ep.environments().find((e) => e.online));
    expect(ep.environments()).toHaveLength(501);
    now += 2 * 60_000;
    // Only the runtime that dialled in is left; the others are said to have expired.
    expect(ep.environments().map((e) => e.connectionName)).toEqual(["fake"]);
    expect(log.filter((e) => e === "registration_expired")).toHaveLength(500);
    // An expired registration's socket is told to register again (1008), like an unknown one.
    const late = await register(ep, TOKEN, { deviceId: "dev-late", connectionName: "late", metadata: {} });
    now += 2 * 60_000;
    const ws = await dialIn(late.body.wsUrl ?? "", TOKEN);
    expect(await new Promise<number>((resolve) => ws.once("close", (c) => resolve(c)))).toBe(1008);
  });

  it("refuses a second socket on a registration that is connected; a fresh registration replaces it, logged", async () => {
    const log: Array<{ event: string; detail?: Record<string, unknown> }> = [];
    endpoint = await startDirectEndpoint({ token: TOKEN, settleMs: 10, log: (event, detail) => log.push({ event, detail }) });
    const reg = await register(endpoint, TOKEN);
    const first = await dialIn(reg.body.wsUrl ?? "", TOKEN);
    const env = await waitFor("online", () => endpoint?.environments().find((e) => e.online));
    await expect(dialIn(reg.body.wsUrl ?? "", TOKEN)).rejects.toThrow(/409/);
    expect(log.find((e) => e.event === "refused")?.detail).toMatchObject({ what: "websocket", connectionId: reg.body.connectionId, reason: "registration already connected" });
    // The first socket is untouched: still the runtime's, still answering.
    expect(env.online).toBe(true);
    expect(env.connectionId).toBe(reg.body.connectionId);
    expect(first.readyState).toBe(WebSocket.OPEN);
    const pong = new Promise<string>((resolve) => first.once("message", (d) => resolve(d.toString())));
    first.send('{"type":"ping"}');
    expect(await pong).toBe('{"type":"pong"}');

    // A runtime that restarted registers again (with the token) and its new socket takes over.
    const closed = new Promise<number>((resolve) => first.once("close", (c) => resolve(c)));
    const again = await register(endpoint, TOKEN);
    await dialIn(again.body.wsUrl ?? "", TOKEN);
    expect(await closed).toBe(1000);
    await waitFor("the new socket settled", () => env.online && env.connectionId === again.body.connectionId);
    expect(log.find((e) => e.event === "replaced")?.detail).toMatchObject({ old: reg.body.connectionId, connectionId: again.body.connectionId });
  });

  it("serves health, an empty runtime-status, and 404 with a log line for anything else", async () => {
    const log: string[] = [];
    endpoint = await startDirectEndpoint({ token: TOKEN, log: (event, detail) => log.push(`${event} ${String(detail?.path ?? "")}`) });
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${endpoint.baseUrl}/v1/health`)).status).toBe(200);
    const status = await fetch(`${endpoint.baseUrl}/v1/agents/a-1/runtime-status?conversation_ids=c`, { headers: auth });
    expect(await status.json()).toEqual({ statuses: [] });
    expect((await fetch(`${endpoint.baseUrl}/v1/agents/a-1`, { headers: auth })).status).toBe(404);
    expect(log).toContain("unserved /v1/agents/a-1");
  });

  it("will not bind beyond loopback without a token, and warns when it does with one", async () => {
    await expect(startDirectEndpoint({ host: "0.0.0.0" })).rejects.toThrow(/without a token/);
    expect(exposedWarning("127.0.0.1")).toBeUndefined();
    expect(exposedWarning("::1")).toBeUndefined();
    expect(exposedWarning("192.168.1.5")).toMatch(/plain ws:\/\//);
  });
});

describe("direct token and command", () => {
  it("creates a 0600 token once, then reads it back; a named file is only read", () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-direct-token-"));
    dirs.push(dir);
    const first = loadOrCreateToken(undefined, { dir: join(dir, "cfg") });
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(undefined, { dir: join(dir, "cfg") })).toEqual({ ...first, created: false });
    const own = join(dir, "mine");
    writeFileSync(own, "  secret-value \n");
    expect(loadOrCreateToken(own)).toEqual({ token: "secret-value", file: own, created: false });
    expect(readFileSync(own, "utf8")).toBe("  secret-value \n");
    expect(() => loadOrCreateToken(join(dir, "missing"))).toThrow(/ENOENT/);
    expect(defaultConfigDir({ XDG_CONFIG_HOME: "/x/cfg", HOME: "/h" }, "linux")).toBe("/x/cfg/letta-tui");
    expect(defaultConfigDir({ HOME: "/h" }, "linux")).toBe("/h/.config/letta-tui");
    // conf's directories (env-paths "config"), which do not read XDG_CONFIG_HOME off Linux.
    expect(defaultConfigDir({ XDG_CONFIG_HOME: "/x/cfg", HOME: "/h" }, "darwin")).toBe("/h/Library/Preferences/letta-tui");
    expect(defaultConfigDir({ APPDATA: "C:\\U\\AppData\\Roaming" }, "win32")).toBe("C:\\U\\AppData\\Roaming\\letta-tui\\Config");
    expect(defaultConfigDir()).toBe(dirname(Registry.open().path));
  });

  it("matches bearer tokens exactly and prints the runtime command", () => {
    expect(bearerMatches("abc", "Bearer abc")).toBe(true);
    expect(bearerMatches("abc", "Bearer abcd")).toBe(false);
    expect(bearerMatches("abc", undefined)).toBe(false);
    expect(runtimeCommand("http://10.0.0.2:8284", "f00", "work laptop")).toBe(
      "LETTA_BASE_URL=http://10.0.0.2:8284 IGNORE_SELF_HOSTED_LISTENER_ERROR=1 LETTA_API_KEY=f00 letta server --env-name 'work laptop' --backend local",
    );
  });
});
