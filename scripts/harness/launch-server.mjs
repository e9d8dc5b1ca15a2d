#!/usr/bin/env node
/**
 * Starts the real, unmodified Letta Code App Server (`letta server --listen`) against the
 * scripted model, isolated per call (fresh HOME, fresh working dir, clean env), as RECIPE.md §2
 * describes. Integration tests and the demo use this so that no test ever talks to a cloud
 * model or shares agent state or "always allow" rules with another test.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { request, createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLetta, lettaEntry, node22Bin } from "../install-letta.mjs";
import { startScriptedModel } from "./scripted-model.mjs";

/** The model handle the scripted model answers to; agents must be created with it (RECIPE §3). */
export const LETTA_MODEL = "llama.cpp/fake-model";

const READY_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 3_000;
const LOG_LINES = 200;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Asks the OS for a free loopback port; the tiny race until the server binds is retried below. */
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Plain http (not fetch) so no Origin header is ever sent: the server answers 403 to any Origin. */
function httpStatus(url) {
  return new Promise((res) => {
    const req = request(url, { timeout: 1_000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => res(0));
    req.end();
  });
}

/** Keeps only the tail of the server's output so a long-running test cannot grow memory without bound. */
function lineBuffer(max) {
  const lines = [];
  let partial = "";
  return {
    push(chunk) {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
      if (lines.length > max) lines.splice(0, lines.length - max);
    },
    text: () => (partial ? [...lines, partial] : lines).join("\n"),
  };
}

/** Server processes still alive in this process; killed synchronously if the parent exits first. */
const liveGroups = new Set();
let exitHookInstalled = false;
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a group SIGKILL is the only thing that certainly lands.
  process.on("exit", () => {
    for (const pid of liveGroups) killGroup(pid, "SIGKILL");
  });
}

/**
 * A tiny shell that waits for EOF on a pipe from this process. The kernel closes that pipe
 * however we die, SIGKILL included, when no 'exit' handler runs; the shell then kills the
 * server group and removes our temp dirs, so a crashed test run leaves no server behind.
 */
function spawnReaper(pid, dirs) {
  const script = 'read _; kill -TERM -- -"$1" 2>/dev/null; sleep 3; kill -KILL -- -"$1" 2>/dev/null; shift; rm -rf -- "$@"';
  const reaper = spawn("/bin/sh", ["-c", script, "letta-tui-reaper", String(pid), ...dirs], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  reaper.on("error", () => {}); // best effort: without /bin/sh only the 'exit' hook remains
  reaper.unref();
  reaper.stdin?.on("error", () => {});
  reaper.stdin?.unref?.();
  return reaper;
}

function spawnServer({ port, env, cwd, logs, args = [], ownDirs }) {
  const child = spawn(node22Bin(), [lettaEntry, "server", "--listen", `ws://127.0.0.1:${port}`, ...args], {
    cwd,
    env,
    detached: true, // own process group, so stop() also reaches the tools the server spawned
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.setEncoding("utf8").on("data", (d) => logs.push(d));
  child.stderr.setEncoding("utf8").on("data", (d) => logs.push(d));
  // A failed spawn emits 'error' and possibly never 'exit'; either one ends the wait for /readyz.
  const exited = new Promise((r) => {
    child.once("exit", (code, signal) => r({ code, signal }));
    child.once("error", (err) => {
      logs.push(`\n[launch-server] spawn failed: ${err.message}\n`);
      r({ code: null, signal: null });
    });
  });
  if (child.pid) liveGroups.add(child.pid);
  exited.then(() => liveGroups.delete(child.pid));
  const reaper = child.pid ? spawnReaper(child.pid, ownDirs) : null;
  return { child, exited, reaper };
}

async function waitReady(httpUrl, exited) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exit = null;
  exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) return { ok: false, exit };
    if ((await httpStatus(`${httpUrl}/readyz`)) === 200) return { ok: true };
    await sleep(100);
  }
  return { ok: false, timeout: true };
}

async function terminate({ child, exited, reaper }) {
  if (reaper?.pid && reaper.exitCode === null) reaper.kill("SIGKILL"); // we clean up ourselves now
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) {
    if (child.pid) killGroup(child.pid, "SIGKILL"); // stragglers of an already-dead leader
    return;
  }
  killGroup(child.pid, "SIGTERM");
  killGroup(child.pid, "SIGCONT"); // a frozen server (freeze()) must wake to see the SIGTERM
  const done = await Promise.race([exited.then(() => true), sleep(KILL_GRACE_MS).then(() => false)]);
  killGroup(child.pid, "SIGKILL");
  if (!done) await Promise.race([exited, sleep(1_000)]);
}

/**
 * Starts the scripted model and a Letta App Server wired to it, resolving once /readyz is 200.
 * `opts.cwd` reuses a caller's working dir (kept on stop); `opts.env` is added to the clean env;
 * `opts.args` are extra `letta server` flags (e.g. `--ws-auth capability-token`); `opts.vision`
 * makes the scripted model take images.
 */
export async function startLettaServer({ env: extraEnv = {}, cwd, args = [], vision = false } = {}) {
  ensureLetta();
  installExitHook();
  const model = await startScriptedModel({ vision });
  const home = realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-home-")));
  const ownWorkDir = !cwd;
  const workDir = cwd ? resolve(cwd) : realpathSync(mkdtempSync(join(tmpdir(), "letta-tui-work-")));
  const logs = lineBuffer(LOG_LINES);
  const node = node22Bin();
  // env -i style: nothing from the developer's shell (API keys, LETTA_* settings) may leak in.
  const env = {
    PATH: [dirname(node), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: home,
    SHELL: "/bin/bash",
    LANG: "C.UTF-8",
    LETTA_LOCAL_BACKEND_EXPERIMENTAL: "1",
    LLAMA_CPP_BASE_URL: model.url,
    ...extraEnv,
  };

  // A process of the server's group may still write its files for a moment after the SIGKILL
  // (Letta Code's background reflection after many turns: ENOTEMPTY on ~/.letta in a CI run):
  // rmSync tries again on ENOTEMPTY and EBUSY rather than failing the caller's teardown.
  const removeDir = (dir) => rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  const cleanupDirs = () => {
    removeDir(home);
    if (ownWorkDir) removeDir(workDir);
  };

  let started = null;
  const ownDirs = ownWorkDir ? [home, workDir] : [home];
  let port = 0;
  let failure = "";
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    port = await freePort();
    const httpUrl = `http://127.0.0.1:${port}`;
    const proc = spawnServer({ port, env, cwd: workDir, logs, args, ownDirs });
    const ready = await waitReady(httpUrl, proc.exited);
    if (ready.ok) {
      started = proc;
      break;
    }
    await terminate(proc);
    failure = ready.timeout
      ? `not ready after ${READY_TIMEOUT_MS} ms`
      : `exited early (code ${ready.exit.code}, signal ${ready.exit.signal})`;
    if (!/EADDRINUSE/.test(logs.text())) break; // only a lost port race is worth another try
  }
  if (!started) {
    await model.close();
    cleanupDirs();
    throw new Error(`Letta server ${failure}\n--- server output ---\n${logs.text()}`);
  }

  let stopping = null;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    port,
    home,
    workDir,
    model,
    logs: () => logs.text(),
    /** SIGKILL the server (and its tools) as a crash would; HOME, cwd and the model stay. */
    async crash() {
      if (started.reaper?.pid && started.reaper.exitCode === null) started.reaper.kill("SIGKILL");
      if (started.child.pid) killGroup(started.child.pid, "SIGKILL");
      await started.exited;
    },
    /** SIGSTOP the server (and its tools): a frozen peer whose sockets stay open but silent. */
    freeze() {
      if (started.child.pid) killGroup(started.child.pid, "SIGSTOP");
    },
    /** SIGCONT after freeze(): the server resumes with whatever its sockets buffered meanwhile. */
    thaw() {
      if (started.child.pid) killGroup(started.child.pid, "SIGCONT");
    },
    /** Start the server again on the same port with the same HOME, as a user would after a crash. */
    async restart() {
      const proc = spawnServer({ port, env, cwd: workDir, logs, args, ownDirs });
      const ready = await waitReady(`http://127.0.0.1:${port}`, proc.exited, logs);
      if (!ready.ok) {
        await terminate(proc);
        throw new Error(`Letta server did not restart on port ${port}\n--- server output ---\n${logs.text()}`);
      }
      started = proc;
    },
    stop() {
      stopping ??= (async () => {
        await terminate(started);
        await model.close();
        cleanupDirs();
      })();
      return stopping;
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startLettaServer();
  process.stdout.write(`url=${server.url}\nworkdir=${server.workDir}\nhome=${server.home}\nmodel=${server.model.url}\n`);
  const shutdown = () => server.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
