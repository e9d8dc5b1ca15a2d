import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEVER_MESSAGE, runSend, type SendEvent, type SendIo } from "../../src/cli/send.js";
import { Registry } from "../../src/registry/registry.js";
import { startLegacyServer, type LegacyServer } from "../fakes/legacy-server.js";
import { deadPort } from "./refusing-servers.js";
import { LETTA_MODEL, startLettaServer, waitFor, type LettaServer } from "./support.js";

// `letta-tui send` in-process against the real App Server and the scripted model: each case
// creates its own agent, so no turn sees another's history.

let server: LettaServer;

beforeAll(async () => {
  server = await startLettaServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Run {
  code: number;
  out: string;
  err: string;
}

async function send(argv: string[], stdin?: SendIo["stdin"]): Promise<Run> {
  let out = "";
  let err = "";
  const io: SendIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stdin };
  const code = await runSend(argv, io, "test");
  return { code, out, err };
}

/** A fresh agent in standard mode, so that Bash asks for approval. */
const runtime = () => ["--url", server.url, "--new-agent", "send-it", "--model", LETTA_MODEL, "--cwd", server.workDir, "--mode", "standard"];

function events(out: string): SendEvent[] {
  const lines = out.split("\n").filter((l) => l !== "");
  return lines.map((l) => JSON.parse(l) as SendEvent);
}

function expectOneLine(err: string, pattern: RegExp) {
  expect(err).toMatch(/^letta-tui: /);
  expect(err.trimEnd().split("\n")).toHaveLength(1);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
}

describe("letta-tui send on the real server", () => {
  it("prints the reply as plain text and exits 0", async () => {
    const r = await send(["hi [[text:hello there]]", ...runtime()]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe("hello there\n");
  });

  it("--json prints one parseable event per line, ending with turn_finished", async () => {
    const r = await send(["hi [[text:hello json world]]", "--json", ...runtime()]);
    expect(r.code).toBe(0);
    expect(r.out.endsWith("\n")).toBe(true);
    const evs = events(r.out);
    expect(evs[0]).toMatchObject({ type: "attached", agent_id: expect.stringMatching(/^agent-/) });
    const text = evs.flatMap((e) => (e.type === "assistant_delta" ? [e.text] : [])).join("");
    expect(text).toBe("hello json world");
    expect(evs.at(-1)).toEqual({ type: "turn_finished", stop_reason: "end_turn" });
  });

  it("prints only the new reply, not the history of the conversation it attaches to", async () => {
    const first = await send(["hi [[text:first answer]]", "--json", ...runtime()]);
    const attached = events(first.out)[0];
    if (attached?.type !== "attached") throw new Error("no attached event");
    const again = ["--url", server.url, "--agent", attached.agent_id ?? "", "--conversation", attached.conversation_id];
    const r = await send(["hi [[text:second answer]]", ...again]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("second answer\n");
  });

  it("--approve always runs a Bash call and prints the tool line and its result", async () => {
    const r = await send(["[[bash:echo made-by-send > made.txt && echo done-ok]]", "--approve", "always", ...runtime()]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(server.workDir, "made.txt"), "utf8").trim()).toBe("made-by-send");
    expect(r.out).toContain("[tool] Bash $ echo made-by-send > made.txt && echo done-ok\n");
    expect(r.out).toMatch(/^\[result\] done-ok$/m);
    // The scripted model answers a tool result with "Tool finished. Result: …".
    expect(r.out).toMatch(/Tool finished\. Result: /);
    expect(r.err).toContain("[approval] allowed Bash");
  });

  it("--approve always --json reports the call, the approval and the result", async () => {
    // A write: standard mode lets read-only commands such as a bare echo run without asking.
    const r = await send(["[[bash:echo json-tool > json.txt && cat json.txt]]", "--approve", "always", "--json", ...runtime()]);
    expect(r.code).toBe(0);
    const evs = events(r.out);
    const call = evs.find((e) => e.type === "tool_call");
    expect(call).toMatchObject({ name: "Bash", args: { command: "echo json-tool > json.txt && cat json.txt" } });
    expect(evs).toContainEqual(expect.objectContaining({ type: "approval", tool: "Bash", decision: "allow" }));
    expect(evs).toContainEqual(expect.objectContaining({ type: "tool_result", status: "success", output: expect.stringContaining("json-tool") }));
    expect(evs.at(-1)).toMatchObject({ type: "turn_finished", stop_reason: "end_turn" });
  });

  it("--approve never denies the call: nothing runs, and the exit code is 3", async () => {
    const r = await send(["[[bash:echo nope > never.txt]]", ...runtime()]);
    expect(r.code).toBe(3);
    expect(existsSync(join(server.workDir, "never.txt"))).toBe(false);
    expect(r.out).toContain("[tool] Bash $ echo nope > never.txt\n");
    expect(r.out).toMatch(/^\[result\] \(denied\) /m);
    expect(r.err).toContain(`[approval] denied Bash: ${NEVER_MESSAGE}`);
    expect(r.err.trimEnd().split("\n").at(-1)).toMatch(/^letta-tui: denied 1 tool call \(--approve never\)/);
  });

  it("--approve ask without a terminal on stdin says so and denies", async () => {
    const r = await send(["[[bash:echo asked > asked.txt]]", "--approve", "ask", "--json", ...runtime()], Readable.from([]));
    expect(r.code).toBe(3);
    expect(existsSync(join(server.workDir, "asked.txt"))).toBe(false);
    expect(r.err).toMatch(/^letta-tui: --approve ask needs a terminal/);
    expect(events(r.out)).toContainEqual(expect.objectContaining({ type: "tool_result", status: "denied" }));
  });

  it("--approve ask on a terminal asks on stderr and takes y from stdin", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    let err = "";
    let out = "";
    const io: SendIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stdin: tty };
    const running = runSend(["[[bash:echo yes > asked-yes.txt]]", "--approve", "ask", ...runtime()], io, "test");
    await waitFor("the question", () => err.includes("Allow? [y/N] "));
    expect(err).toContain("[approval] Bash $ echo yes > asked-yes.txt\n");
    tty.write("y\n");
    expect(await running).toBe(0);
    expect(existsSync(join(server.workDir, "asked-yes.txt"))).toBe(true);
    expect(out).toContain("[tool] Bash $ echo yes > asked-yes.txt\n");
  });

  it("ask_user with no terminal to ask on is declined at once, not left waiting", async () => {
    const call = `[[tool:ask_user|${JSON.stringify({ question: "Deploy now?", options: ["yes", "no"] })}]]`;
    const r = await send([call, "--approve", "always", "--json", ...runtime()]);
    expect(r.code).toBe(0);
    const evs = events(r.out);
    expect(evs).toContainEqual({ type: "notice", level: "warning", text: "declined to answer (no terminal; see --approve ask): Deploy now?" });
    expect(evs).toContainEqual(expect.objectContaining({ type: "tool_result", name: "ask_user", status: "error" }));
  });

  it("--approve ask on a terminal puts an ask_user question and takes a numbered option", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    let err = "";
    let out = "";
    const io: SendIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stdin: tty };
    const call = `[[tool:ask_user|${JSON.stringify({ question: "Deploy now?", options: ["yes", "no, wait"] })}]]`;
    const running = runSend([call, "--approve", "ask", ...runtime()], io, "test");
    await waitFor("the approval", () => err.includes("Allow? [y/N] "));
    tty.write("y\n");
    await waitFor("the question", () => err.includes("[question] Deploy now?\n  1. yes\n  2. no, wait\n"));
    tty.write("2\n");
    expect(await running).toBe(0);
    expect(out).toMatch(/^\[result\] no, wait$/m);
  });

  it('"-" reads the message from stdin', async () => {
    const r = await send(["-", ...runtime()], Readable.from(["piped [[text:read from stdin]]\n"]));
    expect(r.code).toBe(0);
    expect(r.out).toBe("read from stdin\n");
  });

  it("--turn-timeout gives up with exit code 124", async () => {
    const r = await send(["[[slow:5]]", "--turn-timeout", "1", ...runtime()]);
    expect(r.code).toBe(124);
    expectOneLine(r.err.split("\n").filter((l) => l.startsWith("letta-tui: ")).join("\n"), /did not finish within 1 s/);
  });
});

describe("letta-tui send and the config file", () => {
  it("remembers its runtime for --resume, with --name, --role and the cwd the server reports", async () => {
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), "letta-tui-send-config-"));
    try {
      // No --cwd: the directory recorded is the server's own.
      const r = await send(["hi [[text:noted]]", "--url", server.url, "--new-agent", "send-it", "--model", LETTA_MODEL, "--name", "nightly", "--role", "ci"]);
      expect(r.code).toBe(0);
      const recent = Registry.open().recentRuntimes();
      expect(recent).toHaveLength(1);
      expect(recent[0]).toMatchObject({ serverUrl: server.url, name: "nightly", role: "ci", cwd: server.workDir, agentName: "send-it" });
    } finally {
      process.env.XDG_CONFIG_HOME = saved;
    }
  });
});

describe("letta-tui send failures", () => {
  it("an unknown --approve policy is a usage error: exit 2, one line", async () => {
    const r = await send(["hi", "--url", "ws://127.0.0.1:1", "--approve", "sometimes"]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /--approve.*sometimes.*never, always, ask/);
    expect(r.out).toBe("");
  });

  it("a missing message is a usage error", async () => {
    const r = await send(["--url", "ws://127.0.0.1:1"]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /missing required argument 'message'/);
  });

  it("nothing listening: exit 1, one line", async () => {
    const port = await deadPort();
    const r = await send(["hi", "--url", `ws://127.0.0.1:${port}`, "--new-agent", "x", "--model", LETTA_MODEL]);
    expect(r.code).toBe(1);
    expectOneLine(r.err, /Nothing is listening at ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(r.out).toBe("");
  });

  it("--help prints the usage on stdout and exits 0", async () => {
    const r = await send(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: letta-tui send \[options\] <message>/);
    expect(r.out).toContain("--approve <policy>");
  });
});

describe("letta-tui send on a legacy server (no input_accepted, no turn_finished)", () => {
  let legacy: LegacyServer;
  beforeAll(async () => {
    // Escape sequences a hostile model could use to retitle the window or clear the screen.
    legacy = await startLegacyServer({ reply: () => "safe\u001b]0;pwned\u0007 text\u001b[2J\u009b31m done" });
  });
  afterAll(async () => {
    await legacy?.close();
  });

  it("ends the turn on the stop_reason delta and shows control sequences as visible escapes", async () => {
    const r = await send(["hello", "--url", legacy.url, "--new-agent"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("safe\\x1b]0;pwned\\x07 text\\x1b[2J\\x9b31m done\n");
  });

  it("--json strings are sanitised too", async () => {
    const r = await send(["hello", "--json", "--url", legacy.url, "--new-agent"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/\\u001b|\\u009b|\\u0007/);
    const text = events(r.out).flatMap((e) => (e.type === "assistant_delta" ? [e.text] : [])).join("");
    expect(text).toBe("safe\\x1b]0;pwned\\x07 text\\x1b[2J\\x9b31m done");
    expect(events(r.out).at(-1)).toEqual({ type: "turn_finished", stop_reason: "end_turn" });
  });
});
