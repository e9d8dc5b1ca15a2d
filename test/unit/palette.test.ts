import { describe, expect, it } from "vitest";
import { commonPrefix, fuzzyFilter } from "../../src/ui/commands/fuzzy.js";
import { resolveLine } from "../../src/ui/commands/resolve.js";
import { COMMANDS, commandReply } from "../../src/ui/commands/registry.js";
import type { World } from "../../src/ui/state/uiState.js";
import { paletteMatches } from "../../src/ui/views/palette.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session, TAB } from "./ui-driver.js";

// The command palette and the one path every slash line takes (src/ui/views/palette.tsx,
// src/ui/commands/). Driven through update with no Ink: what a key does, what goes out.

const BACKSPACE = key("", { backspace: true });

/** A store whose runtime advertises these server commands (device status, as 0.32.18 sends it). */
function storeWith(commands: string[]) {
  const store = attachedStore();
  dispatchFrame(store, {
    type: "update_device_status",
    runtime: { agent_id: "agent-1", conversation_id: "conv-1" },
    event_seq: 1,
    device_status: { supported_commands: commands, current_permission_mode: "default" },
  });
  return store;
}
const worldOf = (store: ReturnType<typeof attachedStore>): World => ({ app: store.getState(), serverLog: false, listen: false });

describe("fuzzy filter", () => {
  const items = [
    { name: "context-limit", description: "the context window" },
    { name: "compact", description: "summarise" },
    { name: "cwd", description: "working directory" },
    { name: "help", description: "keys" },
  ];
  it("puts names that start with the letters first, then word starts, then letters in order", () => {
    expect(fuzzyFilter(items, "c").map((i) => i.name)).toEqual(["context-limit", "compact", "cwd"]);
    expect(fuzzyFilter(items, "lim").map((i) => i.name)).toEqual(["context-limit"]);
    expect(fuzzyFilter(items, "cpt").map((i) => i.name)).toEqual(["compact"]);
    expect(fuzzyFilter(items, "ctl").map((i) => i.name)).toEqual(["context-limit"]);
  });
  it("falls back to descriptions when no name matches", () => {
    expect(fuzzyFilter(items, "window").map((i) => i.name)).toEqual(["context-limit"]);
    expect(fuzzyFilter(items, "zzz")).toEqual([]);
  });
  it("completes the common part of several candidates", () => {
    expect(commonPrefix(["/tmp/a1", "/tmp/a2"])).toBe("/tmp/a");
    expect(commonPrefix([])).toBe("");
  });
});

describe("a slash line", () => {
  const world = worldOf(storeWith(["compact", "context-limit"]));
  it("names one of ours, the server's, or nothing; //text is a message starting with /", () => {
    expect(resolveLine("/help", world)).toMatchObject({ kind: "run", command: { name: "help" }, args: "" });
    expect(resolveLine("/context-limit  64000 ", world)).toMatchObject({ kind: "run", command: { name: "context-limit" }, args: "64000" });
    expect(resolveLine("/modle", world)).toEqual({ kind: "unknown", name: "modle" });
    expect(resolveLine("/usr/bin/ls is slow", world)).toEqual({ kind: "unknown", name: "usr/bin/ls" });
    expect(resolveLine("//etc/hosts please", world)).toEqual({ kind: "send", text: "/etc/hosts please" });
    expect(resolveLine("hello /help", world)).toEqual({ kind: "send", text: "hello /help" });
  });
  it("lists the server's commands after ours, fuzzy-matched", () => {
    const ours = COMMANDS.filter((c) => !c.available || c.available(world)).map((c) => c.name);
    expect(ours[0]).toBe("help");
    // Ours first, then the server's own; our /context-limit stands in for the server's.
    expect(ours).toContain("context-limit");
    expect(paletteMatches(world, "/").map((c) => c.name)).toEqual([...ours, "compact"]);
    expect(paletteMatches(world, "/cmp").map((c) => c.name)).toEqual(["compact"]);
    // Typing arguments: only the command named.
    expect(paletteMatches(world, "/context-limit 64").map((c) => c.name)).toEqual(["context-limit"]);
  });
  it("runs a server command with execute_command on the runtime on screen", () => {
    const s = session({ store: storeWith(["compact"]) });
    s.type("/compact").send(ENTER);
    expect(s.ui.views).toEqual([]);
    const req = s.effects.find((e) => e.kind === "request");
    expect(req).toMatchObject({ kind: "request", command: { type: "execute_command", command_id: "compact", runtime: { agent_id: "agent-1" } }, expect: "execute_command_response" });
    expect(s.ui.sent.entries.at(-1)).toBe("/compact");
  });
  it("a command the server refuses gives its line back to an empty input line, with one line saying why", () => {
    const s = session({ store: storeWith(["toolset"]) });
    s.type("/toolset codex").send(ENTER);
    const req = s.effects.find((e) => e.kind === "request");
    expect(req).toMatchObject({ reply: { to: "server-command", tag: "toolset", line: "/toolset codex" } });
    expect(s.ui.draft.value).toBe("");
    s.send({ type: "reply", to: "server-command", tag: "toolset", line: "/toolset codex", result: { ok: false, error: "No answer to execute_command within 30 s." } });
    expect(s.ui.draft.value).toBe("/toolset codex");
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "error", text: "/toolset: No answer to execute_command within 30 s." });
    // Something typed meanwhile is never replaced.
    const t = session({ store: storeWith(["toolset"]) });
    t.type("/toolset").send(ENTER).type("hello");
    t.send({ type: "reply", to: "server-command", tag: "toolset", line: "/toolset", result: { ok: false, error: "no" } });
    expect(t.ui.draft.value).toBe("hello");
  });
  it("a server command refused before it started is one line; its success shows as its block", () => {
    expect(commandReply("server-command", "toolset", { ok: false, error: "closed" }, world)).toEqual([{ kind: "notice", level: "error", text: "/toolset: closed" }]);
    // Answered (its block says why): no second line.
    const refused = { type: "execute_command_response" as const, request_id: "x", success: false, output: "Unknown command: toolset" };
    expect(commandReply("server-command", "toolset", { ok: false, error: "Unknown command: toolset", frame: refused }, world)).toEqual([]);
    expect(commandReply("server-command", "compact", { ok: true, frame: { type: "execute_command_response", request_id: "x", success: true } }, world)).toEqual([]);
  });
});

describe("the palette", () => {
  it("opens on / at the start of an empty line, filters as you type, Enter runs the highlighted one", () => {
    const s = session({ store: storeWith(["compact", "context-limit"]) });
    s.type("/");
    expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", field: { value: "/" } });
    expect(s.ui.draft.value).toBe("");
    s.type("co").send(DOWN, DOWN, ENTER);
    // "co": context-limit and copy (ours), then compact (the server's); ↓↓ picks the third.
    expect(s.effects.find((e) => e.kind === "request")).toMatchObject({ command: { command_id: "compact" } });
  });
  it("keys that arrive as one chunk (a fast typist, a slow link) open it with all of them", () => {
    const s = session();
    s.send(key("/he"));
    expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", field: { value: "/he" } });
    s.send(TAB);
    expect(s.ui.views.at(-1)?.field?.value).toBe("/help");
  });
  it("a / typed after text is text", () => {
    const s = session();
    s.type("a/b");
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("a/b");
  });
  it("Tab completes the name, then the argument from the command's candidates", () => {
    const s = session({ store: storeWith(["compact"]) });
    s.type("/he").send(TAB);
    expect(s.ui.views.at(-1)?.field?.value).toBe("/help");
  });
  it("asks about a line that names no command: Enter again sends it, nothing is sent before", () => {
    const s = session();
    s.type("/modle gpt").send(ENTER);
    expect(s.kinds()).not.toContain("send");
    expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", step: "ask-send", field: { value: "/modle gpt" } });
    expect(s.ui.views.at(-1)?.note).toMatch(/not a command/);
    s.send(ENTER);
    expect(s.effects.filter((e) => e.kind === "send")).toEqual([{ kind: "send", text: "/modle gpt" }]);
    expect(s.ui.views).toEqual([]);
  });
  it("Esc gives the line back to the input; editing it and Enter goes through the same path", () => {
    const s = session();
    s.type("/modle").send(ESC);
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("/modle");
    s.send(ENTER);
    expect(s.kinds()).not.toContain("send");
    expect(s.ui.views.at(-1)).toMatchObject({ id: "palette", step: "ask-send" });
  });
  it("backspace over the slash closes it with nothing left behind", () => {
    const s = session();
    s.type("/").send(BACKSPACE);
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("");
  });
  it("//text typed in the input sends /text", () => {
    const s = session();
    s.send(key("x"), BACKSPACE);
    // Start with text so the palette does not open, then make it //: as pasted.
    s.send({ type: "paste", text: "//help me" }, ENTER);
    expect(s.effects.filter((e) => e.kind === "send")).toEqual([{ kind: "send", text: "/help me" }]);
  });
  it("/help opens the help overlay, and help lists our commands from the same table", async () => {
    const s = session();
    s.type("/help").send(ENTER);
    expect(s.ui.views.at(-1)?.id).toBe("help");
    const { helpLines } = await import("../../src/ui/helpLayout.js");
    expect(helpLines().some((l) => l.kind === "key" && l.label === "/help")).toBe(true);
  });
});
