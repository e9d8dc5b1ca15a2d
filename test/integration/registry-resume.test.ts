import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCli } from "../../src/cli/options.js";
import { rememberer, toolsFrom, withRegistry } from "../../src/cli/registryConfig.js";
import { openSession } from "../../src/cli/session.js";
import { openConversation } from "../../src/controller/conversations.js";
import { Registry } from "../../src/registry/registry.js";
import { startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";

// Attach, remember, resume: the registry's round trip against the real server.

let server: LettaServer;
beforeAll(async () => {
  server = await startLettaServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("registry and resume", () => {
  it("remembers every attached runtime (0600, no token) and --resume attaches to the same conversation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-registry-"));
    const first = await testSession(server, undefined, {}, { onAttached: rememberer(Registry.open({ cwd: dir }), server.url) });
    first.controller.sendMessage("remember me [[text:noted]]");
    await waitFor("reply", () => transcript(first).some((i) => i.kind === "assistant" && i.text === "noted" && i.done));
    const scope = first.controller.runtime!;
    await first.close();

    // A teammate opened from the picker is remembered too, as the newest.
    const reopened = await testSession(server, undefined, {}, { onAttached: rememberer(Registry.open({ cwd: dir }), server.url) });
    await openConversation(reopened.controller, { kind: "new-conversation" });
    await reopened.close();
    const registry = Registry.open({ cwd: dir });
    expect(registry.recentRuntimes()).toHaveLength(3);
    const recent = registry.recentRuntimes().find((r) => r.conversationId === scope.conversation_id)!;
    expect(recent).toMatchObject({ agentId: scope.agent_id, conversationId: scope.conversation_id, serverUrl: server.url, cwd: server.workDir, agentName: "it" });
    expect(statSync(registry.path).mode & 0o777).toBe(0o600);

    // What --resume does once the person picked that entry (the picker itself has unit tests).
    const config = withRegistry(parseCli(["--resume"], "test"), registry, recent);
    expect(config.url).toBe(server.url);
    const resumed = await openSession(config, "test");
    try {
      expect(resumed.controller.runtime).toEqual(scope);
      // The conversation's history comes back with it.
      await waitFor("history", () => transcript(resumed).some((i) => i.kind === "user" && i.text === "remember me [[text:noted]]"));
    } finally {
      await resumed.close();
    }
  });

  it("adds the user's command tools from the config file to the built-in ones", () => {
    const registry = Registry.open({ cwd: mkdtempSync(join(tmpdir(), "letta-tui-registry-")) });
    expect(toolsFrom(registry).map((t) => t.definition.name)).toEqual(["notify_user", "ask_user"]);
  });
});
