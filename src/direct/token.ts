import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

const APP = "letta-tui";
const TOKEN_FILE = "direct-token";

type Env = Readonly<Record<string, string | undefined>>;

export interface TokenOptions {
  /** Directory for the generated token file; defaults to defaultConfigDir(). For tests. */
  dir?: string;
  env?: Env;
  platform?: NodeJS.Platform;
}

export interface LoadedToken {
  token: string;
  file: string;
  /** True when this call generated the token (the user must hand it to each runtime). */
  created: boolean;
}

/**
 * The directory conf keeps config.json in (env-paths' "config" rules), for when the registry
 * cannot say; the token file sits next to config.json so the README names one place.
 */
export function defaultConfigDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  const home = env.HOME || (platform === "win32" ? env.USERPROFILE : undefined) || homedir();
  if (platform === "darwin") return p.join(home, "Library", "Preferences", APP);
  if (platform === "win32") return p.join(env.APPDATA || p.join(home, "AppData", "Roaming"), APP, "Config");
  return p.join(env.XDG_CONFIG_HOME || p.join(home, ".config"), APP);
}

/**
 * The shared secret runtimes present as LETTA_API_KEY. A file the user names is only read (it is
 * theirs to manage); otherwise one is generated once and kept, so runtimes started earlier keep
 * working across letta-tui restarts.
 */
export function loadOrCreateToken(file?: string, opts: TokenOptions = {}): LoadedToken {
  if (file !== undefined) return { token: readToken(file), file, created: false };
  const dir = opts.dir ?? defaultConfigDir(opts.env, opts.platform);
  const target = path.join(dir, TOKEN_FILE);
  try {
    return { token: readToken(target), file: target, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("hex");
  try {
    // "wx": two letta-tui started at once must not overwrite each other's token.
    writeFileSync(target, `${token}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return { token: readToken(target), file: target, created: false };
    throw err;
  }
  // The mode argument is filtered by the umask; the secret must be owner-only regardless.
  chmodSync(target, 0o600);
  return { token, file: target, created: true };
}

function readToken(file: string): string {
  const token = readFileSync(file, "utf8").trim();
  if (!token) throw new Error(`the token file ${file} is empty`);
  return token;
}

/**
 * Constant-time check of an `Authorization: Bearer …` header. Comparing fixed-size digests means
 * neither the content nor the length of the token leaks through timing.
 */
export function bearerMatches(expected: string, header: string | undefined): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  const given = match?.[1]?.trim() ?? "";
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

/**
 * What a user runs on another machine to dial in. `letta server` without --listen is the same
 * as `letta remote` (issue 7). Letta Code 0.32.18 refuses to register with any LETTA_BASE_URL
 * that is not Letta cloud unless IGNORE_SELF_HOSTED_LISTENER_ERROR=1 ("Self-hosted listener
 * registration is not available", exit 1; RECIPE §7). `--backend local` keeps agents on that
 * machine: the default backend would look for them at LETTA_BASE_URL, which serves no agents.
 * Values are shell-quoted because env names may contain spaces.
 */
export function runtimeCommand(baseUrl: string, token: string, envName: string): string {
  return (
    `LETTA_BASE_URL=${shellQuote(baseUrl)} IGNORE_SELF_HOSTED_LISTENER_ERROR=1 LETTA_API_KEY=${shellQuote(token)} ` +
    `letta server --env-name ${shellQuote(envName)} --backend local`
  );
}

export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
