import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeTerminal } from "../fakes/terminal.js";
import { openSession } from "../../src/cli/session.js";
import { SPAWNED_SERVER } from "../../src/cli/registryConfig.js";
import { INSTALL_HINT, spawnLettaServer } from "../../src/cli/spawnServer.js";
import { normalizeServerUrl } from "../../src/transport/url.js";
import { lettaEntry, node22Bin } from "../../scripts/install-letta.mjs";
import { startScriptedModel } from "../../scripts/harness/scripted-model.mjs";
import { LETTA_MODEL, transcript, waitFor } from "./support.js";

/** A stand-in for `letta server --listen`: prints where it listens, ready after FAKE_READY_AFTER_MS (-1: never). */
const FAKE_LETTA = `
const http = require("node:http");
const after = Number(process.env.FAKE_READY_AFTER_MS);
const started = Date.now();
const server = http.createServer((req, res) => {
  const ready = after >= 0 && Date.now() - started >= after;
  res.writeHead(req.url === "/readyz" && ready ? 200 : 503).end(ready ? "ok\\n" : "starting\\n");
});
server.listen(0, "127.0.0.1", () => console.log("Listening on ws://127.0.0.1:" + server.address().port + "/ws"));
`;

// No --url: letta-tui starts `letta server --listen` itself. The project's installed Letta Code
// stands in for the `letta` a user has on PATH, behind a two-line wrapper script.

let model: Awaited<ReturnType<typeof startScriptedModel>>;
let dir: string;
let lettaBin: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  model = await startScriptedModel();
  dir = mkdtempSync(join(tmpdir(), "letta-tui-spawn-"));
  lettaBin = join(dir, "letta");
  writeFileSync(lettaBin, `#!/bin/sh\nexec "${node22Bin()}" "${lettaEntry}" "$@"\n`);
  chmodSync(lettaBin, 0o755);
  env = { PATH: "/usr/bin:/bin", HOME: join(dir, "home"), LANG: "C.UTF-8", LETTA_LOCAL_BACKEND_EXPERIMENTAL: "1", LLAMA_CPP_BASE_URL: model.url };
});
afterAll(async () => {
  await model?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a letta server of our own", () => {
  it("starts, prints its URL, serves a session, and stops with us", async () => {
    const server = await spawnLettaServer({ lettaBin, env, cwd: dir });
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+/);
    const session = await openSession(
      { url: normalizeServerUrl(server.url), attach: { selection: { kind: "new-agent", model: LETTA_MODEL } }, startTimeoutMs: 60_000 },
      "test",
    );
    session.controller.sendMessage("hi [[text:from our own server]]");
    await waitFor("the reply", () => transcript(session).some((i) => i.kind === "assistant" && i.text === "from our own server"));
    expect(server.log().join("\n")).toContain("Listening on");
    await session.close();
    await server.stop();
    const port = new URL(server.url).port;
    const probe = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => "up", () => "down");
    expect(probe).toBe("down");
  });

  it("finds letta on the PATH of the environment it is given, not only on ours", async () => {
    // A stand-in `letta` that prints its URL at once but answers /readyz 503 for 1.5 s, as a
    // real server may while it boots; our own PATH has no letta at all.
    const fakeDir = join(dir, "fake-bin");
    mkdirSync(fakeDir, { recursive: true });
    writeFileSync(join(fakeDir, "letta"), `#!${process.execPath}\n${FAKE_LETTA}`);
    chmodSync(join(fakeDir, "letta"), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = join(dir, "empty");
    let server;
    try {
      server = await spawnLettaServer({ env: { PATH: `${fakeDir}:/usr/bin:/bin`, FAKE_READY_AFTER_MS: "1500" } });
    } finally {
      process.env.PATH = saved;
    }
    try {
      // Resolved only once the server said it is ready, not when it printed its URL.
      const port = new URL(server.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("gives up when /readyz never answers 200, and stops the server", async () => {
    const fake = join(dir, "never-ready");
    writeFileSync(fake, `#!${process.execPath}\n${FAKE_LETTA}`);
    chmodSync(fake, 0o755);
    const started = Date.now();
    const message = await spawnLettaServer({ lettaBin: fake, env: { PATH: "/usr/bin:/bin", FAKE_READY_AFTER_MS: "-1" }, timeoutMs: 2000 }).then(
      () => "resolved",
      (err: Error) => err.message,
    );
    expect(message).toMatch(/ws:\/\/127\.0\.0\.1:\d+\/ws was not ready \(\/readyz\) within 2 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const port = /127\.0\.0\.1:(\d+)/.exec(message)![1];
    await waitFor("the never-ready server stopped, not left running", () => fetch(`http://127.0.0.1:${port}/readyz`).then(() => false, () => true), { timeoutMs: 10_000, everyMs: 100 });
  });

  it("says how to install letta when there is none", async () => {
    await expect(spawnLettaServer({ env: { PATH: dir.replace(/$/, "/empty") } })).rejects.toThrow(INSTALL_HINT);
    const saved = process.env.PATH;
    process.env.PATH = join(dir, "empty");
    let err = "";
    try {
      const code = await main(["--new-agent"], { stdout: fakeTerminal(), stderr: { write: (t: string) => (err += t) } });
      expect(code).toBe(1);
    } finally {
      process.env.PATH = saved;
    }
    expect(err).toContain("letta is not installed");
    expect(err).toContain("--url");
  });
});

describe("letta-tui with no --url, as a person runs it", () => {
  const root = join(import.meta.dirname, "..", "..");
  let build: string;
  beforeAll(() => {
    // The current sources, compiled aside: dist/ may be stale when this file runs alone.
    build = mkdtempSync(join(root, ".cache", "cli-test-build-"));
    spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.build.json"), "--outDir", build], { encoding: "utf8" });
    writeFileSync(join(build, "launch.mjs"), `const { main } = await import("./cli/main.js");\nmain(process.argv.slice(2)).then((code) => process.exit(code));\n`);
    writeFileSync(join(build, "spawn-only.mjs"), `const { spawnLettaServer } = await import("./cli/spawnServer.js");\nspawnLettaServer({ lettaBin: process.argv[2], timeoutMs: 120_000 }).catch(() => undefined);\n`);
  }, 180_000);
  afterAll(() => {
    if (build) rmSync(build, { recursive: true, force: true });
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("a %s while the server starts stops it too", async (signal) => {
    const work = mkdtempSync(join(tmpdir(), "letta-tui-cli-signal-"));
    const pidFile = join(work, "server.pid");
    const fake = join(work, "letta");
    // Never ready, so letta-tui is still waiting for it when the signal comes.
    writeFileSync(fake, `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\n${FAKE_LETTA}`);
    chmodSync(fake, 0o755);
    const launcher = spawn(process.execPath, [join(build, "spawn-only.mjs"), fake], { env: { ...env, FAKE_READY_AFTER_MS: "-1" }, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => launcher.once("exit", (_code, sig) => resolve(sig)));
    try {
      const serverPid = await waitFor("the server started", () => {
        try {
          return Number(readFileSync(pidFile, "utf8"));
        } catch {
          return undefined;
        }
      }, 20_000);
      // No wait: spawnLettaServer installs its signal handlers in the same tick as the spawn,
      // so a server that has written its pid file has a launcher that handles the signal.
      launcher.kill(signal);
      // letta-tui ends by that signal, as it would have without a server to stop...
      expect(await exited).toBe(signal);
      // ...and the server it started is gone with it.
      await waitFor("the server stopped", () => {
        try {
          process.kill(serverPid, 0);
          return false;
        } catch {
          return true;
        }
      }, 5_000);
    } finally {
      launcher.kill("SIGKILL");
      try {
        process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
      } catch {
        // gone, as it should be
      }
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("starts the server, attaches, and stops the server when the user quits", async () => {
    const work = mkdtempSync(join(tmpdir(), "letta-tui-cli-spawn-"));
    const pidFile = join(work, "server.pid");
    const wrapper = join(work, "letta");
    // exec keeps the PID, so the file names the server process itself.
    writeFileSync(wrapper, `#!/bin/sh\necho $$ > "${pidFile}"\nexec "${node22Bin()}" "${lettaEntry}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    const childEnv = { ...env, HOME: join(work, "home"), XDG_CONFIG_HOME: join(work, "config"), XDG_STATE_HOME: join(work, "state"), TERM: "xterm-256color" };
    // script(1) gives the TUI the terminal it needs (raw keys); its stdin is our keyboard.
    const command = [process.execPath, join(build, "launch.mjs"), "--letta-bin", wrapper, "--new-agent", "cli", "--model", LETTA_MODEL]
      .map((a) => `'${a}'`)
      .join(" ");
    const tui = spawn("script", ["-qfec", command, "/dev/null"], { cwd: work, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let screen = "";
    tui.stdout.on("data", (d: Buffer) => (screen += d.toString("utf8")));
    tui.stderr.on("data", (d: Buffer) => (screen += d.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => tui.once("exit", (code) => resolve(code)));
    try {
      await waitFor("the TUI attached to its own server", () => screen.includes("connected") && screen.includes("cli "), 90_000);
      const serverPid = Number(readFileSync(pidFile, "utf8").trim());
      expect(() => process.kill(serverPid, 0)).not.toThrow();
      // Keys reach the TUI only once Ink has put the terminal in raw mode, which can come a
      // little after the first frame; before that the terminal turns Ctrl+C into SIGINT. A
      // typed letter showing up in the input proves raw mode.
      tui.stdin.write("x");
      await waitFor("a key taken by the input line", () => /› x/.test(stripVTControlCharacters(screen)), 10_000);
      // Ctrl+C clears the input, then twice on an empty input quits.
      const beforeClear = screen.length;
      tui.stdin.write("\u0003");
      // The screen is everything the terminal got: look at what came after the key.
      await waitFor("the input cleared", () => stripVTControlCharacters(screen.slice(beforeClear)).includes("Message the agent"), 10_000);
      tui.stdin.write("\u0003");
      await waitFor("armed", () => screen.includes("Press Ctrl+C again to quit"), 10_000);
      tui.stdin.write("\u0003");
      expect(await exited).toBe(0);
      expect(() => process.kill(serverPid, 0)).toThrow();
      const config = JSON.parse(readFileSync(join(work, "config", "letta-tui", "config.json"), "utf8")) as { runtimes: Array<Record<string, string>> };
      expect(config.runtimes).toHaveLength(1);
      expect(config.runtimes[0]).toMatchObject({ serverUrl: SPAWNED_SERVER, agentName: "cli", cwd: realpathSync(work) });
    } finally {
      tui.kill("SIGKILL");
      rmSync(work, { recursive: true, force: true });
    }
  });
});
