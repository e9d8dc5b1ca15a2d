import { describe, expect, it } from "vitest";
import { TransportError } from "../../src/transport/errors.js";
import { isLoopbackHost, normalizeServerUrl, parseServerAddress, redactUrlText, withoutPassword, withPassword } from "../../src/transport/url.js";

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

describe("a password in the server URL", () => {
  it("is taken out of the URL that is shown, logged and stored, and put back only for the socket", () => {
    const address = parseServerAddress("http://alice:s3cr%40t@example.com:4500");
    expect(address).toEqual({ url: "ws://alice:***@example.com:4500/ws", password: "s3cr%40t" });
    expect(withPassword(address.url, address.password)).toBe("ws://alice:s3cr%40t@example.com:4500/ws");
    expect(withoutPassword(address.url)).toBe("ws://alice@example.com:4500/ws");
    expect(withoutPassword("ws://alice:s3cr%40t@example.com:4500/ws")).toBe("ws://alice@example.com:4500/ws");
    // No password: nothing to take out, nothing to put back.
    expect(parseServerAddress("ws://bob@h:1")).toEqual({ url: "ws://bob@h:1/ws" });
    expect(withPassword("ws://h:1/ws", undefined)).toBe("ws://h:1/ws");
    // Not URLs (labels the config file also holds) pass through.
    expect(withoutPassword("direct:alpha")).toBe("direct:alpha");
    expect(withoutPassword("local (started by letta-tui)")).toBe("local (started by letta-tui)");
  });

  it("never appears in the message about a URL that is refused", () => {
    for (const input of ["ftp://alice:hunter2@host", "ws://alice:hunter2@", "alice:hunter2@ho st"]) {
      let message = "";
      try {
        normalizeServerUrl(input);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).not.toBe("");
      expect(message).not.toContain("hunter2");
    }
  });

  it("is masked in free text, including a raw @ inside it, and a mask is left alone", () => {
    expect(redactUrlText("at ws://alice:hunter2@h:1/ws and https://b:p@ss@x/y")).toBe("at ws://alice:***@h:1/ws and https://b:***@x/y");
    expect(redactUrlText("ws://:onlypass@h")).toBe("ws://:***@h");
    expect(redactUrlText("ws://alice:***@h/ws")).toBe("ws://alice:***@h/ws");
    expect(redactUrlText("no url, a:b@c")).toBe("no url, a:b@c");
    expect(redactUrlText('{"url":"ws://u:pw@h/ws"}')).toBe('{"url":"ws://u:***@h/ws"}');
  });
});
