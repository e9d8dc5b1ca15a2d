import { TransportError } from "./errors.js";

/**
 * Normalise a user-typed server URL the way the official client does (PROTOCOL §1.1):
 * http -> ws, https -> wss, empty path or "/" -> "/ws", and the legacy `channel` parameter
 * removed, because a new server answers it with HTTP 426.
 */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim();
  // Error messages echo what was typed: never with the password it may carry, scheme or not.
  const shown = /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(input) ? redactUrlText(input) : redactUrlText(`://${input}`).slice(3);
  if (!trimmed) throw new TransportError("bad_url", "No server URL given. Pass --url ws://HOST:PORT or set LETTA_APP_SERVER_URL.");
  // Accept "127.0.0.1:4500" as a convenience: a scheme-less host:port is the common typo.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const bareHost = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?(\/\S*)?$/i.test(trimmed);
  if (!hasScheme && !bareHost) {
    throw new TransportError("bad_url", `"${shown}" is not a valid URL. Expected something like ws://127.0.0.1:4500.`);
  }
  const withScheme = hasScheme ? trimmed : `ws://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TransportError("bad_url", `"${shown}" is not a valid URL. Expected something like ws://127.0.0.1:4500.`);
  }
  const schemes: Record<string, string> = { "ws:": "ws:", "wss:": "wss:", "http:": "ws:", "https:": "wss:" };
  const scheme = schemes[url.protocol];
  if (!scheme) {
    throw new TransportError("bad_url", `"${shown}" uses ${url.protocol.replace(/:$/, "")}://; use ws://, wss://, http:// or https://.`);
  }
  if (!url.hostname) throw new TransportError("bad_url", `"${shown}" has no host. Expected something like ws://127.0.0.1:4500.`);
  url.protocol = scheme;
  if (url.pathname === "" || url.pathname === "/") url.pathname = "/ws";
  url.searchParams.delete("channel");
  url.hash = "";
  return url.toString();
}

/** Loopback hosts: the only places a token may travel over plain ws:// without asking. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || h === "::ffff:127.0.0.1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** What a URL's password is shown as: the user sees one was given, never what it is. */
export const PASSWORD_MASK = "***";

/** A server URL split into what may be shown and stored, and the password that may not. */
export interface ServerAddress {
  /** Normalised; a password is replaced by PASSWORD_MASK (`ws://user:***@host/ws`). */
  url: string;
  /** As the URL holds it (percent-encoded); absent when the URL has none. */
  password?: string;
}

/**
 * normalizeServerUrl, then the password taken out: from here on only `url` travels (screen,
 * logs, config file, error messages) and the password is handed to the socket alone, like a token.
 */
export function parseServerAddress(input: string): ServerAddress {
  const url = new URL(normalizeServerUrl(input));
  if (!url.password) return { url: url.toString() };
  const password = url.password;
  url.password = PASSWORD_MASK;
  return { url: url.toString(), password };
}

/** The URL the socket dials: the shown one with the real password put back. */
export function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

/**
 * For the config file: the password (or its mask) left out entirely, so a stored URL neither
 * holds a secret nor sends "***" as one when it is dialled again.
 */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = "";
    return parsed.toString();
  } catch {
    return redactUrlText(url);
  }
}

/**
 * `scheme://user:password@` anywhere in free text (a message, an old log line) shown as
 * `scheme://user:***@`. Anchored at "://" and bounded, so it stays linear on huge text.
 */
// The password part may hold a raw "@" (ws://u:p@ss@host): greedy, it runs to the last one, as URL parsers do.
const USERINFO = /:\/\/([^\s/?#@:"'\\]{0,256}):([^\s/?#"'\\]{1,256})@/g;
export function redactUrlText(text: string): string {
  if (!text.includes("://")) return text;
  return text.replace(USERINFO, (match: string, user: string, pass: string) => (pass === PASSWORD_MASK ? match : `://${user}:${PASSWORD_MASK}@`));
}
