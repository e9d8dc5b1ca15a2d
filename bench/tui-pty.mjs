// The real program as a user starts it: bin/letta-tui.js on a pseudo-terminal (util-linux
// `script` makes one; the program refuses a stdout that is not a terminal), in a scratch HOME.
// Used by the start-up and idle-CPU topics.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLettaServer } from "../scripts/harness/launch-server.mjs";
import { startFloodServer } from "./flood-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = join(root, "bin", "letta-tui.js");

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

/** A fresh scratch HOME (config, state, logs), removed by the caller. */
function scratchHome() {
  return mkdtempSync(join(tmpdir(), "letta-tui-bench-"));
}

/** CPU time (user + system) a process has used, in seconds, from /proc (Linux). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in ticks (CLK_TCK 100)
}

/**
 * Runs `node ARGV...` on a 100×30 pseudo-terminal. Times are ms since the spawn. `home` keeps
 * the config and state between runs (the agent that ran last, say).
 */
export function onPty(argv, { home }) {
  const cmd = `stty cols 100 rows 30; exec ${[process.execPath, ...argv].map(quote).join(" ")}`;
  const t0 = performance.now();
  const env = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, "state"), XDG_CONFIG_HOME: join(home, "config"), SHELL: "/bin/sh", TERM: "xterm-256color" };
  delete env.CI; // the program is meant for a person at a terminal here
  // stdin stays an open pipe: `script` ends the session when its input ends.
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"], env });
  let out = "";
  let bytes = 0;
  let firstAt = null;
  let exited = null;
  const waiters = new Set();
  const check = () => {
    for (const w of waiters) if (w.re.test(out)) w.done(performance.now() - t0);
  };
  child.stdout.on("data", (d) => {
    if (firstAt === null) firstAt = performance.now() - t0;
    bytes += d.length;
    out = (out + d.toString("utf8")).slice(-20_000);
    check();
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise((r) => {
    // No `script` (util-linux) on this machine: say so rather than hang or throw a trace.
    child.on("error", (err) => {
      exited = { code: null, signal: null };
      for (const w of waiters) w.fail(`cannot run util-linux \`script\` for a pseudo-terminal: ${err.message}`);
      r(exited);
    });
    child.on("close", (code, signal) => {
      exited = { code, signal };
      for (const w of waiters) w.fail(`the program ended (${signal ?? code})`);
      r(exited);
    });
  });
  return {
    firstOutputMs: () => firstAt,
    bytes: () => bytes,
    screen: () => out,
    /** The program's own pid: `script` runs sh, which execs node in its place. */
    programPid() {
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/).map(Number);
      return kids.find((k) => readFileSync(`/proc/${k}/comm`, "utf8").trim() === "node") ?? null;
    },
    /** ms since the spawn when the output first matched `re`; rejects after `timeoutMs` or
     *  when the program ends first. */
    waitFor(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const w = { re };
        const settle = (fn) => (value) => {
          clearTimeout(w.timer);
          waiters.delete(w);
          fn(value);
        };
        w.done = settle(resolve);
        w.fail = settle((why) => reject(new Error(`${re} never on screen: ${why}; last output ${JSON.stringify(out.slice(-300) + stderr.slice(-300))}`)));
        w.timer = setTimeout(() => w.fail(`waited ${timeoutMs} ms`), timeoutMs);
        waiters.add(w);
        check();
        if (exited) w.fail(`the program ended (${exited.signal ?? exited.code})`);
      });
    },
    exited: () => exited,
    /** Ctrl+C twice (the program asks to confirm), then the end; a kill if it will not go. */
    async quit() {
      if (!exited) {
        child.stdin.write("\u0003");
        await new Promise((r) => setTimeout(r, 100));
        child.stdin.write("\u0003");
      }
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** letta-tui itself on the pty. */
export function tuiOnPty(args, opts) {
  return onPty([BIN, ...args], opts);
}

/**
 * Runs `fn({ home, impostor, real })` with a scratch HOME, the flood server's impostor (answers
 * at once: the program's own cost) and, unless `quick`, the real App Server with the scripted
 * model (null when quick); stops them all after.
 */
export async function withServers(quick, fn) {
  const home = scratchHome();
  const impostor = await startFloodServer();
  let real = null;
  try {
    real = quick ? null : await startLettaServer();
    return await fn({ home, impostor, real });
  } finally {
    await real?.stop();
    await impostor.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The arguments that attach to the impostor's one runtime. */
export const impostorArgs = (impostor) => ["--url", impostor.url, "--agent", "agent-flood", "--conversation", "conv-flood"];
