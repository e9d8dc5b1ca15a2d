import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import type { Store } from "../../src/store/store.js";
import { connectionOf } from "../../src/store/state.js";
import { mountApp } from "./ui-harness.js";

// Direct mode: runtimes on several machines, each over its own link. One machine dropping
// must show on its own tab and status line, not on every runtime's.

const LAPTOP = { agent_id: "agent-laptop", conversation_id: "local-conv-1" };
const STAGING = { agent_id: "agent-staging", conversation_id: "local-conv-1" };

function attachVia(store: Store, via: string, runtime: typeof LAPTOP, name: string) {
  const parsed = parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: `r-${via}`, runtime, success: true, agent: { id: runtime.agent_id, name } }));
  store.dispatch({ type: "frame", parsed, via });
  store.dispatch({ type: "connection", status: "connected", url: via });
}

describe("several hosts", () => {
  it("each runtime's connection is its own host's", async () => {
    const h = await mountApp();
    attachVia(h.store, "env:laptop", LAPTOP, "laptop-agent");
    attachVia(h.store, "env:staging", STAGING, "staging-agent");
    h.store.dispatch({ type: "connection", status: "reconnecting", url: "env:laptop", attempt: 2, nextRetryAt: Date.now() + 5000 });
    const state = h.store.getState();
    expect(connectionOf(state, state.runtimes[runtimeKey(LAPTOP)]).status).toBe("reconnecting");
    expect(connectionOf(state, state.runtimes[runtimeKey(STAGING)]).status).toBe("connected");

    h.store.dispatch({ type: "activate", key: runtimeKey(STAGING) });
    const s = await h.waitFor("the laptop's tab marked", (x) => x.includes("laptop-agent/local-conv-1  ○ reconnecting"));
    // The runtime on screen is fine: its status line says so, though the last event was the laptop's.
    expect(state.connection.status).toBe("reconnecting");
    expect(s).toContain("● connected");
    expect(s).not.toContain("● reconnecting");

    h.store.dispatch({ type: "activate", key: runtimeKey(LAPTOP) });
    await h.waitFor("the laptop's status line", (x) => x.includes("● reconnecting (attempt 2"));
  });
});
