import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { activeScope, LETTA_MODEL, runtimeOf, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";

let server: LettaServer;
const sessions: Session[] = [];
const open = async (...args: Parameters<typeof testSession> extends [unknown, ...infer R] ? R : never) => {
  const s = await testSession(server, ...args);
  sessions.push(s);
  return s;
};

beforeAll(async () => {
  server = await startLettaServer();
});
afterAll(async () => {
  for (const s of sessions) s.controller.close();
  await server?.stop();
});

describe("attach to the real App Server", () => {
  let agentId = "";
  let conversationId = "";

  it("with no selection on a server without agents, creates one", async () => {
    const s = await open({ kind: "auto", model: LETTA_MODEL });
    expect(activeScope(s).agent_id).toMatch(/^agent-/);
    s.controller.close();
    sessions.splice(sessions.indexOf(s), 1);
  });

  it("--new-agent creates an agent and a conversation, and reads the server version", async () => {
    const s = await open();
    const scope = activeScope(s);
    expect(scope.agent_id).toMatch(/^agent-/);
    expect(scope.conversation_id).toBeTruthy();
    expect(s.store.getState().connection).toMatchObject({ status: "connected", serverVersion: "0.32.18" });
    // The replay after runtime_start gives the status line its mode and cwd.
    const rt = await waitFor("device status", () => runtimeOf(s.store.getState(), s).device);
    expect(rt.current_permission_mode).toBe("standard");
    expect(rt.current_working_directory).toBe(server.workDir);
    agentId = scope.agent_id!;
    conversationId = scope.conversation_id;
  });

  it("sends hello and shows the streamed reply", async () => {
    const s = sessions[0]!;
    s.controller.sendMessage("hello");
    const reply = await waitFor("a finished reply", () =>
      transcript(s).find((i) => i.kind === "assistant" && i.done),
    );
    expect(reply).toMatchObject({ kind: "assistant", text: "pong" });
    expect(transcript(s)[0]).toMatchObject({ kind: "user", text: "hello", state: "started" });
  });

  it("--agent ID --new-conversation starts a different conversation of the same agent", async () => {
    const s = await open({ kind: "new-conversation", agentId });
    expect(activeScope(s)).toMatchObject({ agent_id: agentId });
    expect(activeScope(s).conversation_id).not.toBe(conversationId);
  });

  it("--agent ID --conversation ID re-attaches to the existing conversation", async () => {
    const s = await open({ kind: "existing", agentId, conversationId });
    expect(activeScope(s)).toEqual({ agent_id: agentId, conversation_id: conversationId });
    s.controller.sendMessage("again [[text:still here]]");
    await waitFor("reply", () => transcript(s).find((i) => i.kind === "assistant" && i.text === "still here" && i.done));
  });

  it("with no selection, attaches to the agent that ran last, in its default conversation", async () => {
    const s = await open({ kind: "auto" });
    expect(activeScope(s)).toEqual({ agent_id: agentId, conversation_id: "default" });
  });

  it("--agent ID --conversation default attaches to the agent's default conversation", async () => {
    const s = await open({ kind: "existing", agentId, conversationId: "default" });
    expect(activeScope(s)).toMatchObject({ agent_id: agentId, conversation_id: "default" });
    s.controller.sendMessage("hi");
    await waitFor("reply", () => transcript(s).find((i) => i.kind === "assistant" && i.done));
  });
});
