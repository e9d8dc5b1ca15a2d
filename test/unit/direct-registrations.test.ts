import { describe, expect, it } from "vitest";
import { Registrations, REGISTRATION_TTL_MS } from "../../src/direct/registrations.js";

// listen's table of runtimes and registrations, on an injected clock: registrations whose
// runtime never dials in are forgotten, so a flood of them cannot grow the list for ever.

interface FakeEnv {
  key: string;
  everConnected: boolean;
  updates: number;
}

function table() {
  let now = 1_000_000;
  const expired: string[] = [];
  const t = new Registrations<FakeEnv>(() => now, REGISTRATION_TTL_MS, (env) => expired.push(env.key));
  const register = (key: string) =>
    t.register(
      key,
      () => ({ key, everConnected: false, updates: 0 }),
      (env) => void env.updates++,
    );
  return {
    t,
    expired,
    register,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("listen's registrations", () => {
  it("500 registrations that never connect are all gone two minutes later, and said so", () => {
    const h = table();
    for (let i = 0; i < 500; i++) h.register(`dev-${i}/env-${i}`);
    expect(h.t.environments()).toHaveLength(500);
    h.advance(REGISTRATION_TTL_MS - 1);
    expect(h.t.environments()).toHaveLength(500);
    h.advance(1);
    expect(h.t.environments()).toHaveLength(0);
    expect(h.t.size).toBe(0);
    expect(h.expired).toHaveLength(500);
  });

  it("an expired connection id is unknown (the runtime gets 1008 and registers again)", () => {
    const h = table();
    const { connectionId, env } = h.register("d/a");
    expect(h.t.lookup(connectionId)).toBe(env);
    h.advance(REGISTRATION_TTL_MS);
    expect(h.t.lookup(connectionId)).toBeUndefined();
    // Registering again makes a fresh row and id.
    const again = h.register("d/a");
    expect(again.env).not.toBe(env);
    expect(h.t.lookup(again.connectionId)).toBe(again.env);
  });

  it("a runtime registering again keeps its row alive until its newest registration expires", () => {
    const h = table();
    const first = h.register("d/a");
    h.advance(90_000);
    const second = h.register("d/a");
    expect(second.env).toBe(first.env);
    expect(first.env.updates).toBe(1);
    h.advance(60_000);
    expect(h.t.lookup(first.connectionId)).toBeUndefined();
    expect(h.t.environments()).toEqual([first.env]);
    h.advance(60_000);
    expect(h.t.environments()).toEqual([]);
  });

  it("a registration that connected never expires, and spends the runtime's other ones", () => {
    const h = table();
    const spare = h.register("d/a");
    const used = h.register("d/a");
    h.t.connected(used.connectionId);
    used.env.everConnected = true;
    expect(h.t.lookup(spare.connectionId)).toBeUndefined();
    h.advance(10 * REGISTRATION_TTL_MS);
    expect(h.t.lookup(used.connectionId)).toBe(used.env);
    // A later registration of that runtime that is never used expires, the runtime stays listed.
    const stray = h.register("d/a");
    h.advance(REGISTRATION_TTL_MS);
    expect(h.t.lookup(stray.connectionId)).toBeUndefined();
    expect(h.t.environments()).toEqual([used.env]);
    expect(h.expired).toEqual([]);
    expect(h.t.size).toBe(1);
  });
});
