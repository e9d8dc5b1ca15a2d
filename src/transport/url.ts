import { TransportError } from "./errors.js";

/**
 * Normalise a user-typed server URL the way the official client does (PROTOCOL §1.1):
 * http -> ws, https -> wss, empty path or "/" -> "/ws", and the legacy `channel` parameter
 * removed, because a new server answers it with HTTP 426.
 */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new TransportError("bad_url", "No server URL given. Pass --url ws://HOST:PORT or set LETTA_APP_SERVER_URL.");
  // Accept "127.0.0.1:4500" as a convenience: a scheme-less host:port is the common typo.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const bareHost = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?(\/\S*)?$/i.test(trimmed);
  if (!hasScheme && !bareHost) {
    throw new TransportError("bad_url", `"${input}" is not a valid URL. Expected something like ws://127.0.0.1:4500.`);
  }
  const withScheme = hasScheme ? trimmed : `ws://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TransportError("bad_url", `"${input}" is not a valid URL. Expected something like ws://127.0.0.1:4500.`);
  }
  const schemes: Record<string, string> = { "ws:": "ws:", "wss:": "wss:", "http:": "ws:", "https:": "wss:" };
  const scheme = schemes[url.protocol];
  if (!scheme) {
    throw new TransportError("bad_url", `"${input}" uses ${url.protocol.replace(/:$/, "")}://; use ws://, wss://, http:// or https://.`);
  }
  if (!url.hostname) throw new TransportError("bad_url", `"${input}" has no host. Expected something like ws://127.0.0.1:4500.`);
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
