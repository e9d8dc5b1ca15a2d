import { describe, expect, it } from "vitest";
import { TransportError } from "../../src/transport/errors.js";
import { isLoopbackHost, normalizeServerUrl } from "../../src/transport/url.js";

describe("normalizeServerUrl", () => {
  it.each([
    ["ws://127.0.0.1:4500", "ws://127.0.0.1:4500/ws"],
    ["ws://127.0.0.1:4500/", "ws://127.0.0.1:4500/ws"],
    ["http://localhost:4500", "ws://localhost:4500/ws"],
    ["https://example.com", "wss://example.com/ws"],
    ["ws://127.0.0.1:4500/custom", "ws://127.0.0.1:4500/custom"],
    ["ws://127.0.0.1:4500/ws?channel=control", "ws://127.0.0.1:4500/ws"],
    ["127.0.0.1:4500", "ws://127.0.0.1:4500/ws"],
    ["  ws://[::1]:9/  ", "ws://[::1]:9/ws"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
  });

  it.each(["", "ht!tp://x", "ftp://host", "ws://", "not a url"])("rejects %j with a clear message", (input) => {
    expect(() => normalizeServerUrl(input)).toThrow(TransportError);
    try {
      normalizeServerUrl(input);
    } catch (err) {
      expect((err as Error).message).toMatch(/URL|ws:\/\//);
      expect((err as Error).message).not.toMatch(/\n/);
    }
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback names", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("127.1.2.3")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("10.0.0.1")).toBe(false);
    expect(isLoopbackHost("example.com")).toBe(false);
  });
});
