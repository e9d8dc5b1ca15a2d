/**
 * Reconnect schedule: 1 s, 2 s, 4 s … capped at 30 s, for up to 5 minutes in all; after that
 * the client goes offline and waits for the user. The same numbers a Letta runtime uses when it
 * dials a relay (PROTOCOL §1.5), so both sides give up at about the same time.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, giveUpAfterMs: 5 * 60_000 };

/** Delay before attempt `attempt` (1-based). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = policy.initialMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, exp);
}

/** Whether another attempt may start `elapsedMs` after the connection was lost. */
export function shouldKeepTrying(elapsedMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): boolean {
  return elapsedMs < policy.giveUpAfterMs;
}
