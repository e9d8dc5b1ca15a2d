/**
 * Reconnect schedule: 1 s, 2 s, 4 s … capped at 30 s, for up to 5 minutes in all; after that
 * the client goes offline and waits for the user. The same numbers a Letta runtime uses when it
 * dials a relay (PROTOCOL §1.5), so both sides give up at about the same time.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  giveUpAfterMs: number;
  /**
   * A reopened socket ends the outage only after staying open this long; until then another
   * loss continues the schedule (next attempt, same give-up budget) instead of restarting it.
   */
  stableAfterMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffPolicy> = { initialMs: 1000, maxMs: 30_000, giveUpAfterMs: 5 * 60_000, stableAfterMs: 10_000 };

/** Delay before attempt `attempt` (1-based). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = policy.initialMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, exp);
}

/** Whether another attempt may start `elapsedMs` after the connection was lost. */
export function shouldKeepTrying(elapsedMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): boolean {
  return elapsedMs < policy.giveUpAfterMs;
}

/**
 * Upgrade refusals that waiting will not fix: bad token (401), refused client (403), wrong path
 * (404), wrong protocol (426) (PROTOCOL §1.7). Anything else (502 from a proxy while the server
 * restarts, 503, 429) is retried on the normal schedule.
 */
export function isPermanentRefusal(status: number | undefined): boolean {
  return status === 401 || status === 403 || status === 404 || status === 426;
}
