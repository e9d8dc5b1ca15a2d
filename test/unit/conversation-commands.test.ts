import { describe, expect, it } from "vitest";
import { runtimeKey } from "../../src/protocol/runtime.js";
import type { Store } from "../../src/store/store.js";
import { parseTokens } from "../../src/ui/commands/contextLimit.js";
import type { ReplyResult } from "../../src/ui/commands/command.js";
import { runtimeLabel } from "../../src/ui/components/RuntimeTabs.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { forkItems } from "../../src/ui/views/forkPoint.js";
import { attachedStore, dispatchFrame, RUNTIME } from "./ui-harness.js";
import { ENTER, ESC, key, session, UP } from "./ui-driver.js";

// The conversation commands (/new, /rename, /fork, /context-limit) driven through update with
// no Ink: what each sends, what it refuses before sending, and what its answer does.

const requests = (effects: readonly Effect[]) => effects.filter((e): e is Extract<Effect, { kind: "request" }> => e.kind === "request");
const reply = (to: string, tag: string, result: ReplyResult): Msg => ({ type: "reply", to, tag, result });
const ok = (frame: Record<string, unknown>): ReplyResult => ({ ok: true, frame: frame as Extract<ReplyResult, { ok: true }>["frame"] });

/** The test runtime, advertising the server's commands as 0.32.18 does. */
function storeWith(commands: string[] = ["compact", "context-limit"]): Store {
  const store = attachedStore();
  dispatchFrame(store, { type: "update_device_status", event_seq: 1, device_status: { supported_commands: commands, current_permission_mode: "default" } });
  return store;
}

/** The same agent's default conversation attached and on screen. */
function onDefault(): Store {
  const store = storeWith();
  const runtime = { agent_id: RUNTIME.agent_id, conversation_id: "default" };
  dispatchFrame(store, { type: "runtime_start_response", request_id: "r2", success: true, runtime, agent: { id: RUNTIME.agent_id, name: "tester" } });
  store.dispatch({ type: "activate", key: runtimeKey(runtime) });
  return store;
}

const page = [
  // Newest first, as conversation_messages_list answers with order "desc".
  { id: "ui-msg-4", date: "2026-12-06T10:00:04Z", message_type: "assistant_message", content: [{ type: "text", text: "two" }] },
  { id: "ui-msg-3", date: "2026-12-06T10:00:03Z", message_type: "user_message", otid: "cm-3", content: "second\nline two" },
  { id: "tool-1", date: "2026-12-06T10:00:02Z", message_type: "tool_call_message", tool_call: { tool_call_id: "t1", name: "Bash", arguments: "{}" } },
  { id: "ui-msg-2", date: "2026-12-06T10:00:02Z", message_type: "assistant_message", content: [{ type: "text", text: "one" }] },
  { id: "ui-msg-1", date: "2026-12-06T10:00:01Z", message_type: "user_message", otid: "cm-2", content: [{ type: "text", text: "<system-reminder>device</system-reminder>first" }] },
  { id: "ui-msg-0", date: "2026-12-06T10:00:00Z", message_type: "user_message", content: [{ type: "text", text: "<system-reminder>only context</system-reminder>" }] },
];

describe("/new", () => {
  it("creates a conversation for the agent on screen, then opens it beside this one", () => {
    const s = session({ store: storeWith() });
    s.type("/new").send(ENTER);
    expect(s.ui.views).toEqual([]);
    const [req] = requests(s.effects);
    expect(req).toMatchObject({ command: { type: "conversation_create", body: { agent_id: "agent-1" } }, expect: "conversation_create_response", reply: { to: "new" } });
    s.send(reply("new", req!.reply.tag, ok({ type: "conversation_create_response", request_id: "x", success: true, conversation: { id: "local-conv-9" } })));
    expect(s.effects.at(-1)).toEqual({ kind: "open-conversation", choice: { kind: "made", conversationId: "local-conv-9" } });
    // Never the server's /clear.
    expect(requests(s.effects).some((r) => r.command.type === "execute_command")).toBe(false);
  });
  it("a refusal is one line, and nothing is opened", () => {
    const s = session({ store: storeWith() });
    s.type("/new").send(ENTER);
    s.send(reply("new", "agent-1", { ok: false, error: "Agent not found" }));
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "error", text: "/new: Agent not found" });
    expect(s.kinds()).not.toContain("open-conversation");
  });
});

describe("/rename", () => {
  it("sends the title as the conversation's summary; the answer names it", () => {
    const s = session({ store: storeWith() });
    s.type("/rename  Release notes ").send(ENTER);
    const [req] = requests(s.effects);
    expect(req?.command).toEqual({ type: "conversation_update", conversation_id: "conv-1", body: { summary: "Release notes" } });
    s.send(reply("rename", "conv-1", ok({ type: "conversation_update_response", request_id: "x", success: true, conversation: { id: "conv-1", summary: "Release notes" } })));
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "success", text: "conv-1 is now titled “Release notes”" });
  });
  it("without a title, on the default conversation, or with a title too long: refused with the line kept, nothing sent", () => {
    for (const [store, line, says] of [
      [storeWith(), "/rename", /needs TITLE/],
      [onDefault(), "/rename x", /default conversation cannot be renamed/],
      [storeWith(), `/rename ${"t".repeat(121)}`, /at most 120 characters/],
    ] as const) {
      const s = session({ store });
      s.type(line).send(ENTER);
      expect(requests(s.effects)).toEqual([]);
      expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", field: { value: line } });
      expect(s.ui.views.at(-1)?.note).toMatch(says);
    }
  });
  it("the store takes the title from the server's answer: the tab and Tab completion show it", () => {
    const store = storeWith();
    dispatchFrame(store, { type: "conversation_update_response", request_id: "x", success: true, conversation: { id: "conv-1", agent_id: "agent-1", summary: "  Release notes " } });
    const rt = store.getState().runtimes[store.getState().active!]!;
    expect(rt.title).toBe("Release notes");
    expect(runtimeLabel(rt)).toBe("tester/Release notes");
    // Another agent's conversation of the same id is not this one.
    dispatchFrame(store, { type: "conversation_update_response", request_id: "y", success: true, conversation: { id: "conv-1", agent_id: "agent-2", summary: "Other" } });
    expect(store.getState().runtimes[store.getState().active!]!.title).toBe("Release notes");
    // A failed answer changes nothing.
    dispatchFrame(store, { type: "conversation_update_response", request_id: "z", success: false, error: "nope", conversation: null });
    expect(store.getState().runtimes[store.getState().active!]!.title).toBe("Release notes");
    const s = session({ store });
    s.type("/rename Rel").send(key("\t", { tab: true }));
    expect(s.ui.views.at(-1)?.field?.value).toBe("/rename Release notes");
  });
  it("a long title is cut on its tab, and escapes in it are visible, never passed on", () => {
    const store = storeWith();
    dispatchFrame(store, { type: "conversation_update_response", request_id: "x", success: true, conversation: { id: "conv-1", summary: "\u001b]0;pwned\u0007 a very long title that goes on and on" } });
    const label = runtimeLabel(store.getState().runtimes[store.getState().active!]!);
    expect(label).not.toMatch(/[\u001b\u0007]/);
    expect(label.length).toBeLessThanOrEqual("tester/".length + 24);
    expect(label.endsWith("…")).toBe(true);
  });
});

describe("/context-limit", () => {
  it("reads token counts as a person types them", () => {
    expect(parseTokens("64000")).toBe(64_000);
    expect(parseTokens("64,000")).toBe(64_000);
    expect(parseTokens("64_000")).toBe(64_000);
    expect(parseTokens("64k")).toBe(64_000);
    expect(parseTokens("64.5k")).toBeUndefined();
    expect(parseTokens("-64000")).toBeUndefined();
    expect(parseTokens("lots")).toBeUndefined();
    expect(parseTokens("6,40")).toBeUndefined();
  });
  it("sends the server's command with the number; no number resets", () => {
    const s = session({ store: storeWith() });
    s.type("/context-limit 64k").send(ENTER);
    s.type("/context-limit").send(ENTER);
    expect(requests(s.effects).map((r) => r.command)).toEqual([
      { type: "execute_command", command_id: "context-limit", runtime: RUNTIME, args: "64000" },
      { type: "execute_command", command_id: "context-limit", runtime: RUNTIME },
    ]);
  });
  it("refuses under 30,000 and anything not a number before sending, the line kept", () => {
    for (const line of ["/context-limit 20000", "/context-limit 29999", "/context-limit big", "/context-limit 64000 please"]) {
      const s = session({ store: storeWith() });
      s.type(line).send(ENTER);
      expect(requests(s.effects)).toEqual([]);
      expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", field: { value: line } });
      expect(s.ui.views.at(-1)?.note).toMatch(/30,000|not one/);
    }
    const s = session({ store: storeWith() });
    s.type("/context-limit 30000").send(ENTER);
    expect(requests(s.effects).map((r) => r.command)).toEqual([{ type: "execute_command", command_id: "context-limit", runtime: RUNTIME, args: "30000" }]);
  });
  it("is offered only where the server offers its command", () => {
    const s = session({ store: storeWith(["compact"]) });
    s.type("/context-limit 64000").send(ENTER);
    expect(requests(s.effects)).toEqual([]);
    expect(s.ui.views.at(-1)?.note).toMatch(/not a command here/);
  });
});

describe("/fork", () => {
  it("lists the user's and the agent's messages with their server ids, oldest first, context stripped", () => {
    expect(forkItems(page)).toEqual([
      { key: "ui-msg-1", label: "you: first", detail: "ui-msg-1" },
      { key: "ui-msg-2", label: "agent: one", detail: "ui-msg-2" },
      { key: "ui-msg-3", label: "you: second", detail: "ui-msg-3" },
      { key: "ui-msg-4", label: "agent: two", detail: "ui-msg-4" },
    ]);
  });
  it("opens a picker of the server's messages; Enter forks at the last one, and the fork opens beside this one", () => {
    const s = session({ store: storeWith() });
    s.type("/fork").send(ENTER);
    expect(s.ui.views.at(-1)).toMatchObject({ id: "fork-point", items: "loading" });
    const [list] = requests(s.effects);
    expect(list).toMatchObject({ command: { type: "conversation_messages_list", conversation_id: "conv-1", query: { limit: 50, order: "desc" } }, reply: { to: "fork-point" } });
    s.send(reply("fork-point", list!.reply.tag, ok({ type: "conversation_messages_list_response", request_id: "x", success: true, messages: page })));
    expect(s.ui.views.at(-1)).toMatchObject({ id: "fork-point", selected: 3 });
    s.send(ENTER);
    expect(s.ui.views).toEqual([]);
    const fork = requests(s.effects).at(-1)!;
    expect(fork).toMatchObject({ command: { type: "conversation_fork", conversation_id: "conv-1", body: { message_id: "ui-msg-4" } }, reply: { to: "fork", tag: "ui-msg-4" } });
    // The answer reaches the command though the view is closed.
    s.send(reply("fork", "ui-msg-4", ok({ type: "conversation_fork_response", request_id: "x", success: true, conversation: { id: "local-conv-7" } })));
    expect(s.effects.slice(-2)).toEqual([
      { kind: "notice", level: "success", text: "forked at ui-msg-4 into local-conv-7, opened beside this one" },
      { kind: "open-conversation", choice: { kind: "made", conversationId: "local-conv-7" } },
    ]);
  });
  it("forks at an earlier message picked with ↑ or by filtering", () => {
    const s = session({ store: storeWith() });
    s.type("/fork").send(ENTER);
    s.send(reply("fork-point", "conv-1", ok({ type: "conversation_messages_list_response", request_id: "x", success: true, messages: page })));
    s.send(UP, UP, ENTER);
    expect(requests(s.effects).at(-1)?.command).toMatchObject({ type: "conversation_fork", body: { message_id: "ui-msg-2" } });
    s.type("/fork").send(ENTER);
    s.send(reply("fork-point", "conv-1", ok({ type: "conversation_messages_list_response", request_id: "x", success: true, messages: page })));
    s.type("first").send(ENTER);
    expect(requests(s.effects).at(-1)?.command).toMatchObject({ type: "conversation_fork", body: { message_id: "ui-msg-1" } });
  });
  it("the default conversation is read and forked through its agent", () => {
    const s = session({ store: onDefault() });
    s.type("/fork").send(ENTER);
    expect(requests(s.effects)[0]?.command).toMatchObject({ conversation_id: "default", query: { agent_id: "agent-1" } });
    s.send(reply("fork-point", "default", ok({ type: "conversation_messages_list_response", request_id: "x", success: true, messages: page })), ENTER);
    expect(requests(s.effects).at(-1)?.command).toEqual({ type: "conversation_fork", conversation_id: "default", body: { message_id: "ui-msg-4", agent_id: "agent-1" } });
  });
  it("nothing is forked when another conversation came on screen, when the list failed, or on Esc", () => {
    const store = storeWith();
    const s = session({ store });
    s.type("/fork").send(ENTER);
    s.send(reply("fork-point", "conv-1", ok({ type: "conversation_messages_list_response", request_id: "x", success: true, messages: page })));
    const other = { agent_id: "agent-1", conversation_id: "conv-2" };
    dispatchFrame(store, { type: "runtime_start_response", request_id: "r2", success: true, runtime: other });
    store.dispatch({ type: "activate", key: runtimeKey(other) });
    s.send(ENTER);
    expect(requests(s.effects).some((r) => r.command.type === "conversation_fork")).toBe(false);
    expect(s.ui.views.at(-1)?.note).toMatch(/another conversation is on screen/);
    s.send(ESC);
    expect(s.ui.views).toEqual([]);

    const t = session({ store: storeWith() });
    t.type("/fork").send(ENTER);
    t.send(reply("fork-point", "conv-1", { ok: false, error: "Conversation conv-1 not found" }), ENTER);
    expect(t.ui.views.at(-1)).toMatchObject({ id: "fork-point", items: [], note: "could not read the messages: Conversation conv-1 not found" });
    expect(requests(t.effects).some((r) => r.command.type === "conversation_fork")).toBe(false);
  });
  it("a refused fork is one line, and nothing is opened", () => {
    const s = session({ store: storeWith() });
    s.send(reply("fork", "nope", { ok: false, error: "Message nope not found" }));
    expect(s.effects).toEqual([{ kind: "notice", level: "error", text: "/fork: Message nope not found" }]);
  });
});

describe("titles on the tabs", () => {
  it("a fork that copied its original's title is told apart by its conversation", () => {
    const store = storeWith();
    const copy = { agent_id: "agent-1", conversation_id: "local-conv-2" };
    dispatchFrame(store, { type: "runtime_start_response", request_id: "r2", success: true, runtime: copy, agent: { id: "agent-1", name: "tester" }, conversation: { id: "local-conv-2", summary: "Notes" } });
    dispatchFrame(store, { type: "conversation_update_response", request_id: "u", success: true, conversation: { id: "conv-1", summary: "Notes" } });
    const all = Object.values(store.getState().runtimes);
    expect(all.map((rt) => runtimeLabel(rt, all))).toEqual(["tester/Notes (conv-1)", "tester/Notes (local-conv-2)"]);
  });
});
