import { randomUUID } from "node:crypto";

/** What the table needs to know of an environment (the real one is direct/environment.ts). */
export interface RegisteredEnvironment {
  readonly key: string;
  /** A socket was adopted at least once: the runtime is real and may dial in again. */
  readonly everConnected: boolean;
}

/**
 * A registration whose runtime never dials in is forgotten after this long. The runtime opens
 * its socket right after registering (RECIPE §7), so two minutes is generous; one that comes
 * later gets 1008 and registers again.
 */
export const REGISTRATION_TTL_MS = 2 * 60_000;

interface Entry<E> {
  env: E;
  at: number;
  /** A socket was accepted for it: it now names the runtime's connection and never expires. */
  used: boolean;
}

/**
 * The endpoint's runtimes by key (device and name) and its registrations by connection id.
 * Every POST /v1/environments/register adds a registration, so without expiry anyone holding
 * the token (or, on loopback without one, any local process) could grow both maps for ever: 500
 * registrations that never connect left 502 rows in the list. Expiry is lazy, on every use, with
 * an injected clock: no timer to leak, nothing to wait for in tests.
 */
export class Registrations<E extends RegisteredEnvironment> {
  private readonly byKey = new Map<string, E>();
  private readonly byConnection = new Map<string, Entry<E>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = REGISTRATION_TTL_MS,
    /** Told about every environment dropped because its runtime never dialled in. */
    private readonly onExpired: (env: E) => void = () => undefined,
  ) {}

  /** A new registration of `key`'s runtime; `create` makes the environment the first time. */
  register(key: string, create: () => E, update: (env: E) => void): { env: E; connectionId: string } {
    this.sweep();
    let env = this.byKey.get(key);
    if (env) update(env);
    else {
      env = create();
      this.byKey.set(key, env);
    }
    const connectionId = randomUUID();
    this.byConnection.set(connectionId, { env, at: this.now(), used: false });
    return { env, connectionId };
  }

  /** The environment a socket for `connectionId` belongs to, if that registration is alive. */
  lookup(connectionId: string): E | undefined {
    this.sweep();
    return this.byConnection.get(connectionId)?.env;
  }

  /**
   * A socket was accepted for `connectionId`: it is the runtime's connection from now on (it
   * redials on it), and its other registrations are spent.
   */
  connected(connectionId: string): void {
    const entry = this.byConnection.get(connectionId);
    if (!entry) return;
    entry.used = true;
    for (const [id, e] of this.byConnection) if (e.env === entry.env && id !== connectionId) this.byConnection.delete(id);
  }

  environments(): E[] {
    this.sweep();
    return [...this.byKey.values()];
  }

  /** Registrations alive right now (for figures and tests). */
  get size(): number {
    this.sweep();
    return this.byConnection.size;
  }

  private sweep(): void {
    const now = this.now();
    const expired = new Set<E>();
    for (const [id, e] of this.byConnection) {
      if (e.used || now - e.at < this.ttlMs) continue;
      this.byConnection.delete(id);
      expired.add(e.env);
    }
    if (expired.size === 0) return;
    const live = new Set([...this.byConnection.values()].map((e) => e.env));
    for (const env of expired) {
      // A runtime that was online once keeps its row: it may redial, and the user's work is there.
      if (env.everConnected || live.has(env)) continue;
      if (this.byKey.get(env.key) === env) this.byKey.delete(env.key);
      this.onExpired(env);
    }
  }
}
