import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CommandDraft } from "../../src/protocol/commands.js";
import { contentText } from "../../src/protocol/deltas.js";
import type { FrameType, KnownFrame } from "../../src/protocol/frames.js";
import { withoutInjectedContext } from "../../src/store/injected.js";
import type { RuntimeState } from "../../src/store/state.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, transcript, waitFor, type LettaServer } from "./support.js";

// The conversation commands typed into the real TUI against the real App Server (scripted
// model): what each did is read back from the server itself (conversation_list,
// conversation_messages_list, conversation_retrieve), not from our own store.

let server: LettaServer;
let app: MountedApp;
const screen = () => stripVTControlCharacters(app.screen());
const state = () => app.session.store.getState();
const runtimes = (): RuntimeState[] => Object.values(state().runtimes);
const active = (): RuntimeState => state().runtimes[state().active!]!;
showScreenOnFailure(() => app);

/** Ask the server directly (outside the screen), and check the answer's type. */
async function ask<T extends FrameType>(command: CommandDraft, expect: T): Promise<Extract<KnownFrame, { type: T }>> {
  const frame = await app.session.controller.request(command, expect);
  if (frame.type !== expect) throw new Error(`expected ${expect}, got ${frame.type}`);
  return frame as Extract<KnownFrame, { type: T }>;
}

/** What the server holds in a conversation: "you: …" and "agent: …", oldest first. */
async function messagesOf(conversationId: string): Promise<string[]> {
  const page = await ask({ type: "conversation_messages_list", conversation_id: conversationId, query: { limit: 50, order: "asc" } }, "conversation_messages_list_response");
  return page.messages.flatMap((m) => {
    const text = withoutInjectedContext(contentText(m.content)).trim();
    if (!text) return [];
    if (m.message_type === "user_message") return [`you: ${text}`];
    if (m.message_type === "assistant_message") return [`agent: ${text}`];
    return [];
  });
}

async function conversationsOfAgent(agentId: string) {
  const res = await ask({ type: "conversation_list", query: { agent_id: agentId, limit: 50 } }, "conversation_list_response");
  return res.conversations;
}

/** The input line shows its placeholder: nothing typed. */
const inputEmpty = () => screen().includes("› Message the agent");
const idle = () => active().loop?.status === "WAITING_ON_INPUT";
const replied = (text: string) => transcript(app.session).some((i) => i.kind === "assistant" && i.text.trim() === text);

/** A line typed into the input and Enter, as a person does (a slash line goes to the palette's path). */
async function enter(line: string) {
  await waitFor("an empty input line", () => inputEmpty() && !screen().includes("filter:"));
  app.write(line);
  await app.waitFor(`"${line}" typed`, () => screen().includes(line));
  app.write("\r");
}

let first: RuntimeState;

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
  first = active();
  for (const [said, reply] of [["first", "one"], ["second", "two"], ["third", "three"]] as const) {
    await enter(`${said} [[text:${reply}]]`);
    // The reply's own row (the line typed holds the word too), and the turn over.
    await app.waitFor(`the reply "${reply}"`, () => replied(reply) && idle());
  }
}, 180_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("conversation commands against the real server", () => {
  it("/rename gives the conversation the title the server then lists, shown on the status line and in Ctrl+X", async () => {
    await enter("/rename Release notes");
    await app.waitFor("the title on the status line", () => screen().includes("“Release notes”"));
    const listed = (await conversationsOfAgent(first.scope.agent_id!)).find((c) => c.id === first.scope.conversation_id);
    expect(listed?.summary).toBe("Release notes");
    await app.press("\u0018", "Ctrl+X's picker", () => screen().includes("+ new conversation with this agent"));
    await app.waitFor("the title in the picker", () => screen().includes(`Release notes  ${first.scope.conversation_id}`));
    await app.press("\u001b", "the picker closed", () => !screen().includes("+ new conversation with this agent"));
  });

  it("/fork at a chosen message opens a copy holding exactly the messages up to it, in a new tab", async () => {
    const before = (await conversationsOfAgent(first.scope.agent_id!)).map((c) => c.id);
    await enter("/fork");
    await app.waitFor("the messages to fork at", () => screen().includes("Fork at which message?") && screen().includes("agent: three"));
    // The last is selected; two up is the agent's "two".
    app.write("\u001b[A");
    app.write("\u001b[A");
    await app.waitFor("agent: two selected", () => /› agent: two/.test(screen()));
    app.write("\r");
    await app.waitFor("a second tab, on screen", () => runtimes().length === 2 && active().key !== first.key);
    const fork = active();
    expect(before).not.toContain(fork.scope.conversation_id);
    expect((await conversationsOfAgent(first.scope.agent_id!)).map((c) => c.id)).toContain(fork.scope.conversation_id);
    expect(await messagesOf(fork.scope.conversation_id)).toEqual(["you: first [[text:one]]", "agent: one", "you: second [[text:two]]", "agent: two"]);
    // The copy came with its history, and like the one it was taken from (mode).
    const rows = () => transcript(app.session).flatMap((i) => (i.kind === "assistant" ? [i.text.trim()] : []));
    await app.waitFor("the fork's history in its tab", () => rows().join() === "one,two");
    await app.waitFor("the mode kept", () => state().runtimes[fork.key]?.device?.current_permission_mode === "standard");
    // The original is untouched.
    expect(await messagesOf(first.scope.conversation_id)).toHaveLength(6);
  });

  it("/new creates an empty conversation the server lists, and opens it beside the others", async () => {
    const before = runtimes().length;
    const listed = (await conversationsOfAgent(first.scope.agent_id!)).map((c) => c.id);
    await enter("/new");
    await app.waitFor("one more tab, on screen", () => runtimes().length === before + 1);
    const made = active();
    expect(listed).not.toContain(made.scope.conversation_id);
    expect(made.scope.agent_id).toBe(first.scope.agent_id);
    expect((await conversationsOfAgent(first.scope.agent_id!)).map((c) => c.id)).toContain(made.scope.conversation_id);
    expect(await messagesOf(made.scope.conversation_id)).toEqual([]);
    await app.waitFor("the mode kept", () => state().runtimes[made.key]?.device?.current_permission_mode === "standard");
    // A turn runs in it.
    await enter("hello there");
    await app.waitFor("the reply", () => idle() && replied("pong"));
    expect(await messagesOf(made.scope.conversation_id)).toEqual(["you: hello there", "agent: pong"]);
  });

  it("/compact reports the message counts and the summary", async () => {
    await app.press("\u001b1", "the first tab on screen", () => state().active === first.key);
    await enter("/compact");
    const counts = await app.waitFor("the compaction's counts", () => /Message buffer length reduced from (\d+) to (\d+)/.exec(screen()));
    expect(Number(counts[1])).toBeGreaterThan(0);
    expect(screen()).toMatch(/Summary:/);
  });

  it("/context-limit 64000 sets the conversation's context_window_limit; a bad N is refused with the line kept", async () => {
    const sent = vi.spyOn(app.session.log, "sent");
    for (const bad of ["/context-limit 20000", "/context-limit lots"]) {
      await enter(bad);
      await app.waitFor("the refusal under the line", () => /30,000|not one/.test(screen()));
      expect(screen()).toContain(bad);
      expect(sent.mock.calls.some(([f]) => typeof f === "object" && f !== null && "command_id" in f && f.command_id === "context-limit")).toBe(false);
      // Esc gives the line back to the input; clear it for the next.
      app.write("\u001b");
      await app.waitFor("the line back in the input", () => !screen().includes("filter:") && screen().includes(bad) && !/30,000|not one/.test(screen()));
      app.write("\u0015");
    }
    await enter("/context-limit 64000");
    await app.waitFor("the server's answer", () => screen().includes("Current conversation max context set to 64,000 tokens."));
    const got = await ask({ type: "conversation_retrieve", conversation_id: first.scope.conversation_id }, "conversation_retrieve_response");
    expect(got.conversation?.context_window_limit).toBe(64_000);
    sent.mockRestore();
  });
});
