import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runSend, type SendIo } from "../../src/cli/send.js";
import { LETTA_MODEL, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";

// A password in the server URL (ws://user:PASS@host, for a proxy with basic auth in front of the
// server) is a credential like the token: it is used for the connection and shown, logged and
// stored nowhere. And a transport log that cannot be written is said, not silently skipped.
//
// What the real App Server 0.32.18 does with the userinfo (ws sends it as Basic auth): without
// --ws-auth it ignores the header, so the session works; with --ws-auth it answers "401 invalid
// authorization header" unless a token is sent too, whose Bearer header then takes precedence.

const PASSWORD = "pa55-Word%40x";
const root = mkdtempSync(join(tmpdir(), "letta-tui-creds-"));
let server: LettaServer;
const saved = { XDG_STATE_HOME: process.env.XDG_STATE_HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
let n = 0;

beforeAll(async () => {
  server = await startLettaServer();
});
afterEach(() => {
  process.env.XDG_STATE_HOME = saved.XDG_STATE_HOME;
  process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A URL of `s` carrying user alice and PASSWORD. */
function withUserinfo(url: string): string {
  const u = new URL(url);
  u.username = "alice";
  u.password = PASSWORD;
  return u.toString();
}

/** State and config directories of this case's own, as the program finds them (XDG). */
function freshPlaces(): { state: string; config: string } {
  const d = join(root, `case-${++n}`);
  const places = { state: join(d, "state"), config: join(d, "config") };
  process.env.XDG_STATE_HOME = places.state;
  process.env.XDG_CONFIG_HOME = places.config;
  return places;
}

async function send(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: SendIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const code = await runSend(argv, io, "test");
  return { code, out, err };
}

const agentArgs = (name: string) => ["--new-agent", name, "--model", LETTA_MODEL, "--cwd", server.workDir];

describe("a password in the server URL, against the real server", () => {
  it("connects with it, and writes it to no log, no config file and no output", async () => {
    const places = freshPlaces();
    const r = await send(["hi [[text:through basic auth]]", "--url", withUserinfo(server.url), ...agentArgs("creds")]);
    expect(r).toMatchObject({ code: 0, out: "through basic auth\n", err: "" });

    const logDir = join(places.state, "letta-tui", "logs");
    const [logName, ...others] = readdirSync(logDir);
    expect(others).toEqual([]);
    const log = readFileSync(join(logDir, logName!), "utf8");
    expect(log).toContain('"dir":"recv"');
    expect(log).toContain(`ws://alice:***@127.0.0.1:${server.port}/ws`);
    const configFile = join(places.config, "letta-tui", "config.json");
    const config = readFileSync(configFile, "utf8");
    expect(JSON.parse(config)).toMatchObject({ runtimes: [{ serverUrl: `ws://alice@127.0.0.1:${server.port}/ws`, agentName: "creds" }] });
    for (const text of [log, config, r.out, r.err]) {
      expect(text).not.toContain("pa55");
      expect(text).not.toContain("pa55-Word@x");
    }
    // Owner-only, everything this session created.
    expect(statSync(join(logDir, logName!)).mode & 0o777).toBe(0o600);
    expect(statSync(logDir).mode & 0o777).toBe(0o700);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(places.config, "letta-tui")).mode & 0o777).toBe(0o700);
  });

  it("with --ws-auth: refused without the token (401, password masked in the message), accepted with it", async () => {
    freshPlaces();
    const tokenFile = join(root, "ws-token");
    writeFileSync(tokenFile, "creds-token-0123456789\n");
    const authed = await startLettaServer({ args: ["--ws-auth", "capability-token", "--ws-token-file", tokenFile] });
    try {
      const url = withUserinfo(authed.url);
      const refused = await send(["hi", "--url", url, ...agentArgs("creds-auth")]);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/^letta-tui: ws:\/\/alice:\*\*\*@127\.0\.0\.1:\d+\/ws refused the credentials \(HTTP 401/);
      expect(refused.err).not.toContain("pa55");
      const accepted = await send(["hi [[text:bearer wins]]", "--url", url, "--token-file", tokenFile, ...agentArgs("creds-auth")]);
      expect(accepted).toMatchObject({ code: 0, out: "bearer wins\n", err: "" });
    } finally {
      await authed.stop();
    }
  });
});

describe("a transport log directory that cannot be written", () => {
  /** XDG_STATE_HOME under a regular file: ENOTDIR, which stops root too (chmod would not). */
  function blockedState(): string {
    const d = join(root, `blocked-${++n}`);
    mkdirSync(d);
    writeFileSync(join(d, "a-file"), "");
    return join(d, "a-file", "state");
  }

  it("send says so once on stderr and still delivers the turn", async () => {
    freshPlaces();
    process.env.XDG_STATE_HOME = blockedState();
    const r = await send(["hi [[text:unlogged]]", "--url", server.url, ...agentArgs("creds-nolog")]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("unlogged\n");
    expect(r.err.trimEnd().split("\n")).toEqual([expect.stringMatching(/^letta-tui: cannot open the transport log: ENOTDIR.*; this session is not logged$/)]);
  });

  it.skipIf(!existsSync("/dev/full"))("a log that fails after it opened (a full disk) is said once in the transcript", async () => {
    const session = await testSession(server, undefined, { logFile: "/dev/full" });
    try {
      session.controller.sendMessage("hi [[text:still here]]");
      await waitFor("the reply", () => transcript(session).some((i) => i.kind === "assistant" && i.text === "still here" && i.done));
      const notices = transcript(session).flatMap((i) => (i.kind === "notice" && i.text.includes("transport log") ? [i.text] : []));
      expect(notices).toEqual([expect.stringMatching(/^cannot write the transport log \/dev\/full: .*the rest of this session is not logged$/)]);
    } finally {
      await session.close();
    }
  });

  it("the TUI says so once on stderr and once on screen, and the password shows nowhere", async () => {
    const places = freshPlaces();
    const state = blockedState();
    const bin = join(import.meta.dirname, "..", "..", "bin", "letta-tui.js");
    const command = [process.execPath, bin, "--url", withUserinfo(server.url), ...agentArgs("creds-tui"), "--mode", "standard"].map((a) => `'${a}'`).join(" ");
    const env = { ...process.env, XDG_STATE_HOME: state, XDG_CONFIG_HOME: places.config, TERM: "xterm-256color", COLUMNS: "120", LINES: "30" };
    // script(1) gives the TUI the terminal it needs; stdout and stderr both land in `output`.
    // No echo from the pty: an "x" in the output can then only be the TUI drawing it. Sized as
    // LINES/COLUMNS say (with no terminal of its own, as in CI, script's pty has no size).
    const tui = spawn("script", ["-qfec", `stty -echo rows 30 cols 120; exec ${command}`, "/dev/null"], { cwd: server.workDir, env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    tui.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
    tui.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => tui.once("exit", (code) => resolve(code)));
    try {
      const plain = () => stripVTControlCharacters(output);
      // The notice, as the transcript shows it (wrapped at the terminal's width), after the line.
      const onScreen = () => (plain().split("letta-tui: cannot open the transport log")[1] ?? "").replace(/\s+/g, " ");
      await waitFor("the notice on screen", () => /cannot open the transport log: ENOTDIR.*this session is not logged/.test(onScreen()), 90_000);
      // The stderr line, with its prefix, comes once before the screen.
      expect(plain().match(/letta-tui: cannot open the transport log: ENOTDIR/g)).toHaveLength(1);
      // Quit: a key proves raw mode first (before it the terminal turns Ctrl+C into SIGINT).
      // Ink redraws only what changed, so each step looks at what was written after its key.
      const after = (mark: number) => stripVTControlCharacters(output.slice(mark));
      // Pressed again until it shows: on a loaded machine the first may come before Ink reads keys.
      for (let attempt = 1; ; attempt++) {
        const mark = output.length;
        tui.stdin.write("x");
        try {
          await waitFor("a key taken by the input line", () => after(mark).includes("x"), 5_000);
          break;
        } catch (err) {
          if (attempt === 12) throw err;
        }
      }
      let mark = output.length;
      tui.stdin.write("\u0003");
      await waitFor("the input cleared", () => after(mark).includes("Message the agent"), 10_000);
      mark = output.length;
      tui.stdin.write("\u0003");
      await waitFor("armed", () => after(mark).includes("Press Ctrl+C again to quit"), 10_000);
      tui.stdin.write("\u0003");
      expect(await exited).toBe(0);
      expect(output).not.toContain("pa55");
      const config = readFileSync(join(places.config, "letta-tui", "config.json"), "utf8");
      expect(config).not.toContain("pa55");
      expect(JSON.parse(config)).toMatchObject({ runtimes: [{ serverUrl: `ws://alice@127.0.0.1:${server.port}/ws` }] });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- output ---\n${stripVTControlCharacters(output).slice(-3000)}`);
    } finally {
      tui.kill("SIGKILL");
    }
  });
});
