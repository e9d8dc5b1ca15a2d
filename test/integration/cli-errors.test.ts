import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeTerminal } from "../fakes/terminal.js";
import { deadPort, refusingServer, silentServer } from "./refusing-servers.js";
import { activeScope, LETTA_MODEL, startLettaServer, type LettaServer } from "./support.js";

// Every way a start can fail ends in one line on stderr and a non-zero exit, never a trace.

async function run(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await main(argv, { stdout: fakeTerminal(), stderr: { write: (t: string) => (err += t) } });
  return { code, err };
}

function expectOneLine(err: string, pattern: RegExp) {
  expect(err).toMatch(/^letta-tui: /);
  expect(err.trimEnd().split("\n")).toHaveLength(1);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
}

const NEW_AGENT = ["--new-agent", "x", "--model", LETTA_MODEL];

describe("bad input without any server", () => {
  it("a malformed URL", async () => {
    const r = await run("--url", "ht!tp://nope", ...NEW_AGENT);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /not a valid URL/);
  });

  it("an unknown --mode", async () => {
    const r = await run("--url", "ws://127.0.0.1:1", ...NEW_AGENT, "--mode", "plan");
    expect(r.code).toBe(2);
    expectOneLine(r.err, /unknown --mode "plan"/);
  });

  it("nothing listening", async () => {
    const port = await deadPort();
    const r = await run("--url", `ws://127.0.0.1:${port}`, ...NEW_AGENT);
    expect(r.code).toBe(1);
    expectOneLine(r.err, /Nothing is listening at ws:\/\/127\.0\.0\.1:\d+\/ws/);
  });

  it.each([
    [403, "Forbidden", /HTTP 403/],
    [426, "Upgrade Required", /HTTP 426/],
  ])("HTTP %i on upgrade", async (status, reason, pattern) => {
    const server = await refusingServer(status, reason);
    try {
      const r = await run("--url", server.url, ...NEW_AGENT);
      expect(r.code).toBe(1);
      expectOneLine(r.err, pattern);
    } finally {
      await server.close();
    }
  });

  it("runtime_start that never gets an answer times out", async () => {
    const server = await silentServer();
    try {
      const r = await run("--url", server.url, ...NEW_AGENT, "--timeout", "1");
      expect(r.code).toBe(1);
      expectOneLine(r.err, /No answer to runtime_start within 1 s/);
    } finally {
      await server.close();
    }
  });
});

describe("refusals from the real App Server", () => {
  let open: LettaServer;
  let authed: LettaServer;
  const token = "s3cret-token-for-tests";

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-token-"));
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    [open, authed] = await Promise.all([
      startLettaServer(),
      startLettaServer({ args: ["--ws-auth", "capability-token", "--ws-token-file", tokenFile] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), authed?.stop()]);
  });

  it("HTTP 404 for a wrong path", async () => {
    const r = await run("--url", `${open.httpUrl.replace("http", "ws")}/not-here`, ...NEW_AGENT);
    expect(r.code).toBe(1);
    expectOneLine(r.err, /HTTP 404.*\/ws/);
  });

  it("HTTP 401 without a token, and with a wrong one", async () => {
    const none = await run("--url", authed.url, ...NEW_AGENT);
    expect(none.code).toBe(1);
    expectOneLine(none.err, /HTTP 401: missing websocket bearer token.*--token/);
    const wrong = await run("--url", authed.url, "--token", "nope", ...NEW_AGENT);
    expect(wrong.code).toBe(1);
    expectOneLine(wrong.err, /HTTP 401: invalid websocket bearer token/);
  });

  it("the right token passes the same server's check", async () => {
    const { openSession } = await import("../../src/cli/session.js");
    const s = await openSession(
      { url: authed.url, token, attach: { selection: { kind: "new-agent", model: LETTA_MODEL } }, startTimeoutMs: 60_000 },
      "test",
    );
    expect(activeScope(s).agent_id).toMatch(/^agent-/);
    await s.close();
    // The session's transport log has the whole exchange, and not the token.
    const logged = readFileSync(s.log.path!, "utf8");
    expect(logged).toContain("runtime_start_response");
    expect(logged).not.toContain(token);
  });

  it("stdout that is not a terminal: one line naming send, not a screen that never draws", async () => {
    let err = "";
    const piped = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const code = await main(["--url", open.url, ...NEW_AGENT], { stdout: piped, stderr: { write: (t: string) => (err += t) } });
    expect(code).toBe(2);
    expectOneLine(err, /needs a terminal.*letta-tui send/);
  });

  it("runtime_start failure for an unknown agent id", async () => {
    const r = await run("--url", open.url, "--agent", "agent-does-not-exist", "--conversation", "default");
    expect(r.code).toBe(1);
    expectOneLine(r.err, /could not start the runtime: .*agent-does-not-exist/i);
  });
});

describe("the installed binary", () => {
  const bin = join(import.meta.dirname, "..", "..", "bin", "letta-tui.js");
  const node = process.execPath;

  it("--version and --help", () => {
    const v = spawnSync(node, [bin, "--version"], { encoding: "utf8" });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = spawnSync(node, [bin, "--help"], { encoding: "utf8" });
    expect(h.status).toBe(0);
    for (const flag of ["--url", "--agent", "--conversation", "--new-conversation", "--new-agent", "--model", "--cwd", "--mode"]) {
      expect(h.stdout).toContain(flag);
    }
  });

  it("a dead server: one line on stderr, exit 1, no stack trace", async () => {
    const port = await deadPort();
    // script(1) gives it the terminal the TUI insists on; its output is the terminal's (\r\n).
    const command = [node, bin, "--url", `127.0.0.1:${port}`, "--new-agent"].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qfec", command, "/dev/null"], { encoding: "utf8", env: { ...process.env, TERM: "xterm-256color" } });
    expect(r.status).toBe(1);
    expectOneLine(r.stdout.replace(/\r\n/g, "\n"), /Nothing is listening/);
  });
});
