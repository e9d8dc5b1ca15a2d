import { describe, expect, it } from "vitest";
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

describe("parseCli refuses bad input with one clear line", () => {
  it.each([
    [["--new-agent"], /no server URL/],
    [[...URL, "--new-agent", "--mode", "plan"], /unknown --mode "plan".*standard, acceptEdits, unrestricted, strict/],
    [[...URL, "--new-agent", "--agent", "a"], /cannot be combined/],
    [[...URL, "--agent", "a", "--conversation", "c", "--new-conversation"], /either --conversation or --new-conversation/],
    [[...URL, "--agent", "a", "--model", "m"], /--model only applies to --new-agent/],
    [[...URL, "--conversation", "c"], /need --agent/],
    [["--url", "ht!tp://x", "--new-agent"], /not a valid URL/],
    [[...URL, "--new-agent", "--timeout", "soon"], /--timeout/],
    [[...URL, "--frobnicate"], /unknown option '--frobnicate'/],
  ])("%j", (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
  });
});
