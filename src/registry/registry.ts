import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import Conf from "conf";
import { defaultConfigDir } from "../direct/token.js";
import { withoutPassword } from "../transport/url.js";
import {
  parseRegistryFile,
  RuntimeEntrySchema,
  type NotifySettings,
  type RegistryFile,
  type RuntimeEntry,
  type ServerEntry,
  type ToolEntry,
} from "./schema.js";

/** How many runtimes the file remembers; older ones fall off when a new one is recorded. */
export const MAX_RUNTIMES = 50;

export interface RegistryOptions {
  /** The directory of config.json; the platform's config directory when absent (tests set it). */
  cwd?: string;
}

/** What `recordRuntime` needs; `lastStarted` is stamped by the registry. */
export type RuntimeRecord = Omit<RuntimeEntry, "lastStarted">;

type Stored = Record<string, unknown>;

/** A file conf could not parse, kept distinct so `open` can tell it from an unreadable one. */
class BrokenFileError extends Error {
  override name = "BrokenFileError";
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameRuntime(a: RuntimeRecord, b: RuntimeRecord): boolean {
  return a.serverUrl === b.serverUrl && a.agentId === b.agentId && a.conversationId === b.conversationId;
}

const emptyFile = (): RegistryFile => ({ servers: [], runtimes: [], tools: [] });

const OPTIONAL_RUNTIME_FIELDS = ["cwd", "name", "role", "agentName"] as const;

/** The new record, with the optional fields it leaves out taken from the old one. */
function mergeRuntime(old: RuntimeEntry | undefined, fresh: RuntimeEntry): RuntimeEntry {
  const entry: RuntimeEntry = { ...fresh };
  for (const field of OPTIONAL_RUNTIME_FIELDS) {
    const value = fresh[field] ?? old?.[field];
    // Absent rather than undefined, so the JSON on disk has no holes to reread.
    if (value !== undefined) entry[field] = value;
    else delete entry[field];
  }
  return entry;
}

/** Where the file lives; shared by the store and the path probe below. */
function where(opts: RegistryOptions) {
  // Without projectSuffix conf appends "-nodejs" to the directory name.
  return { projectName: "letta-tui", projectSuffix: "", ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) };
}

/**
 * The config path when conf could not open it. Only conf knows the platform's config directory,
 * so ask it for a sibling that does not exist: opening that reads nothing and writes nothing.
 */
function configPathAfterFailure(opts: RegistryOptions): string {
  try {
    return join(dirname(new Conf({ ...where(opts), configName: "config-path-probe" }).path), "config.json");
  } catch {
    return opts.cwd !== undefined ? join(opts.cwd, "config.json") : "config.json";
  }
}

/** Newest first; the sort is stable, so equal stamps keep the order they were recorded in. */
function byRecency(list: RuntimeEntry[]): RuntimeEntry[] {
  return [...list].sort((a, b) => Date.parse(b.lastStarted) - Date.parse(a.lastStarted));
}

/**
 * The user's own file of servers, recent runtimes and client-side tools. Only the `runtimes`
 * list is ever written, and only by replacing that one key: conf rereads the file before each
 * write, so the hand-edited parts (servers with their tokens, tools, unknown keys) pass through
 * untouched and a token is never written that the user did not put there.
 */
export class Registry {
  /** Everything that went wrong reading or writing, oldest first, for the UI to show once. */
  readonly warnings: string[] = [];
  private file: RegistryFile;

  private constructor(
    /** Null when the file could not be read: the registry then lives in memory and never writes. */
    private readonly conf: Conf<Stored> | null,
    readonly path: string,
    file: RegistryFile,
    warnings: readonly string[],
  ) {
    this.file = file;
    this.warnings.push(...warnings);
  }

  /** One line for a status bar, or undefined when all is well. */
  get warning(): string | undefined {
    return this.warnings.length > 0 ? this.warnings.join("; ") : undefined;
  }

  static open(opts: RegistryOptions = {}): Registry {
    // While opening, a file that is not JSON reads as empty so conf can start; `open` then moves it
    // aside. Afterwards it throws, so a file broken behind our back fails a write instead of being
    // overwritten by it.
    let opening = true;
    let brokenReason: string | undefined;
    const deserialize = (text: string): Stored => {
      let value: unknown;
      let reason: string;
      try {
        value = JSON.parse(text);
        if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Stored;
        reason = "not a JSON object";
      } catch (err) {
        reason = `not valid JSON (${errorText(err)})`;
      }
      if (!opening) throw new BrokenFileError(reason);
      brokenReason = reason;
      return {};
    };
    let conf: Conf<Stored>;
    try {
      // conf makes its directory world-readable (0755) on the first read; made here first, it is
      // the user's alone, like the file. An existing directory is left as it is.
      mkdirSync(opts.cwd ?? defaultConfigDir(), { recursive: true, mode: 0o700 });
    } catch {
      // conf reports what is wrong with the place just below.
    }
    try {
      conf = new Conf<Stored>({ ...where(opts), configFileMode: 0o600, deserialize });
    } catch (err) {
      // Unreadable (permissions, a directory in the way): leave it alone, it is not ours to move.
      const path = configPathAfterFailure(opts);
      return new Registry(null, path, emptyFile(), [`cannot read ${path} (${errorText(err)}); nothing will be saved this session`]);
    }
    opening = false;
    if (brokenReason !== undefined) {
      const aside = `${conf.path}.broken-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      try {
        renameSync(conf.path, aside);
      } catch (err) {
        // Could not move it, so a write would destroy it: stay in memory only.
        const why = `${conf.path} is ${brokenReason} and could not be moved aside (${errorText(err)}); nothing will be saved`;
        return new Registry(null, conf.path, emptyFile(), [why]);
      }
      return new Registry(conf, conf.path, emptyFile(), [`${conf.path} is ${brokenReason}; moved it to ${aside} and started empty`]);
    }
    const parsed = parseRegistryFile(conf.store);
    const file = { ...parsed.file, runtimes: byRecency(parsed.file.runtimes) };
    return new Registry(conf, conf.path, file, parsed.warnings.map((w) => `${conf.path}: ${w}`));
  }

  servers(): readonly ServerEntry[] {
    return this.file.servers;
  }

  /** The first server in the file: the one to use when neither --url nor the environment names one. */
  defaultServer(): ServerEntry | undefined {
    return this.file.servers[0];
  }

  /** The file's notify settings (empty when it has none). */
  notify(): NotifySettings {
    return this.file.notify ?? {};
  }

  tools(): readonly ToolEntry[] {
    return this.file.tools;
  }

  /** Newest first. */
  recentRuntimes(limit = 20): readonly RuntimeEntry[] {
    return this.file.runtimes.slice(0, Math.max(0, limit));
  }

  /**
   * Remember that a runtime was started or resumed now. Fields left out keep their old value, so
   * resuming without --cwd does not forget the directory. Returns false (and adds a warning) when
   * the file could not be written; the in-memory list is updated either way.
   */
  recordRuntime(record: RuntimeRecord, now: Date = new Date()): boolean {
    // Parsing strips anything the caller's object carries beyond the schema (a token, say); a
    // URL password (even masked) is left out, so the file never holds one.
    const fresh = RuntimeEntrySchema.safeParse({ ...record, serverUrl: withoutPassword(record.serverUrl), lastStarted: now.toISOString() });
    if (!fresh.success) {
      this.warnings.push(`runtime not recorded: ${fresh.error.issues[0]?.message ?? "invalid"}`);
      return false;
    }
    const upsert = (stored: readonly RuntimeEntry[]): RuntimeEntry[] => {
      // Entries an older letta-tui wrote with a password lose it on this write.
      const list = stored.map((r) => ({ ...r, serverUrl: withoutPassword(r.serverUrl) }));
      const entry = mergeRuntime(list.find((r) => sameRuntime(r, fresh.data)), fresh.data);
      return byRecency([entry, ...list.filter((r) => !sameRuntime(r, fresh.data))]).slice(0, MAX_RUNTIMES);
    };
    this.file = { ...this.file, runtimes: upsert(this.file.runtimes) };
    if (!this.conf) return false;
    try {
      // Reread so another letta-tui's recent runtimes are merged, not overwritten.
      const onDisk = parseRegistryFile({ runtimes: this.conf.get("runtimes") }).file.runtimes;
      const merged = upsert(onDisk);
      this.conf.set("runtimes", merged);
      this.file = { ...this.file, runtimes: merged };
      return true;
    } catch (err) {
      this.warnings.push(`could not save ${this.path}: ${errorText(err)}`);
      return false;
    }
  }
}
