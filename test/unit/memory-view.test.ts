import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { stateOf } from "../../src/ui/memory/entry.js";
import type { filesOf } from "../../src/ui/memory/files.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { renderToString } from "ink";
import { createElement } from "react";
import { memory } from "../../src/ui/views/memory.js";
import { memoryLines } from "../../src/ui/views/memoryLines.js";
import { RUNTIME, dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session } from "./ui-driver.js";

// /memory's steps through update, with no Ink: what each key sends, what each answer shows.

const known = (json: Record<string, unknown>): KnownFrame => {
  const p = parseFrame(JSON.stringify(json));
  if (p.kind !== "frame") throw new Error(JSON.stringify(p));
  return p.frame;
};
const reply = (tag: string, frame: Record<string, unknown>): Msg => ({ type: "reply", to: "memory", tag, result: { ok: true, frame: known({ request_id: "r", success: true, ...frame }) } });
const refused = (tag: string, error: string): Msg => ({ type: "reply", to: "memory", tag, result: { ok: false, error } });
const requests = (effects: readonly Effect[]) => effects.flatMap((e) => (e.kind === "request" ? [e.command] : []));
const top = (s: ReturnType<typeof session>) => s.ui.views.at(-1)!;
const text = (s: ReturnType<typeof session>) =>
  memoryLines(stateOf(top(s)), { width: 100, color: false, now: Date.parse("2026-12-07T01:00:00Z") })
    .map((l) => ("text" in l ? l.text : `[${l.field.value}]`))
    .join("\n");
const entry = (path: string, content: string, description: string | null = `about ${path}`) => ({ relative_path: path, is_system: path.startsWith("system/"), description, content, size: content.length, kind: "markdown" });
const HUMAN = entry("system/human.md", "The human likes tea.\n");
const PERSONA = entry("system/persona.md", "I am steady.\n");
const NOTES = entry("notes/plan.md", "# Plan\n\n- ship it\n");
const listed = (...entries: Parameters<typeof filesOf>[0][number][]) => reply("list", { type: "list_memory_response", entries, done: true, total: entries.length, memfs_enabled: true });
const edited = (text?: string, editor = "vi"): Msg => ({ type: "text-edited", to: "memory", tag: "edited", editor, text });
const busy = (s: ReturnType<typeof session>) => dispatchFrame(s.store, { type: "update_loop_status", loop_status: { status: "PROCESSING_API_RESPONSE" } });
const idle = (s: ReturnType<typeof session>) => dispatchFrame(s.store, { type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } });

function opened(...entries: Parameters<typeof filesOf>[0][number][]) {
  const s = session();
  s.type("/memory").send(ENTER);
  s.send(listed(...(entries.length ? entries : [NOTES, PERSONA, HUMAN])));
  return s;
}

describe("/memory", () => {
  it("opens on list_memory of the agent on screen: system files first, each with its description and size", () => {
    const s = session();
    s.type("/memory").send(ENTER);
    expect(requests(s.effects)).toEqual([{ type: "list_memory", agent_id: RUNTIME.agent_id }]);
    expect(text(s)).toContain("loading…");
    s.send(listed(NOTES, PERSONA, HUMAN));
    const shown = text(s);
    expect(shown).toContain("Memory of tester · 3 files");
    const order = ["◆ the whole memory", "▾ system/ (2)", "human.md · 21 chars · about system/human.md", "persona.md", "▾ notes/ (1)", "plan.md · 18 chars"].map((t) => shown.indexOf(t));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  it("Alt+M opens it too, and closes it again", () => {
    const s = session();
    s.send(key("m", { meta: true }));
    expect(top(s).id).toBe("memory");
    s.send(key("m", { meta: true }));
    expect(s.ui.views).toHaveLength(0);
  });

  it("folds a folder on Enter; Enter on a file shows it rendered as markdown", () => {
    const s = opened();
    s.send(DOWN, ENTER);
    expect(text(s)).toContain("▸ system/ (2)");
    expect(text(s)).not.toContain("human.md");
    s.send(ENTER, DOWN, DOWN, ENTER);
    expect(stateOf(top(s)).screen).toMatchObject({ kind: "file", path: "system/persona.md" });
    s.send(ESC, DOWN, DOWN, ENTER);
    expect(text(s)).toContain("notes/plan.md · 18 chars");
    // Rendered: the list's dash is a bullet.
    expect(text(s)).toContain("• ship it");
    expect(text(s)).not.toContain("- ship it");
  });

  it("refetches on memory_updated, marks what changed until it is opened", () => {
    const s = opened();
    s.send({ type: "broadcast", frame: "memory_updated" });
    expect(requests(s.effects).at(-1)).toEqual({ type: "list_memory", agent_id: RUNTIME.agent_id });
    // A second one while the first is out is one more fetch after it, not one each.
    const before = s.effects.length;
    s.send({ type: "broadcast", frame: "memory_updated" });
    expect(s.effects.length).toBe(before);
    s.send(listed(NOTES, PERSONA, entry("system/human.md", "The human likes coffee.\n")));
    expect(requests(s.effects).at(-1)).toEqual({ type: "list_memory", agent_id: RUNTIME.agent_id });
    s.send(listed(NOTES, PERSONA, entry("system/human.md", "The human likes coffee.\n")));
    expect(text(s)).toContain("● 1 changed");
    expect(text(s)).toContain("● human.md");
    s.send(DOWN, DOWN, ENTER, ESC);
    expect(text(s)).not.toContain("●");
  });

  it("edits the whole file (front matter kept) in the editor, shows the diff, writes only on y", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("e"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "read_memory_file", agent_id: RUNTIME.agent_id, path: "system/human.md" });
    const raw = "---\ndescription: about system/human.md\n---\nThe human likes tea.\n";
    s.send(reply("read-edit", { type: "read_memory_file_response", path: "system/human.md", content: raw, encoding: "utf8" }));
    expect(s.effects.at(-1)).toMatchObject({ kind: "edit-text", text: raw, suffix: ".md", reply: { to: "memory", tag: "edited" } });
    s.send(edited(raw.replace("tea", "green tea")));
    expect(text(s)).toContain("Write system/human.md? +1 −1");
    expect(text(s)).toContain("- The human likes tea.");
    expect(text(s)).toContain("+ The human likes green tea.");
    const sent = requests(s.effects).length;
    s.send(key("x"));
    expect(requests(s.effects).length).toBe(sent);
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "write_memory_file", agent_id: RUNTIME.agent_id, path: "system/human.md", content: raw.replace("tea", "green tea"), commit_message: "Edit system/human.md" });
    s.send(reply("write", { type: "write_memory_file_response", path: "system/human.md", committed: true, commit_sha: "abcdef1234" }));
    expect(text(s)).toContain("wrote system/human.md (commit abcdef1)");
    expect(requests(s.effects).at(-1)).toEqual({ type: "list_memory", agent_id: RUNTIME.agent_id });
  });

  it("refuses to write while the agent's turn runs, and keeps the change on screen for y after it", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("e"));
    const raw = "---\ndescription: d\n---\nx\n";
    s.send(reply("read-edit", { type: "read_memory_file_response", path: "system/human.md", content: raw }), edited(raw + "y\n"));
    busy(s);
    const sent = requests(s.effects).length;
    s.send(key("y"));
    expect(requests(s.effects).length).toBe(sent);
    expect(text(s)).toContain("the agent is at work");
    expect(text(s)).toContain("Write system/human.md?");
    idle(s);
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toMatchObject({ type: "write_memory_file", content: raw + "y\n" });
  });

  it("an unchanged edit writes nothing; a failed editor says so", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("e"), reply("read-edit", { type: "read_memory_file_response", content: "same" }), edited("same"));
    expect(text(s)).toContain("no change to system/human.md");
    s.send(key("e"), reply("read-edit", { type: "read_memory_file_response", content: "same" }), edited(undefined, "false"));
    expect(text(s)).toContain("the editor (false) failed or could not start; system/human.md is unchanged");
    expect(requests(s.effects).some((c) => c.type === "write_memory_file")).toBe(false);
  });

  it("a refused write stays on the confirm with why; y tries again", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("e"), reply("read-edit", { type: "read_memory_file_response", content: "a\n" }), edited("b\n"), key("y"));
    s.send(refused("write", "Memory repo has uncommitted changes."));
    expect(text(s)).toContain("the server refused it: Memory repo has uncommitted changes.. y tries again");
    expect(text(s)).toContain("Write system/human.md?");
  });

  it("creates a file: path, description in front matter, the editor, the diff, then write", () => {
    const s = opened();
    s.send(key("n")).type("../x").send(ENTER);
    expect(text(s)).toContain("no empty, . or .. parts");
    for (let i = 0; i < 4; i++) s.send(key("", { backspace: true }));
    s.type("notes/ideas").send(ENTER).type("Ideas worth keeping").send(ENTER);
    expect(s.effects.at(-1)).toMatchObject({ kind: "edit-text", text: "---\ndescription: Ideas worth keeping\n---\n" });
    s.send(edited("---\ndescription: Ideas worth keeping\n---\nOne idea.\n"));
    expect(text(s)).toContain("Create notes/ideas.md? +4 −0");
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "write_memory_file", agent_id: RUNTIME.agent_id, path: "notes/ideas.md", content: "---\ndescription: Ideas worth keeping\n---\nOne idea.\n", commit_message: "Create notes/ideas.md" });
  });

  it("creates a file with an empty body when there is no editor", () => {
    const s = opened();
    s.send(key("n")).type("todo").send(ENTER).type("What is left").send(ENTER, { type: "text-edited", to: "memory", tag: "edited" });
    expect(text(s)).toContain("Create todo.md? +3 −0");
  });

  it("deletes only after a confirmation that names the file", () => {
    const s = opened();
    s.send(DOWN, DOWN, DOWN, DOWN, DOWN, key("d"));
    expect(text(s)).toContain("Delete notes/plan.md from the agent's memory?");
    expect(requests(s.effects).some((c) => c.type === "delete_memory_file")).toBe(false);
    s.send(key("n"));
    expect(text(s)).toContain("kept notes/plan.md");
    s.send(key("d"), key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "delete_memory_file", agent_id: RUNTIME.agent_id, path: "notes/plan.md", commit_message: "Delete notes/plan.md" });
    s.send(reply("delete", { type: "delete_memory_file_response", path: "notes/plan.md", committed: true, commit_sha: "1234567890" }));
    expect(text(s)).toContain("deleted notes/plan.md (commit 1234567)");
  });

  it("history: a file's commits, a commit's diff, the file as it was, and restore after the diff current → old", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("h"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "memory_history", agent_id: RUNTIME.agent_id, file_path: "system/human.md", limit: 50 });
    const commits = [
      { sha: "bbbbbbb111", message: "Edit system/human.md", timestamp: "2026-12-07T00:55:00+00:00", author_name: "tester" },
      { sha: "aaaaaaa000", message: "chore: initialize local memory", timestamp: "2026-12-06T22:00:00+00:00", author_name: "Letta Code" },
    ];
    s.send(reply("history", { type: "memory_history_response", file_path: "system/human.md", commits }));
    expect(text(s)).toContain("History of system/human.md · 2 commits");
    expect(text(s)).toContain("bbbbbbb · Edit system/human.md · tester · 5 min ago");
    s.send(ENTER);
    expect(requests(s.effects).at(-1)).toEqual({ type: "memory_commit_diff", agent_id: RUNTIME.agent_id, sha: "bbbbbbb111" });
    s.send(reply("diff", { type: "memory_commit_diff_response", sha: "bbbbbbb111", diff: "diff --git a/system/human.md b/system/human.md\n--- a/system/human.md\n+++ b/system/human.md\n@@ -4 +4 @@\n-The human likes tea.\n+The human likes coffee.\n" }));
    expect(text(s)).toContain("4   - The human likes tea.");
    expect(text(s)).toContain("  4 + The human likes coffee.");
    s.send(ESC, DOWN, key("v"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "memory_file_at_ref", agent_id: RUNTIME.agent_id, file_path: "system/human.md", ref: "aaaaaaa000" });
    const old = "---\ndescription: d\n---\nThe human likes tea.\n";
    s.send(reply("old", { type: "memory_file_at_ref_response", file_path: "system/human.md", ref: "aaaaaaa000", content: old }));
    expect(text(s)).toContain("system/human.md as of aaaaaaa");
    expect(text(s)).toContain("4   The human likes tea.");
    s.send(key("r"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "read_memory_file", agent_id: RUNTIME.agent_id, path: "system/human.md" });
    s.send(reply("read-restore", { type: "read_memory_file_response", content: old.replace("tea", "coffee") }));
    expect(text(s)).toContain("Write system/human.md? +1 −1");
    expect(text(s)).toContain("- The human likes coffee.");
    expect(text(s)).toContain("+ The human likes tea.");
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "write_memory_file", agent_id: RUNTIME.agent_id, path: "system/human.md", content: old, commit_message: "Restore system/human.md as of aaaaaaa" });
  });

  it("does not open an image in the editor", () => {
    const s = opened({ relative_path: "notes/diagram.png", is_system: false, description: null, content: "", size: 2048, kind: "image" });
    s.send(DOWN, DOWN, key("e"));
    expect(text(s)).toContain("notes/diagram.png is an image: it is not edited here");
    expect(requests(s.effects).some((c) => c.type === "read_memory_file")).toBe(false);
  });

  it("a history on screen is asked again on memory_updated: the new commit shows up", () => {
    const s = opened();
    s.send(key("h"), reply("history", { type: "memory_history_response", commits: [{ sha: "a1", message: "first", timestamp: "2026-12-07T00:00:00Z", author_name: "x" }] }));
    s.send({ type: "broadcast", frame: "memory_updated" });
    expect(text(s)).toContain("a1 · first");
    expect(requests(s.effects).slice(-2)).toEqual([
      { type: "list_memory", agent_id: RUNTIME.agent_id },
      { type: "memory_history", agent_id: RUNTIME.agent_id, limit: 50 },
    ]);
    s.send(reply("history", { type: "memory_history_response", commits: [{ sha: "b2", message: "second", timestamp: "2026-12-07T00:01:00Z", author_name: "x" }, { sha: "a1", message: "first", timestamp: "2026-12-07T00:00:00Z", author_name: "x" }] }));
    expect(text(s)).toContain("History of the whole memory · 2 commits");
    // The commit that was selected still is.
    expect(text(s)).toContain("› a1 · first");
  });

  it("h on the first row is the whole memory's history", () => {
    const s = opened();
    s.send(key("h"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "memory_history", agent_id: RUNTIME.agent_id, limit: 50 });
  });

  it("an agent without memory: the view says so and y enables it, then lists it", () => {
    const s = session();
    s.type("/memory").send(ENTER, reply("list", { type: "list_memory_response", entries: [], done: true, total: 0, memfs_enabled: false, memfs_initialized: false }));
    expect(text(s)).toContain("Memory is not enabled for this agent");
    expect(text(s)).toContain("y enable memory");
    s.send(key("y"));
    expect(requests(s.effects).at(-1)).toEqual({ type: "enable_memfs", agent_id: RUNTIME.agent_id });
    s.send(reply("enable", { type: "enable_memfs_response", memory_directory: "/m" }));
    expect(requests(s.effects).at(-1)).toEqual({ type: "list_memory", agent_id: RUNTIME.agent_id });
    s.send(listed(HUMAN));
    expect(text(s)).toContain("human.md");
    expect(text(s)).toContain("memory enabled in /m");
  });

  it("shows hostile server text as visible escapes", () => {
    const s = opened(entry("notes/\u001b[2Jx.md", "body", "desc \u001b]52;c;AAAA\u0007 end"));
    s.send({ type: "broadcast", frame: "memory_updated" });
    const shown = text(s);
    expect(shown).not.toContain("\u001b");
    expect(shown).toContain("\\x1b[2Jx.md");
    expect(shown).toContain("desc \\x1b]52;c;AAAA\\x07 end");
  });

  it("scrolls to the end of a paragraph longer than the window", () => {
    const s = opened(entry("notes/long.md", `${"word ".repeat(600)}THE-END\n`));
    s.send(DOWN, DOWN, ENTER);
    expect(text(s)).not.toContain("THE-END");
    for (let i = 0; i < 5; i++) s.send(key("", { pageDown: true }));
    expect(text(s)).toContain("THE-END");
  });

  it("shows the end of a long changed line in a diff, where the panel's edge would cut it", () => {
    const s = opened();
    s.send(DOWN, DOWN, key("e"), reply("read-edit", { type: "read_memory_file_response", content: "short\n" }), edited(`${"word ".repeat(60)}THE-END\n`));
    // As Ink draws it at 100 columns: a row longer than the panel is cut at its edge.
    const View = memory.View;
    const drawn = renderToString(createElement(View, { entry: top(s), ui: s.ui, world: { app: s.store.getState(), serverLog: false, listen: false }, height: 40, width: 100 }), { columns: 100 });
    expect(drawn).toContain("THE-END");
  });

  it("draws only a window of a long tree and a long file", () => {
    const many = Array.from({ length: 500 }, (_, i) => entry(`notes/n${String(i).padStart(3, "0")}.md`, `line\n`.repeat(400)));
    const s = opened(...many);
    const lines = memoryLines(stateOf(top(s)), { width: 80, color: false, now: 0 });
    expect(lines.length).toBeLessThan(20);
    s.send(DOWN, DOWN, ENTER);
    const file = memoryLines(stateOf(top(s)), { width: 80, color: false, now: 0 });
    expect(file.length).toBeLessThan(22);
    expect(text(s)).toContain("lines below");
  });
});
