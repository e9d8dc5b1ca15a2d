import { afterEach, describe, expect, it } from "vitest";
import { AppServerClient, type LinkStatus } from "../../src/transport/client.js";
import type { BackoffPolicy } from "../../src/transport/backoff.js";
import { startFlakyServer, type FlakyServer, type UpgradeOutcome } from "../fakes/flaky-server.js";
import { sleep, waitFor } from "./support.js";

// The reconnect schedule against servers that misbehave at the door: one that accepts and
// closes every socket, one that answers HTTP errors for a while. Only these fakes can do that.

const CLOSE_1011: UpgradeOutcome = { accept: "close", code: 1011, reason: "failed to start connection" };
const KEEP: UpgradeOutcome = { accept: "keep" };

let server: FlakyServer | undefined;
let client: AppServerClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

interface Seen {
  statuses: (LinkStatus & { at: number })[];
  reconnected: number;
}

async function connect(plan: UpgradeOutcome[], backoff: BackoffPolicy): Promise<Seen> {
  server = await startFlakyServer(plan);
  const seen: Seen = { statuses: [], reconnected: 0 };
  client = await AppServerClient.connect(
    server.url,
    { onFrame() {}, onStatus: (s) => seen.statuses.push({ ...s, at: Date.now() }), onReconnected: () => void seen.reconnected++ },
    { backoff },
  );
  return seen;
}

const retries = (seen: Seen) => seen.statuses.flatMap((s) => (s.status === "reconnecting" ? [s] : []));
const last = (seen: Seen) => seen.statuses.at(-1)?.status;

describe("a server that accepts every socket and closes it at once", () => {
  it("backs off further on each attempt and ends offline when the budget runs out", async () => {
    const seen = await connect([CLOSE_1011], { initialMs: 50, maxMs: 400, giveUpAfterMs: 2000, stableAfterMs: 10_000 });
    await waitFor("offline", () => last(seen) === "offline", 15_000);
    const tries = retries(seen);
    // Attempts count up across the reopened sockets instead of starting over at each one.
    expect(tries.map((t) => t.attempt)).toEqual(tries.map((_, i) => i + 1));
    const delays = tries.map((t) => t.nextRetryAt - t.at);
    expect(delays.slice(0, 4).map((d) => Math.round(d / 50) * 50)).toEqual([50, 100, 200, 400]);
    expect(tries.length).toBeLessThan(12);
    expect(tries.at(-1)?.error).toMatch(/1011/);
    // Offline means it stopped: no further upgrades.
    const upgrades = server!.upgrades();
    // Time under test (the real backoff timers): longer than its longest delay, nothing more.
    await sleep(600);
    expect(server!.upgrades()).toBe(upgrades);
  });

  it("starts the schedule over only after a reopened socket stayed up", async () => {
    const seen = await connect([CLOSE_1011, KEEP], { initialMs: 50, maxMs: 400, giveUpAfterMs: 60_000, stableAfterMs: 300 });
    await waitFor("reconnected", () => seen.reconnected === 1);
    // Cut before it proved stable: the same outage goes on.
    server!.dropAll();
    await waitFor("second retry", () => retries(seen).length === 2);
    expect(retries(seen)[1]?.attempt).toBe(2);
    await waitFor("reconnected again", () => seen.reconnected === 2);
    // Time under test: the socket stays up past stableAfterMs (300) on the real clock.
    await sleep(500);
    // Up for longer than stableAfterMs: a new loss is a new outage.
    server!.dropAll();
    await waitFor("third retry", () => retries(seen).length === 3);
    expect(retries(seen)[2]?.attempt).toBe(1);
  });
});

describe("HTTP errors on the upgrade during a reconnect", () => {
  it("waits out a 502 and reconnects when the server accepts again", async () => {
    const seen = await connect([CLOSE_1011, { refuse: 502 }, { refuse: 502 }, KEEP], { initialMs: 50, maxMs: 200, giveUpAfterMs: 30_000 });
    await waitFor("reconnected", () => seen.reconnected === 1, 10_000);
    expect(last(seen)).toBe("connected");
    expect(seen.statuses.some((s) => s.status === "offline")).toBe(false);
    expect(retries(seen).some((t) => /HTTP 502/.test(t.error))).toBe(true);
    expect(server!.upgrades()).toBe(4);
  });

  it("stops at once on a 401: a refused token does not fix itself", async () => {
    const seen = await connect([CLOSE_1011, { refuse: 401 }], { initialMs: 50, maxMs: 200, giveUpAfterMs: 30_000 });
    await waitFor("offline", () => last(seen) === "offline", 10_000);
    const offline = seen.statuses.at(-1);
    expect(offline?.status === "offline" && offline.error).toMatch(/HTTP 401/);
    // Time under test: past the longest retry delay (200), no retry came.
    await sleep(300);
    expect(server!.upgrades()).toBe(2);
  });
});

describe("Ctrl+R while offline", () => {
  it("pressed again during a slow handshake does not open a second socket", async () => {
    const seen = await connect([KEEP, { refuse: 401 }, { accept: "slow", afterMs: 500 }], { initialMs: 50, maxMs: 200, giveUpAfterMs: 30_000 });
    server!.dropAll();
    await waitFor("offline", () => last(seen) === "offline", 10_000);
    client!.retryNow();
    client!.retryNow();
    client!.retryNow();
    await waitFor("reconnected", () => seen.reconnected === 1, 10_000);
    // Time under test: longer than the slow handshake (500), no second socket opened.
    await sleep(700);
    expect(server!.upgrades()).toBe(3);
    expect(seen.reconnected).toBe(1);
  });
});
