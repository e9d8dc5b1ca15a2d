import { describe, expect, it } from "vitest";
import type { ConnectionState } from "../../src/store/state.js";
import { connectionWords } from "../../src/ui/components/StatusLine.js";

// The words the status line shows while the connection recovers.

const at = 1_000_000;
const conn = (c: Partial<ConnectionState>): ConnectionState => ({ status: "connected", url: "ws://x/ws", ...c });

describe("connection words", () => {
  it("reconnecting: the attempt and whole seconds to the next try, rounded up", () => {
    expect(connectionWords(conn({ status: "reconnecting", attempt: 3, nextRetryAt: at + 4000 }), at)).toBe("reconnecting (attempt 3, next in 4 s)");
    expect(connectionWords(conn({ status: "reconnecting", attempt: 3, nextRetryAt: at + 3001 }), at)).toBe("reconnecting (attempt 3, next in 4 s)");
    expect(connectionWords(conn({ status: "reconnecting", attempt: 7, nextRetryAt: at + 30_000 }), at)).toBe("reconnecting (attempt 7, next in 30 s)");
  });

  it("reconnecting: 'trying now' once the time has come", () => {
    expect(connectionWords(conn({ status: "reconnecting", attempt: 2, nextRetryAt: at }), at)).toBe("reconnecting (attempt 2, trying now)");
    expect(connectionWords(conn({ status: "reconnecting", attempt: 2, nextRetryAt: at - 500 }), at)).toBe("reconnecting (attempt 2, trying now)");
  });

  it("offline: says so and names the key that retries", () => {
    expect(connectionWords(conn({ status: "offline", error: "gone" }), at)).toBe("offline: Ctrl+R reconnect now");
  });

  it("other states are their own name", () => {
    expect(connectionWords(conn({ status: "connected" }), at)).toBe("connected");
    expect(connectionWords(conn({ status: "connecting" }), at)).toBe("connecting");
  });
});
