/** Why a connection or request failed, in words a user can act on (never a stack trace). */
export type TransportErrorCode =
  | "bad_url"
  | "unreachable"
  | "http_status"
  | "timeout"
  | "closed"
  | "rejected";

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/** Upgrade refusals, mapped to what the user should do about them (PROTOCOL §1.4, §1.7). */
export function describeHttpRefusal(url: string, status: number, reason: string): string {
  const why = reason ? `: ${reason}` : "";
  switch (status) {
    case 401:
      return `${url} refused the credentials (HTTP 401${why}). Pass a valid token with --token or LETTA_APP_SERVER_TOKEN.`;
    case 403:
      return `${url} refused the connection (HTTP 403 Forbidden${why}). The server rejects this client; check its --ws-auth settings.`;
    case 404:
      return `${url} has no App Server WebSocket at that path (HTTP 404). The App Server listens on /ws.`;
    case 426:
      return `${url} refused the upgrade (HTTP 426 Upgrade Required${why}). It does not speak this protocol on that URL.`;
    default:
      return `${url} answered HTTP ${status}${why} instead of opening a WebSocket. Is it a Letta Code App Server?`;
  }
}
