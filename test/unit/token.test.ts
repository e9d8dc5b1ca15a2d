import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTokenTransport, expandHome, resolveToken } from "../../src/transport/token.js";
import { asUnprivileged } from "./unprivileged.js";

const dir = mkdtempSync(path.join(tmpdir(), "letta-tui-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content, { mode: 0o600 });
  return p;
}

const ENV = { LETTA_APP_SERVER_TOKEN: "from-env" };

describe("resolveToken precedence", () => {
  const tokenFile = file("tok", "  from-file\n");
  it("--token wins over the file and the environment", () => {
    expect(resolveToken({ token: "from-flag", tokenFile, env: ENV })).toBe("from-flag");
  });
  it("--token-file wins over the environment, and is trimmed", () => {
    expect(resolveToken({ tokenFile, env: ENV })).toBe("from-file");
  });
  it("the environment is the fallback", () => {
    expect(resolveToken({ env: ENV })).toBe("from-env");
  });
  it("nothing anywhere means no token; empty values count as absent", () => {
    expect(resolveToken({ env: {} })).toBeUndefined();
    expect(resolveToken({ token: "", env: { LETTA_APP_SERVER_TOKEN: "" } })).toBeUndefined();
    expect(resolveToken({ token: "", env: ENV })).toBe("from-env");
  });
  it("a file written with CRLF is trimmed too", () => {
    expect(resolveToken({ tokenFile: file("crlf", "abc\r\n"), env: {} })).toBe("abc");
  });
});

describe("resolveToken errors are clear and never echo the secret", () => {
  it("a missing file", () => {
    expect(() => resolveToken({ tokenFile: path.join(dir, "nope"), env: ENV })).toThrow(/token file .*nope does not exist/);
  });
  it("an empty or blank file", () => {
    expect(() => resolveToken({ tokenFile: file("empty", ""), env: ENV })).toThrow(/is empty/);
    expect(() => resolveToken({ tokenFile: file("blank", " \n\t\n"), env: ENV })).toThrow(/is empty/);
  });
  it("a directory", () => {
    expect(() => resolveToken({ tokenFile: dir, env: ENV })).toThrow(/is a directory/);
  });
  it.skipIf(process.platform === "win32")("an unreadable file (as root too: see asUnprivileged)", () => {
    const p = file("locked", "secret-in-locked");
    chmodSync(p, 0o000);
    expect(() => asUnprivileged(() => resolveToken({ tokenFile: p, env: ENV }))).toThrow(/cannot read token file .*permission denied/);
  });
  it("a file that is far too big to be a token", () => {
    const p = file("big", "x".repeat(100_000));
    expect(() => resolveToken({ tokenFile: p, env: {} })).toThrow(/too large/);
  });
  it("a multi-line file is refused without printing its lines", () => {
    const p = file("two-lines", "first-secret-line\nsecond-secret-line\n");
    let message = "";
    try {
      resolveToken({ tokenFile: p, env: {} });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/token file .*two-lines contains a line break/);
    expect(message).not.toMatch(/secret-line/);
    expect(message).not.toMatch(/\n/);
  });
  it("a control character in --token or the environment is refused by name", () => {
    expect(() => resolveToken({ token: "a\nb", env: {} })).toThrow(/^--token contains/);
    expect(() => resolveToken({ env: { LETTA_APP_SERVER_TOKEN: "a\rb" } })).toThrow(/^LETTA_APP_SERVER_TOKEN contains/);
  });
});

describe("checkTokenTransport", () => {
  it.each([
    ["ws://127.0.0.1:4500/ws", true, false],
    ["ws://localhost:4500/ws", true, false],
    ["ws://[::1]:4500/ws", true, false],
    ["wss://example.com/ws", true, false],
    ["ws://example.com/ws", false, false],
    ["ws://example.com/ws", true, true],
  ])("%s token=%s allow=%s is fine", (url, hasToken, allow) => {
    expect(() => checkTokenTransport(url, hasToken, allow)).not.toThrow();
  });
  it.each(["ws://example.com:4500/ws", "ws://192.168.1.20:4500/ws", "http://10.0.0.1/ws", "ws://[fe80::1]:4500/ws"])("refuses a token over plain text to %s", (url) => {
    expect(() => checkTokenTransport(url, true, false)).toThrow(/a token over plain ws:\/\/ to .* can be read by anyone on the network; use wss:\/\/, or pass --allow-insecure-token/);
  });
  it("names the host", () => {
    expect(() => checkTokenTransport("ws://box.lan:4500/ws", true, false)).toThrow(/to box\.lan can be read/);
  });
});

describe("~/ in a token file path", () => {
  it("is the home directory, as a shell would have it; anything else is left alone", () => {
    expect(expandHome("~/.letta-token", "/home/me")).toBe(path.join("/home/me", ".letta-token"));
    expect(expandHome("~", "/home/me")).toBe("/home/me");
    expect(expandHome("~other/x", "/home/me")).toBe("~other/x");
    expect(expandHome("/abs/~/x", "/home/me")).toBe("/abs/~/x");
  });
  it("is read from the home directory (HOME), and named as written when missing", () => {
    const saved = process.env.HOME;
    process.env.HOME = dir;
    try {
      file("home-token", "from-home\n");
      expect(resolveToken({ tokenFile: "~/home-token", env: {} })).toBe("from-home");
      expect(() => resolveToken({ tokenFile: "~/nope", env: {} })).toThrow("token file ~/nope does not exist");
    } finally {
      process.env.HOME = saved;
    }
  });
});
