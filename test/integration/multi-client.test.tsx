import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { activeScope, FAST_RECONNECT, runtimeOf, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// Two clients on one runtime, as when a person has letta-tui open and another controller (or a
// second terminal) attached to the same conversation.

let server: LettaServer;
let proxy: TcpProxy;
const sessions: Session[] = [];
const track = (s: Session) => (sessions.push(s), s);
const cards = (s: Session) => runtimeOf(s.store.getState(), s).approvals.order;
const isApprovalResponse = (f: unknown): boolean =>
  typeof f === "object" && f !== null && "type" in f && f.type === "input" && "payload" in f &&
  typeof f.payload === "object" && f.payload !== null && "kind" in f.payload && f.payload.kind === "approval_response";

beforeAll(async () => {
  server = await startLettaServer();
  proxy = await startTcpProxy(server.port);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

describe("another client on the same runtime", () => {
  it("answers first: our card closes, and a late keypress here sends nothing", async () => {
    const ours = track(await testSession(server));
    const scope = activeScope(ours);
    const theirs = track(await testSession(server, { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id }));
    ours.controller.sendMessage(`[[bash:echo x > ${join(server.workDir, "theirs.txt")}]]`);
    const id = await waitFor("our card", () => cards(ours)[0]);
    await waitFor("their card", () => cards(theirs)[0] === id);
    theirs.controller.answerApproval(id, { behavior: "allow" });
    await waitFor("our card closes", () => cards(ours).length === 0);
    await waitFor("it ran", () => existsSync(join(server.workDir, "theirs.txt")));
    // A person who pressed y a moment too late: nothing is left to answer, nothing is sent.
    // (A sent answer would be refused by the server with a notice and no second row, so the
    // transcript alone cannot tell; what went out on our socket can.)
    const sent = vi.spyOn(ours.log, "sent");
    ours.controller.answerApproval(id, { behavior: "allow" });
    await waitFor("idle", () => runtimeOf(ours.store.getState(), ours).loop?.status === "WAITING_ON_INPUT");
    // A round trip after it: a refusal of anything sent before would have arrived by now.
    await ours.controller.resync();
    const answers = sent.mock.calls.filter(([f]) => isApprovalResponse(f));
    expect(answers).toEqual([]);
    expect(transcript(ours).filter((i) => i.kind === "notice" && i.text.startsWith("approval not applied"))).toEqual([]);
    expect(transcript(ours).filter((i) => i.kind === "tool")).toHaveLength(1);
  });

  it("keeps the turn alive while we reconnect; the replayed card is answered once, from here", async () => {
    const ours = track(await testSession({ ...server, url: proxy.url }, undefined, {}, FAST_RECONNECT));
    const scope = activeScope(ours);
    const keeper = track(await testSession(server, { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id }));
    ours.controller.sendMessage(`[[bash:echo kept > ${join(server.workDir, "kept.txt")}]]`);
    const id = await waitFor("our card", () => cards(ours)[0]);
    await waitFor("the keeper sees it too", () => cards(keeper)[0] === id);

    proxy.dropAll();
    await waitFor("reconnected", () => transcript(ours).some((i) => i.kind === "notice" && i.text === "reconnected and resynced"));
    // The keeper stayed subscribed, so the server did not cancel the turn: the card is back.
    const card = await waitFor("the replayed card", () => runtimeOf(ours.store.getState(), ours).approvals.byId[id]);
    expect(card.replayed).toBe(true);
    ours.controller.answerApproval(id, { behavior: "allow" });
    await waitFor("it ran", () => existsSync(join(server.workDir, "kept.txt")));
    await waitFor("the keeper's card closed", () => cards(keeper).length === 0);
  });
});
