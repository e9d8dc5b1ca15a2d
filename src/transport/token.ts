import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isLoopbackHost } from "./url.js";

export const TOKEN_ENV = "LETTA_APP_SERVER_TOKEN";

/** A token file this large is a wrong path (a log, a binary), not a token; refuse before reading it. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

export interface TokenSources {
  /** `--token`: visible in `ps`, which is why `--token-file` exists. */
  token?: string | undefined;
  /** `--token-file`: read and trimmed like the server's own `--ws-token-file`. */
  tokenFile?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The bearer token to send, by precedence: --token, then --token-file, then LETTA_APP_SERVER_TOKEN.
 * Empty values count as absent, so `--token ""` or an exported-but-empty variable falls through.
 * Throws an Error whose message never contains the token or the file's content.
 */
export function resolveToken(sources: TokenSources): string | undefined {
  if (sources.token) return checked(sources.token, "--token");
  if (sources.tokenFile !== undefined) return checked(readTokenFile(sources.tokenFile), `token file ${sources.tokenFile}`);
  const fromEnv = sources.env[TOKEN_ENV];
  return fromEnv ? checked(fromEnv, TOKEN_ENV) : undefined;
}

/**
 * A leading `~/` is the user's home, as a shell would make it: the config file's `tokenFile` and
 * `--token-file=~/x` never pass through a shell that could expand it. `~user/` is left alone.
 */
export function expandHome(file: string, home: string = homedir()): string {
  if (file === "~") return home;
  if (file.startsWith("~/") || (process.platform === "win32" && file.startsWith("~\\"))) return join(home, file.slice(2));
  return file;
}

function readTokenFile(file: string): string {
  if (!file) throw new Error("--token-file needs a path");
  let text: string;
  try {
    const path = expandHome(file);
    const st = statSync(path);
    if (st.isDirectory()) throw new Error(`token file ${file} is a directory`);
    // Only regular files have a meaningful size; pipes such as <(pass show x) report 0.
    if (st.isFile() && st.size > MAX_TOKEN_FILE_BYTES) throw new Error(`token file ${file} is too large to hold a token (${st.size} bytes)`);
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(describeReadError(file, err));
  }
  const token = text.trim();
  if (!token) throw new Error(`token file ${file} is empty`);
  return token;
}

function describeReadError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case undefined:
      // One of our own messages from above.
      return err instanceof Error ? err.message : `cannot read token file ${file}`;
    case "ENOENT":
      return `token file ${file} does not exist`;
    case "EACCES":
    case "EPERM":
      return `cannot read token file ${file}: permission denied`;
    case "EISDIR":
      return `token file ${file} is a directory`;
    default:
      return `cannot read token file ${file} (${code})`;
  }
}

/**
 * The token travels in an HTTP header, where a line break would either be refused by `ws` with a
 * confusing message or split the header; say which source is wrong without echoing the value.
 */
function checked(token: string, source: string): string {
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(token)) {
    throw new Error(`${source} contains a line break or control character; a token must be a single line`);
  }
  return token;
}

/**
 * Refuse to send a bearer token in clear text off this machine unless the user said the network
 * is trusted (PROTOCOL §1.4: the token is the only credential, and plain ws:// exposes it).
 * `url` is the normalised server URL; `what` names the credential (a URL password goes as basic
 * auth, just as readable).
 */
export function checkTokenTransport(url: string, hasToken: boolean, allowInsecure: boolean, what = "a token"): void {
  if (!hasToken || allowInsecure) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // URL errors are reported by whoever normalised it.
  }
  const plain = parsed.protocol === "ws:" || parsed.protocol === "http:";
  if (plain && !isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `${what} over plain ws:// to ${parsed.hostname} can be read by anyone on the network; use wss://, or pass --allow-insecure-token if this network is trusted`,
    );
  }
}
