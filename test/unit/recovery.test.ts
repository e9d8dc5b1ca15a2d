import { describe, expect, it, vi } from "vitest";
import { Recovery, type RecoveryHost, type RecoveryReason } from "../../src/controller/recovery.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import { TransportError } from "../../src/transport/errors.js";
import { RuntimeStartError } from "../../src/controller/attach.js";

// The order of recovery passes, with a host whose re-attach the test controls.

const R1: RuntimeScope = { agent_id: "a1", conversation_id: "c1" };

function host(resync: (scope: RuntimeScope, reason: RecoveryReason) => Promise<void>) {
  const notices: string[] = [];
  const h: RecoveryHost & { notices: string[]; connected: boolean } = {
    notices,
    connected: true,
    runtimes: () => [R1],
    active: () => R1,
    isConnected: () => h.connected,
    resyncOne: resync,
    resendAll: () => undefined,
    notice: (_scope, _level, text) => void notices.push(text),
  };
  return h;
}

describe("recovery", () => {
  it("a reconnect during a pass gets a pass of its own after it", async () => {
    let release!: () => void;
    const calls: string[] = [];
    const h = host(async (_s, reason) => {
      calls.push(reason);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
    });
    const recovery = new Recovery(h);
    const first = recovery.run("reconnected");
    // The runtime dialled in again while the first pass still waited on the old socket.
    void recovery.run("reconnected");
    release();
    await first;
    await vi.waitFor(() => expect(calls).toEqual(["reconnected", "reconnected"]));
    await vi.waitFor(() => expect(h.notices.filter((n) => n === "reconnected and resynced")).toHaveLength(2));
  });

  it("a runtime that could not be re-attached is tried again while connected, then recovers", async () => {
    vi.useFakeTimers();
    try {
      let fails = 2;
      const h = host(async () => {
        if (fails-- > 0) throw new TransportError("timeout", "No answer to runtime_start.");
      });
      const recovery = new Recovery(h, 1000);
      await recovery.run("reconnected");
      expect(h.notices).toEqual(["resync failed: No answer to runtime_start.; trying again in 1 s"]);
      await vi.advanceTimersByTimeAsync(1000);
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.notices.at(-1)).toBe("reconnected and resynced");
      expect(h.notices).toHaveLength(3);
      // Recovered: nothing more is scheduled.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(h.notices).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not retry a dropped socket's pass (the next reconnect recovers), nor while offline", async () => {
    vi.useFakeTimers();
    try {
      const closed = host(async () => {
        throw new TransportError("closed", "Not connected.");
      });
      await new Recovery(closed, 1000).run("reconnected");
      await vi.advanceTimersByTimeAsync(5000);
      expect(closed.notices).toEqual([]);

      let tries = 0;
      const offline = host(async () => {
        tries += 1;
        throw new TransportError("timeout", "No answer.");
      });
      await new Recovery(offline, 1000).run("reconnected");
      offline.connected = false;
      await vi.advanceTimersByTimeAsync(5000);
      expect(tries).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says plainly that the server lost the conversation, and does not try again", async () => {
    vi.useFakeTimers();
    try {
      let tries = 0;
      const h = host(async () => {
        tries += 1;
        throw new RuntimeStartError("The server could not start the runtime: Conversation local-conv-1 not found");
      });
      await new Recovery(h, 1000).run("reconnected");
      await vi.advanceTimersByTimeAsync(10_000);
      expect(tries).toBe(1);
      expect(h.notices).toHaveLength(1);
      expect(h.notices[0]).toMatch(/^the server no longer has this conversation \(local-conv-1\): it was lost when the server stopped.* \/new starts a new one/);
    } finally {
      vi.useRealTimers();
    }
  });
});
