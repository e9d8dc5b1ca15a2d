import { EventEmitter } from "node:events";
import type WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF, shouldKeepTrying } from "../../src/transport/backoff.js";
import { TransportError } from "../../src/transport/errors.js";
import { RequestTracker } from "../../src/transport/requests.js";
import { DEFAULT_HEARTBEAT, startHeartbeat } from "../../src/transport/heartbeat.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { KnownFrame } from "../../src/protocol/frames.js";

describe("backoff schedule", () => {
  it("doubles from 1 s and caps at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it("gives up after 5 minutes", () => {
    expect(shouldKeepTrying(0)).toBe(true);
    expect(shouldKeepTrying(DEFAULT_BACKOFF.giveUpAfterMs - 1)).toBe(true);
    expect(shouldKeepTrying(DEFAULT_BACKOFF.giveUpAfterMs)).toBe(false);
  });
  it("spends the five minutes in about 14 attempts", () => {
    let elapsed = 0;
    let attempts = 0;
    while (shouldKeepTrying(elapsed)) elapsed += backoffDelay(++attempts);
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(attempts).toBeLessThanOrEqual(16);
  });
});

const frame = (obj: object): KnownFrame => {
  const p = parseFrame(JSON.stringify(obj));
  if (p.kind !== "frame") throw new Error("not a frame");
  return p.frame;
};

describe("request correlation", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("resolves on the matching request_id and type only", async () => {
    const t = new RequestTracker();
    const p = t.expect({ type: "sync", request_id: "s1", runtime: { agent_id: "a", conversation_id: "c" } }, "sync_response");
    // Same id, other type: an input_accepted never answers a sync.
    t.settle(frame({ type: "input_accepted", request_id: "s1", accepted: true }));
    t.settle(frame({ type: "sync_response", request_id: "other", success: true }));
    expect(t.size).toBe(1);
    t.settle(frame({ type: "sync_response", request_id: "s1", success: true }));
    await expect(p).resolves.toMatchObject({ type: "sync_response", request_id: "s1" });
    expect(t.size).toBe(0);
  });

  it("times out a request the server ignores", async () => {
    const t = new RequestTracker();
    const p = t.expect({ type: "app_server_info", request_id: "i1" }, "app_server_info_response", 3000);
    vi.advanceTimersByTime(2999);
    expect(t.size).toBe(1);
    vi.advanceTimersByTime(1);
    await expect(p).rejects.toMatchObject({ code: "timeout", message: "No answer to app_server_info within 3 s." });
    expect(t.size).toBe(0);
  });

  it("joins a listing the server sends in parts, and each part restarts the clock", async () => {
    const t = new RequestTracker();
    const cmd = { type: "list_memory", request_id: "m1", agent_id: "a" } as const;
    const p = t.expect(cmd, "list_memory_response", 3000);
    const part = (paths: string[], done: boolean) =>
      frame({ type: "list_memory_response", request_id: "m1", success: true, done, total: 7, entries: paths.map((relative_path) => ({ relative_path })) });
    t.settle(part(["system/a.md", "system/b.md"], false));
    vi.advanceTimersByTime(2500);
    t.settle(part(["notes/c.md"], false));
    vi.advanceTimersByTime(2500);
    expect(t.size).toBe(1);
    t.settle(part(["notes/d.md"], true));
    const joined = await p;
    expect(joined.entries.map((e) => e.relative_path)).toEqual(["system/a.md", "system/b.md", "notes/c.md", "notes/d.md"]);
    expect(t.size).toBe(0);
  });

  it("times out a listing whose last part never comes", async () => {
    const t = new RequestTracker();
    const p = t.expect({ type: "list_memory", request_id: "m2", agent_id: "a" }, "list_memory_response", 3000);
    t.settle(frame({ type: "list_memory_response", request_id: "m2", done: false, entries: [] }));
    vi.advanceTimersByTime(3000);
    await expect(p).rejects.toMatchObject({ code: "timeout" });
  });

  it("rejects everything pending when the socket closes", async () => {
    const t = new RequestTracker();
    const a = t.expect({ type: "app_server_info", request_id: "i1" }, "app_server_info_response");
    const b = t.expect({ type: "app_server_info", request_id: "i2" }, "app_server_info_response");
    t.failAll("Connection lost");
    await expect(a).rejects.toBeInstanceOf(TransportError);
    await expect(b).rejects.toMatchObject({ code: "closed" });
    expect(t.size).toBe(0);
  });
});

describe("heartbeat with the default timing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Just what startHeartbeat uses of a socket: pong/message events and ping(). */
  const fakeSocket = () => Object.assign(new EventEmitter(), { ping: vi.fn() });

  it("finds a silent peer dead about 30 s after the last sign of life, not before", () => {
    const socket = fakeSocket();
    const dead = vi.fn();
    startHeartbeat(socket as unknown as WebSocket, dead);
    expect(DEFAULT_HEARTBEAT).toEqual({ intervalMs: 10_000, timeoutMs: 20_000 });
    vi.advanceTimersByTime(29_999);
    expect(dead).not.toHaveBeenCalled();
    expect(socket.ping).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(dead).toHaveBeenCalledTimes(1);
    // Once dead it stops: no more pings, no second report.
    vi.advanceTimersByTime(60_000);
    expect(dead).toHaveBeenCalledTimes(1);
    expect(socket.ping).toHaveBeenCalledTimes(2);
  });

  it("any pong or frame keeps the peer alive", () => {
    const socket = fakeSocket();
    const dead = vi.fn();
    startHeartbeat(socket as unknown as WebSocket, dead);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(15_000);
      socket.emit(i % 2 ? "pong" : "message");
    }
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30_000);
    expect(dead).toHaveBeenCalledTimes(1);
  });
});
