import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { conversationsOf, openConversation } from "../../src/controller/conversations.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { choiceOf, conversationItems } from "../../src/ui/pickers/conversations.js";
import { activeScope, startLettaServer, testSession, waitFor, type LettaServer } from "./support.js";

// The conversation picker (Ctrl+X) also offers the host's other agents: on a machine that
// dialled in, it is how an agent other than the last one is reached.

let server: LettaServer;
let session: Session;

beforeAll(async () => {
  server = await startLettaServer();
  // Another agent on the same host, made by another client that has gone since.
  const other = await testSession(server, { kind: "new-agent", name: "reviewer", model: "llama.cpp/fake-model" });
  await other.close();
  session = await testSession(server);
});
afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe("other agents in the conversation picker", () => {
  it("lists them by name, and picking one attaches its default conversation beside this one", async () => {
    const ours = activeScope(session);
    const choices = await conversationsOf(session.controller);
    const reviewer = choices.find((c) => c.agentId && c.title === "reviewer");
    expect(reviewer, JSON.stringify(choices)).toBeDefined();
    expect(choices.some((c) => c.agentId === ours.agent_id)).toBe(false);
    const item = conversationItems(choices).find((i) => i.key === `agent:${reviewer!.agentId}`);
    expect(item?.label).toBe("agent reviewer");
    const choice = choiceOf(item!.key);
    expect(choice).toEqual({ kind: "other-agent", agentId: reviewer!.agentId });

    await openConversation(session.controller, choice);
    const state = () => session.store.getState();
    await waitFor("the reviewer attached", () => Object.values(state().runtimes).some((rt) => rt.scope.agent_id === reviewer!.agentId));
    expect(Object.keys(state().runtimes)).toContain(runtimeKey(ours));
    expect(state().runtimes[state().active!]?.agentName).toBe("reviewer");
  });
});
