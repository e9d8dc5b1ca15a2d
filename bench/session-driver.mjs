// Runs the real program (bench/session-child.mjs) against the flood server and samples it.
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFloodServer } from "./flood-server.mjs";

const MB = 1024 * 1024;

/** Resident and peak resident set of a process, in MB, from /proc (Linux). */
export function rss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
    return { rss: Math.round(kb("VmRSS")), peak: Math.round(kb("VmHWM")) };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start the flood server and the program attached to it; `heapMb` caps its V8 heap. */
export async function startSession({ heapMb, nodeArgs = [] } = {}) {
  const server = await startFloodServer();
  const home = mkdtempSync(join(tmpdir(), "letta-tui-bench-"));
  const execArgv = ["--expose-gc", ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), ...nodeArgs];
  const child = fork(new URL("./session-child.mjs", import.meta.url), [server.url], {
    execArgv,
    stdio: ["pipe", "ignore", "pipe", "ipc"],
    // React production build, as bin/letta-tui.js picks it, also when a module runs on its own.
    env: { NODE_ENV: "production", ...process.env, HOME: home, XDG_STATE_HOME: join(home, "state"), XDG_CONFIG_HOME: join(home, "config") },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let exit = null;
  child.on("exit", (code, signal) => (exit = { code, signal }));
  await server.attached();
  const ask = (msg) =>
    new Promise((resolve) => {
      if (exit) return resolve(null);
      const died = () => resolve(null);
      child.once("exit", died);
      child.once("message", (m) => {
        child.off("exit", died);
        resolve(m);
      });
      child.send(msg);
    });
  return {
    server,
    pid: child.pid,
    exited: () => exit,
    stderr: () => stderr,
    send: (msg) => void (exit || child.send(msg)),
    stats: () => ask("stats"),
    /** The paced flood's markers as they reached the screen: [index, Date.now()] pairs. */
    seen: async () => (await ask("seen"))?.seen ?? null,
    /** Waits until the screen shows `text` (one of them, if an array: the program has caught
     *  up), or the child died. */
    async waitForScreen(text, timeoutMs = 120_000) {
      const texts = Array.isArray(text) ? text : [text];
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const s = await ask("stats");
        if (!s) return false;
        if (texts.some((t) => s.tail.includes(t))) return true;
        await sleep(200);
      }
      return false;
    },
    async close() {
      if (!exit) child.send("quit");
      await new Promise((r) => (exit ? r() : child.once("exit", r)));
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export { MB };
