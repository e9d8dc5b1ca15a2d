import { createWriteStream, openSync, readdirSync, unlinkSync, type WriteStream } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { defaultStateDir, xdgStateHome } from "../paths/stateDir.js";

// Where the transport log's session files go, how one is made (0600, never shared), and the
// pruning of old ones.

type Env = Readonly<Record<string, string | undefined>>;

export const APP = "letta-tui";
export const SESSION_FILE = /^session-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-\d+(?:-\d+)?\.ndjson$/;

/** Where session logs go when --log-file is not given: the platform's per-user state/log place. */
export function defaultLogDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  // macOS keeps logs apart from other state (Console.app reads ~/Library/Logs).
  if (platform === "darwin" && !xdgStateHome(env, platform)) {
    return path.posix.join(env.HOME || homedir(), "Library", "Logs", APP);
  }
  return (platform === "win32" ? path.win32 : path.posix).join(defaultStateDir(env, platform), "logs");
}

export function streamFor(file: string, fd: number): WriteStream {
  return createWriteStream(file, { fd, flags: "a" });
}

/** Opens in this process so far: later logs in the same millisecond get a growing suffix. */
let opened = 0;

/** `wx` so a file is never shared or truncated, even if a dead process had this pid. */
export function createSessionFile(dir: string, at: Date): { file: string; fd: number } {
  const base = `session-${at.toISOString().replace(/[:.]/g, "-")}-${process.pid}`;
  for (let attempt = 0; ; attempt++) {
    const n = opened++;
    const file = path.join(dir, n === 0 ? `${base}.ndjson` : `${base}-${n}.ndjson`);
    try {
      return { file, fd: openSync(file, "wx", 0o600) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw err;
    }
  }
}

/**
 * Names start with a fixed-width UTC timestamp, so name order is age order and a touched or
 * copied file cannot jump the queue. The file just made is never removed, whatever its name. Removal failures are ignored: pruning is housekeeping.
 */
export function prune(dir: string, current: string, keep: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => SESSION_FILE.test(name) && name !== current);
  } catch {
    return;
  }
  // Without the extension and with numeric runs, "x" < "x-1" < "x-2" < "x-10".
  const stem = (name: string) => name.slice(0, -".ndjson".length);
  names.sort((a, b) => stem(b).localeCompare(stem(a), "en", { numeric: true }));
  for (const name of names.slice(keep - 1)) {
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // Another session may have pruned it first.
    }
  }
}

