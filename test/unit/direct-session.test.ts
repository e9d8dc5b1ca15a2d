import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { directSession } from "../../src/cli/listen.js";
import type { Environment } from "../../src/direct/environment.js";
import { Registry } from "../../src/registry/registry.js";
import { initialState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";
import { attachAnswers, FakeLink, type Answer } from "./fake-link.js";

// The controllers of `letta-tui listen`, over fake links: two machines that took the printed
// command's example name, and a runtime picked twice while its first attach is under way.

const answersFor =
  (agentId: string): Answer =>
  (c) => {
    if (c.type === "agent_list") return { type: "agent_list_response", request_id: c.request_id, success: true, agents: [{ id: agentId }] };
    if (c.type === "app_server_info") return { type: "app_server_info_response", request_id: c.request_id, success: true, letta_code_version: "0.32.18", capabilities: {} };
    return attachAnswers(c);
  };

function fakeEnv(key: string, link: FakeLink, opened: { count: number }): Environment {
  return {
    key,
    connectionName: "my-laptop",
    link: async (events: Parameters<FakeLink["open"]>[0]) => {
      opened.count += 1;
      return link.open(events);
    },
  } as unknown as Environment;
}

function session() {
  const store = createStore(initialState("listen"));
  const registry = Registry.open({ cwd: mkdtempSync(join(tmpdir(), "letta-tui-direct-session-")) });
  return { store, direct: directSession({ store, registry, version: "test" }) };
}

describe("listen's controllers", () => {
  it("keep apart two machines that dialled in under the same --env-name", async () => {
    const { store, direct } = session();
    const opened = { count: 0 };
    const laptop = new FakeLink(answersFor("agent-1"));
    const other = new FakeLink(answersFor("agent-2"));
    await direct.attach(fakeEnv("device-1/my-laptop", laptop, opened));
    await direct.attach(fakeEnv("device-2/my-laptop", other, opened));
    laptop.events.onStatus({ status: "reconnecting", attempt: 1, nextRetryAt: Date.now() + 1000, error: "connection lost" });
    const { hosts, runtimes } = store.getState();
    expect(hosts["device-1/my-laptop"]?.status).toBe("reconnecting");
    expect(hosts["device-2/my-laptop"]?.status).toBe("connected");
    expect(Object.values(runtimes).map((rt) => rt.host).sort()).toEqual(["device-1/my-laptop", "device-2/my-laptop"]);
  });

  it("open one controller for a runtime picked twice while its first attach is under way", async () => {
    const { direct } = session();
    const opened = { count: 0 };
    const env = fakeEnv("device-1/my-laptop", new FakeLink(answersFor("agent-1")), opened);
    await Promise.all([direct.attach(env), direct.attach(env)]);
    expect(opened.count).toBe(1);
    expect(direct.controllers()).toHaveLength(1);
  });
});
