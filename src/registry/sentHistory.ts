import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { redactUrlText, withoutPassword } from "../transport/url.js";
import { defaultStateDir } from "./stateDir.js";

/** What the input line needs from the sent-message history: the list for ↑/↓, and a way to add. */
export interface SentHistory {
  /** Oldest first. */
  entries(): readonly string[];
  push(text: string): void;
}

/** Entries kept per server, in memory and on disk; the oldest fall off. */
export const MAX_ENTRIES = 500;
/**
 * Longer messages (a pasted file) are recalled in this session but not written: each send
 * rewrites the whole file, and 500 entries at this cap are already 2 MiB (about 18 ms a send on
 * a loaded 2-core machine; at 16 KiB it was 80 ms, a visible hitch on Enter).
 */
export const MAX_ENTRY_CHARS = 4 * 1024;

const HistoryFileSchema = z.object({
  version: z.literal(1),
  server: z.string(),
  // Element by element below: one odd entry costs that entry, not the file.
  entries: z.array(z.unknown()),
});

/**
 * `list` with `text` added as a person would expect ↑ to find it: no blanks, no repeats in a
 * row. The same array when nothing is added.
 */
export function appended(list: readonly string[], text: string, max = MAX_ENTRIES): readonly string[] {
  if (!text.trim() || list.at(-1) === text) return list;
  return [...list, text].slice(-max);
}

/** The history kept for this session only: the fallback when nothing is to be written. */
export function memoryHistory(max = MAX_ENTRIES): SentHistory {
  let list: readonly string[] = [];
  return {
    entries: () => list,
    push: (text) => void (list = appended(list, text, max)),
  };
}

/**
 * The key a server's history is filed under: its URL without the password (never on disk), so
 * `ws://u:secret@host` and `ws://u:other@host` share one history, as they are one server.
 */
export function serverKey(url: string): string {
  return redactUrlText(withoutPassword(url));
}

/** One file per server, named by a hash: a URL is not a safe file name on every platform. */
export function historyFile(dir: string, server: string): string {
  const hash = createHash("sha256").update(serverKey(server)).digest("hex").slice(0, 24);
  return path.join(dir, `${hash}.json`);
}

export type LoadResult =
  | { kind: "missing" }
  | { kind: "loaded"; entries: readonly string[] }
  /** Not what this program writes: the caller moves it aside rather than overwrite it. */
  | { kind: "broken"; reason: string };

/** Read one server's file. Throws only when it cannot be read at all (permissions, a directory). */
export function loadHistory(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: "broken", reason: `not valid JSON (${messageOf(err)})` };
  }
  const parsed = HistoryFileSchema.safeParse(json);
  if (!parsed.success) return { kind: "broken", reason: "not a letta-tui history file" };
  const entries = parsed.data.entries.filter((e): e is string => typeof e === "string" && storable(e));
  return { kind: "loaded", entries: entries.slice(-MAX_ENTRIES) };
}

/**
 * Write one server's file whole: a temporary file beside it, then a rename, so a crash or a full
 * disk leaves the old file or the new one, never half of one. Throws what went wrong.
 */
export function saveHistory(file: string, server: string, entries: readonly string[]): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body = `${JSON.stringify({ version: 1, server: serverKey(server), entries: entries.filter((e) => storable(e)).slice(-MAX_ENTRIES) })}\n`;
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, body, { mode: 0o600, flag: "wx" });
    // The mode given at creation passes through the umask; the file must be the user's alone.
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw err;
  }
}

/**
 * What may be written: not too long, and no secret in it. A message holding the token or a URL
 * password is recalled in this session only, so no file ever holds one.
 */
function storable(text: string, secrets: readonly string[] = []): boolean {
  if (text.length > MAX_ENTRY_CHARS || !text.trim()) return false;
  if (redactUrlText(text) !== text) return false;
  return !secrets.some((s) => s && text.includes(s));
}

export interface SentHistoryOptions {
  /** The server's URL (or the name of a server letta-tui started); its password is never used. */
  server: string;
  /** Folder of the per-server files; defaults to `history` in the state directory. */
  dir?: string;
  /** Strings that must never reach the disk (the token, the URL password). */
  secrets?: readonly (string | undefined)[];
  /** Told each problem once, as one line: the history then lives in memory for this session. */
  onWarning?: (message: string) => void;
}

export function defaultHistoryDir(): string {
  return path.join(defaultStateDir(), "history");
}

/**
 * Sent messages of one server, kept across sessions. Nothing here throws: a file or folder that
 * cannot be used is said once, and the session's own messages are still recalled.
 */
export class SentHistoryFile implements SentHistory {
  private list: readonly string[];
  /** False once the file is known not to be ours to write (unreadable, or broken and stuck). */
  private writable = true;
  private warnedWrite = false;

  private constructor(
    readonly path: string,
    private readonly opts: SentHistoryOptions,
  ) {
    this.list = [];
  }

  static open(opts: SentHistoryOptions): SentHistoryFile {
    const history = new SentHistoryFile(historyFile(opts.dir ?? defaultHistoryDir(), opts.server), opts);
    history.list = history.read() ?? [];
    return history;
  }

  entries(): readonly string[] {
    return this.list;
  }

  push(text: string): void {
    const before = this.list;
    this.list = appended(before, text);
    if (this.list === before || !this.writable || !storable(text, this.secrets())) return;
    // Reread before writing, so two letta-tui sessions on one server add to the file instead
    // of the last one to send overwriting the other's messages.
    const onDisk = this.read();
    if (onDisk === undefined) return;
    try {
      saveHistory(this.path, this.opts.server, appended(onDisk, text));
      this.warnedWrite = false;
    } catch (err) {
      // Said once; a later save that works (space freed) makes the next failure worth saying.
      if (this.warnedWrite) return;
      this.warnedWrite = true;
      this.warn(`cannot save the sent-message history to ${this.path} (${messageOf(err)}); messages are recalled in this session only`);
    }
  }

  /**
   * The entries on disk (none when there is no file yet), or undefined when the file is not
   * ours to write: then this session keeps its history in memory.
   */
  private read(): readonly string[] | undefined {
    let loaded: LoadResult;
    try {
      loaded = loadHistory(this.path);
    } catch (err) {
      return this.stop(`cannot read the sent-message history ${this.path} (${messageOf(err)}); messages are recalled in this session only`);
    }
    if (loaded.kind === "loaded") return loaded.entries;
    if (loaded.kind === "missing") return [];
    const aside = `${this.path}.broken-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    try {
      renameSync(this.path, aside);
    } catch (err) {
      // Could not move it, so a save would destroy it: leave it for the user.
      return this.stop(`${this.path} is ${loaded.reason} and could not be moved aside (${messageOf(err)}); messages are recalled in this session only`);
    }
    this.warn(`${this.path} was ${loaded.reason}; moved it to ${aside} and started an empty history`);
    return [];
  }

  private stop(message: string): undefined {
    this.writable = false;
    this.warn(message);
    return undefined;
  }

  private warn(message: string): void {
    this.opts.onWarning?.(message);
  }

  private secrets(): string[] {
    return (this.opts.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length > 0);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
