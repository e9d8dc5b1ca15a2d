import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCli } from "../../src/cli/options.js";
import { rememberer, toolsFrom, withRegistry } from "../../src/cli/registryConfig.js";
import { openSession } from "../../src/cli/session.js";
import { openConversation } from "../../src/controller/conversations.js";
import { Registry } from "../../src/registry/registry.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { activeScope, NEW_AGENT, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";

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
    const scope = activeScope(first);
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
      expect(activeScope(resumed)).toEqual(scope);
      // The conversation's history comes back with it.
      await waitFor("history", () => transcript(resumed).some((i) => i.kind === "user" && i.text === "remember me [[text:noted]]"));
    } finally {
      await resumed.close();
    }
  });

  it("remembers --name and --role with the chosen runtime, and the cwd the server reports without --cwd", async () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-registry-"));
    const registry = Registry.open({ cwd: dir });
    // No cwd in the attach: the one recorded is what the server's device status says.
    const session = await openSession({ url: server.url, attach: { selection: NEW_AGENT }, startTimeoutMs: 60_000 }, "test", (store) => ({
      onAttached: rememberer(registry, server.url, { name: "reviewer-bot", role: "reviewer" }, store),
    }));
    try {
      const scope = activeScope(session);
      const reported = await waitFor("device status", () => session.store.getState().runtimes[runtimeKey(scope)]?.device?.current_working_directory);
      expect(reported).toBe(server.workDir);
      await openConversation(session.controller, { kind: "new-conversation" });
      const reread = () => Registry.open({ cwd: dir }).recentRuntimes();
      await waitFor("both cwds recorded", () => reread().filter((r) => r.cwd === server.workDir).length === 2);
      const chosen = reread().find((r) => r.conversationId === scope.conversation_id);
      expect(chosen).toMatchObject({ name: "reviewer-bot", role: "reviewer", agentName: "it", cwd: server.workDir, serverUrl: server.url });
      const teammate = reread().find((r) => r.conversationId !== scope.conversation_id);
      expect(teammate?.name).toBeUndefined();
      expect(teammate?.role).toBeUndefined();
    } finally {
      await session.close();
    }
  });

  it("adds the user's command tools from the config file after the built-in ones, dropping a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-registry-"));
    const good = { name: "count_chars", description: "Count characters", parameters: { type: "object" }, command: "wc -c" };
    const bad = { name: "has space", description: "x", parameters: {}, command: "true" };
    writeFileSync(join(dir, "config.json"), JSON.stringify({ tools: [good, bad] }));
    const registry = Registry.open({ cwd: dir });
    expect(toolsFrom(registry).map((t) => t.definition.name)).toEqual(["notify_user", "ask_user", "count_chars"]);
    expect(registry.warning).toMatch(/tools\[1\] dropped: name: letters, digits/);
  });
});

describe("--resume on a server that wants a token", () => {
  const token = "resume-token-for-tests";
  let authed: LettaServer;
  let tokenFile: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-resume-token-"));
    tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    authed = await startLettaServer({ args: ["--ws-auth", "capability-token", "--ws-token-file", tokenFile] });
  });
  afterAll(async () => {
    await authed?.stop();
  });

  it("sends the configured server's token for the resumed runtime", async () => {
    const dir = mkdtempSync(join(tmpdir(), "letta-tui-registry-"));
    // The server is written the way a person would (http://, no /ws); the entry was recorded normalised.
    writeFileSync(join(dir, "config.json"), JSON.stringify({ servers: [{ name: "other", url: "ws://127.0.0.1:1" }, { name: "authed", url: authed.url.replace(/^ws/, "http").replace(/\/ws$/, ""), tokenFile }] }));
    const registry = Registry.open({ cwd: dir });
    const first = await testSession(authed, undefined, { token }, { onAttached: rememberer(registry, authed.url) });
    const scope = activeScope(first);
    await first.close();

    const picked = Registry.open({ cwd: dir }).recentRuntimes()[0]!;
    const config = withRegistry(parseCli(["--resume"], "test"), Registry.open({ cwd: dir }), picked);
    expect(config.url).toBe(authed.url);
    const resumed = await openSession(config, "test");
    try {
      expect(activeScope(resumed)).toEqual(scope);
    } finally {
      await resumed.close();
    }
  });
});
