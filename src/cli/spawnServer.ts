import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { request } from "node:http";
import { delimiter, join } from "node:path";

// With no --url and no configured server, letta-tui starts its own `letta server --listen` on a
// free loopback port, reads the URL it prints, and stops it on exit (issue 6).

export const INSTALL_HINT =
  "letta is not installed. Install Letta Code (npm install -g @letta-ai/letta-code), pass --letta-bin PATH, or attach to a running server with --url ws://HOST:PORT.";

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface SpawnedServer {
  url: string;
  /** The server's own output, newest last, bounded. */
  log(): string[];
  stop(): Promise<void>;
}

const LOG_LINES = 500;
const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const URL_LINE = /(?:WebSocket|Listening on):?\s+(ws:\/\/\S+)/;

/** One GET of /readyz on the server's own port: true on 200. No Origin header, which gets 403 (PROTOCOL §1.1). */
function isReady(wsUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(wsUrl);
    } catch {
      return resolve(false);
    }
    const req = request({ host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port, path: "/readyz", method: "GET", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

const READY_POLL_MS = 200;

/**
 * Start `letta server --listen` and resolve once it printed where it listens and answers /readyz:
 * the URL line comes before the server can take a session (PROTOCOL §1.6).
 */
export function spawnLettaServer(opts: { lettaBin?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<SpawnedServer> {
  // The PATH of the environment the server will run in, so a caller's env is honoured whole.
  const bin = opts.lettaBin ?? findOnPath("letta", (opts.env ?? process.env).PATH ?? "");
  if (!bin) return Promise.reject(new Error(INSTALL_HINT));
  const lines: string[] = [];
  let partial = "";
  const push = (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  let child: ChildProcess;
  try {
    // Its own process group, so stop() also reaches the tools the server started.
    child = spawn(bin, ["server", "--listen"], { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    return Promise.reject(new Error(`could not start ${bin}: ${err instanceof Error ? err.message : String(err)}`));
  }
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // A quit by any path must not leave the server running: Node emits no "exit" when a signal
  // ends it (Ctrl+C while starting, a closed terminal), so those are caught too, then re-raised.
  const onExit = () => killGroup("SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup("SIGKILL");
    forget();
    process.kill(process.pid, signal);
  };
  const forget = () => {
    process.off("exit", onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  process.once("exit", onExit);
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    forget();
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup("SIGTERM");
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
    if (!done) killGroup("SIGKILL");
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    let url: string | undefined;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      const tail = lines.slice(-5).join(" | ");
      reject(new Error(tail ? `${message} (last output: ${tail})` : message));
    };
    const seconds = Math.round(timeoutMs / 1000);
    const timer = setTimeout(
      () => fail(url ? `${bin} server at ${url} was not ready (/readyz) within ${seconds} s` : `${bin} server --listen printed no URL within ${seconds} s`),
      timeoutMs,
    );
    const waitUntilReady = async (found: string) => {
      while (!settled) {
        if (await isReady(found)) {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ url: found, log: () => [...lines, ...(partial ? [partial] : [])], stop });
          return;
        }
        await new Promise((r) => setTimeout(r, READY_POLL_MS));
      }
    };
    const watch = (d: Buffer) => {
      push(d.toString("utf8"));
      url = lines.map((l) => URL_LINE.exec(l)?.[1]).find(Boolean);
      if (!url) return;
      child.stdout?.off("data", watch);
      child.stdout?.on("data", (more: Buffer) => push(more.toString("utf8")));
      void waitUntilReady(url);
    };
    child.stdout?.on("data", watch);
    child.stderr?.on("data", (d: Buffer) => push(d.toString("utf8")));
    child.once("error", (err) => fail(`could not start ${bin}: ${err.message}`));
    child.once("exit", (code, signal) => fail(`${bin} server exited before it was ready (${signal ?? `exit ${code}`})`));
  });
}
