import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../../src/cli/options.js";

const URL = ["--url", "ws://127.0.0.1:4500"];
const parse = (...args: string[]) => parseCli(args, "9.9.9");

describe("parseCli runtime selection", () => {
  it("--agent with --conversation attaches to that conversation", () => {
    expect(parse(...URL, "--agent", "a1", "--conversation", "c1").attach.selection).toEqual({ kind: "existing", agentId: "a1", conversationId: "c1" });
  });
  it("--agent alone means its default conversation", () => {
    expect(parse(...URL, "--agent", "a1").attach.selection).toEqual({ kind: "existing", agentId: "a1", conversationId: "default" });
  });
  it("--agent with --new-conversation", () => {
    expect(parse(...URL, "--agent", "a1", "--new-conversation").attach.selection).toEqual({ kind: "new-conversation", agentId: "a1" });
  });
  it("--new-agent with and without a name, with a model", () => {
    expect(parse(...URL, "--new-agent").attach.selection).toEqual({ kind: "new-agent", name: undefined, model: undefined });
    expect(parse(...URL, "--new-agent", "bob", "--model", "llama.cpp/fake-model").attach.selection).toEqual({
      kind: "new-agent",
      name: "bob",
      model: "llama.cpp/fake-model",
    });
  });
  it("no URL means starting a letta server of our own (not an error for the TUI)", () => {
    expect(parse("--new-agent").url).toBeUndefined();
    expect(parse("--new-agent", "--letta-bin", "/opt/letta").lettaBin).toBe("/opt/letta");
  });
  it("no selection means the most recent agent, or a new one with --model", () => {
    expect(parse(...URL).attach.selection).toEqual({ kind: "auto", model: undefined });
    expect(parse(...URL, "--model", "m").attach.selection).toEqual({ kind: "auto", model: "m" });
  });
  it("passes --cwd and --mode through and normalises the URL", () => {
    const c = parse("--url", "http://127.0.0.1:4500", "--new-agent", "--cwd", "/w", "--mode", "strict");
    expect(c.url).toBe("ws://127.0.0.1:4500/ws");
    expect(c.attach).toMatchObject({ cwd: "/w", mode: "strict" });
  });
  it("reads the URL and token from the environment", () => {
    process.env.LETTA_APP_SERVER_URL = "ws://127.0.0.1:9";
    process.env.LETTA_APP_SERVER_TOKEN = "tok";
    try {
      const c = parse("--new-agent");
      expect(c.url).toBe("ws://127.0.0.1:9/ws");
      expect(c.token).toBe("tok");
    } finally {
      delete process.env.LETTA_APP_SERVER_URL;
      delete process.env.LETTA_APP_SERVER_TOKEN;
    }
  });
});

describe("parseCli remembers what the config file step needs", () => {
  it("--name and --role label the runtime; neither means no labels", () => {
    expect(parse(...URL, "--name", "bob", "--role", "reviewer").labels).toEqual({ name: "bob", role: "reviewer" });
    expect(parse(...URL, "--role", "reviewer").labels).toEqual({ role: "reviewer" });
    expect(parse(...URL).labels).toBeUndefined();
  });
  it("--allow-insecure-token is kept for the check on the final URL", () => {
    expect(parse("--allow-insecure-token").allowInsecureToken).toBe(true);
    expect(parse().allowInsecureToken).toBeUndefined();
  });
  it("tells a typed --url from LETTA_APP_SERVER_URL", () => {
    expect(parse(...URL).urlFromEnv).toBeUndefined();
    process.env.LETTA_APP_SERVER_URL = "ws://127.0.0.1:9";
    try {
      expect(parse().urlFromEnv).toBe(true);
      expect(parse(...URL).urlFromEnv).toBeUndefined();
    } finally {
      delete process.env.LETTA_APP_SERVER_URL;
    }
  });
});

describe("parseCli --notify", () => {
  it("is absent unless given (the config file decides then), else one of the four", () => {
    expect(parse(...URL).notify).toBeUndefined();
    for (const when of ["cards", "turns", "all", "off"]) expect(parse(...URL, "--notify", when).notify).toBe(when);
  });
});

describe("parseCli refuses bad input with one clear line", () => {
  it.each([
    [[...URL, "--new-agent", "--mode", "plan"], /unknown --mode "plan".*standard, acceptEdits, unrestricted, strict/],
    [[...URL, "--new-agent", "--agent", "a"], /cannot be combined/],
    [[...URL, "--agent", "a", "--conversation", "c", "--new-conversation"], /either --conversation or --new-conversation/],
    [[...URL, "--agent", "a", "--model", "m"], /--model only applies to --new-agent/],
    [[...URL, "--conversation", "c"], /need --agent/],
    [["--url", "ht!tp://x", "--new-agent"], /not a valid URL/],
    [[...URL, "--new-agent", "--timeout", "soon"], /--timeout/],
    [[...URL, "--frobnicate"], /unknown option '--frobnicate'/],
    [[...URL, "--notify", "always"], /unknown --notify "always": expected one of cards, turns, all, off/],
  ])("%j", (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
  });
});

describe("parseCli token and transport log", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "letta-tui-options-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tokenFile = path.join(dir, "token");
  writeFileSync(tokenFile, "file-token\n", { mode: 0o600 });
  const withEnvToken = <T>(fn: () => T): T => {
    process.env.LETTA_APP_SERVER_TOKEN = "env-token";
    try {
      return fn();
    } finally {
      delete process.env.LETTA_APP_SERVER_TOKEN;
    }
  };

  it("--token-file is read and trimmed, and beats the environment", () => {
    expect(withEnvToken(() => parse(...URL, "--token-file", tokenFile).token)).toBe("file-token");
  });
  it("--token beats --token-file", () => {
    expect(parse(...URL, "--token", "flag-token", "--token-file", tokenFile).token).toBe("flag-token");
  });
  it("no token anywhere leaves it undefined", () => {
    expect(parse(...URL).token).toBeUndefined();
  });
  it("--log-file is passed through; without it the default place is used", () => {
    expect(parse(...URL, "--log-file", "/tmp/x.ndjson").logFile).toBe("/tmp/x.ndjson");
    expect(parse(...URL).logFile).toBeUndefined();
  });
  it("a token may go over plain ws:// to loopback, or anywhere over wss://", () => {
    expect(parse("--url", "ws://localhost:4500", "--token", "t").token).toBe("t");
    expect(parse("--url", "https://example.com", "--token", "t").url).toBe("wss://example.com/ws");
  });
  it("--allow-insecure-token lets a token go over plain ws:// to another host", () => {
    expect(parse("--url", "ws://box.lan:4500", "--token", "t", "--allow-insecure-token").token).toBe("t");
    expect(withEnvToken(() => parse("--url", "ws://box.lan:4500", "--allow-insecure-token").token)).toBe("env-token");
  });
  it("no token means no reason to refuse plain ws:// to another host", () => {
    expect(parse("--url", "ws://box.lan:4500").url).toBe("ws://box.lan:4500/ws");
  });

  it.each([
    [["--url", "ws://box.lan:4500", "--token", "t"], /a token over plain ws:\/\/ to box\.lan .*--allow-insecure-token/],
    [["--url", "ws://box.lan:4500", "--token-file", tokenFile], /a token over plain ws:\/\/ to box\.lan/],
    [[...URL, "--token-file", path.join(dir, "missing")], /token file .*missing does not exist/],
    [[...URL, "--token-file", dir], /is a directory/],
    [[...URL, "--token-file"], /argument missing/],
  ])("%j is a one-line usage error", (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
    try {
      parse(...args);
    } catch (err) {
      expect((err as Error).message).not.toMatch(/\n/);
      expect((err as Error).message).not.toContain("file-token");
    }
  });
  it("the environment token is checked against the URL too", () => {
    expect(() => withEnvToken(() => parse("--url", "ws://box.lan:4500"))).toThrow(/a token over plain ws:\/\//);
  });
  it("an empty token file is a usage error that does not fall back to the environment", () => {
    const empty = path.join(dir, "empty");
    writeFileSync(empty, "  \n");
    expect(() => withEnvToken(() => parse(...URL, "--token-file", empty))).toThrow(/token file .*empty is empty/);
  });
});
