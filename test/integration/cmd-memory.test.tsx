import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { LETTA_MODEL, startLettaServer, testSession, waitFor, type LettaServer } from "./support.js";

// /memory driven by keys in the real TUI against the real App Server (scripted model), on an
// agent made the way Letta Code's onboarding makes one (personality memo: system/human.md and
// system/persona.md). Every change made on screen is checked against what the server itself
// then says: read_memory_file for the file, memory_history for its commits.

let server: LettaServer;
let app: MountedApp;
let agent = "";
showScreenOnFailure(() => app);

const ENTER = "\r";
const ESC = "\u001B";
const DOWN = "\u001B[B";
const ALT_M = "\u001Bm";
const screen = () => app.screen();

beforeAll(async () => {
  server = await startLettaServer();
  const maker = await testSession(server);
  try {
    const made = await maker.controller.request({ type: "create_agent", personality: "memo", model: LETTA_MODEL }, "create_agent_response");
    agent = made.type === "create_agent_response" ? (made.agent_id ?? "") : "";
  } finally {
    await maker.close();
  }
  app = await openApp(server, { selection: { kind: "new-conversation", agentId: agent } });
});
afterEach(() => {
  delete process.env.EDITOR;
  delete process.env.VISUAL;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

async function ask<T extends KnownFrame["type"]>(draft: Parameters<MountedApp["session"]["controller"]["request"]>[0], expect: T): Promise<Extract<KnownFrame, { type: T }>> {
  const frame = await app.session.controller.request(draft, expect);
  if (frame.type !== expect) throw new Error(`unexpected ${frame.type}`);
  return frame as Extract<KnownFrame, { type: T }>;
}
/** The file as the server has it now, raw (front matter and all); undefined if it is not there. */
async function serverFile(path: string): Promise<string | undefined> {
  const f = await ask({ type: "read_memory_file", agent_id: agent, path }, "read_memory_file_response");
  return f.success === false ? undefined : (f.content ?? undefined);
}
const serverHistory = async (path: string) => (await ask({ type: "memory_history", agent_id: agent, file_path: path }, "memory_history_response")).commits;

/** An editor that replaces `from` with `to` in the file it is given. */
function editorReplacing(name: string, from: string, to: string): string {
  const script = join(server.workDir, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\nsed -i "s/${from}/${to}/" "$1"\n`, { mode: 0o755 });
  return script;
}

/** Open the view (Alt+M) on the tree, and select the row whose text includes `row`. */
async function openOn(row: string): Promise<void> {
  if (!screen().includes("Memory of")) {
    app.write(ALT_M);
    await app.waitFor("the memory tree", () => screen().includes("◆ the whole memory") && screen().includes("human.md"), 30_000);
  }
  for (let i = 0; i < 12 && !selectedLine().includes(row); i++) {
    const before = selectedLine();
    app.write(DOWN);
    await app.waitFor("the selection moved", () => selectedLine() !== before);
  }
  expect(selectedLine()).toContain(row);
}
/** The selected row of the tree or history (the one with the pointer). */
function selectedLine(): string {
  return screen().split("\n").find((l) => l.startsWith("│ › ")) ?? "";
}

describe("/memory against the real server", () => {
  it("shows the files of an agent with memory, system files first, each with its description and size; Enter reads one", async () => {
    await app.type("/memory");
    await app.waitFor("the tree", () => /▾ system\/ \(2\)[\s\S]*human\.md · 1\.2k chars · What I'm learning about the person[\s\S]*persona\.md/.test(screen()), 30_000);
    await openOn("human.md");
    app.write(ENTER);
    await app.waitFor("the file rendered", () => screen().includes("system/human.md · 1.2k chars") && screen().includes("Learn sideways, through the work."));
    app.write(ESC);
    await app.waitFor("back on the tree", () => screen().includes("◆ the whole memory"));
  });

  it("writes an edit made in $EDITOR after showing its diff: the server's file and history have it, the front matter kept", async () => {
    process.env.EDITOR = editorReplacing("edit-human", "Learn sideways", "Learn by doing");
    await openOn("human.md");
    app.write("e");
    await app.waitFor("the diff to confirm", () => screen().includes("Write system/human.md? +1 −1") && screen().includes("+ Learn by doing, through the work."), 30_000);
    expect(await serverFile("system/human.md")).toContain("Learn sideways");
    app.write("y");
    await app.waitFor("written", () => /wrote system\/human\.md \(commit [0-9a-f]{7}\)/.test(screen()), 30_000);
    const raw = await serverFile("system/human.md");
    expect(raw).toMatch(/^---\ndescription: What I'm learning about the person/);
    expect(raw).toContain("Learn by doing, through the work.");
    expect((await serverHistory("system/human.md"))[0]?.message).toBe("Edit system/human.md");
    app.write(ESC);
    await app.waitFor("back on the tree", () => screen().includes("◆ the whole memory"));
  });

  it("shows a commit's diff, the file as it was, and restores it after a diff current → old", async () => {
    await openOn("human.md");
    app.write("h");
    await app.waitFor("the file's history", () => /History of system\/human\.md · 2 commits[\s\S]*Edit system\/human\.md/.test(screen()), 30_000);
    app.write(ENTER);
    await app.waitFor("the commit's diff", () => screen().includes("- Learn sideways, through the work.") && screen().includes("+ Learn by doing, through the work."), 30_000);
    app.write(ESC);
    await app.waitFor("the history again", () => screen().includes("History of system/human.md"));
    app.write(DOWN);
    await app.waitFor("the first commit selected", () => selectedLine().includes("initialize"));
    app.write("v");
    await app.waitFor("the file as it was", () => screen().includes("system/human.md as of") && screen().includes("Learn sideways"), 30_000);
    app.write("r");
    await app.waitFor("the restore's diff", () => screen().includes("Write system/human.md? +1 −1") && screen().includes("- Learn by doing") && screen().includes("+ Learn sideways"), 30_000);
    app.write("y");
    await app.waitFor("restored", () => screen().includes("wrote system/human.md"), 30_000);
    expect(await serverFile("system/human.md")).toContain("Learn sideways, through the work.");
    expect((await serverHistory("system/human.md"))[0]?.message).toMatch(/^Restore system\/human\.md as of [0-9a-f]{7}$/);
    app.write(ESC);
    await app.waitFor("back on the tree", () => screen().includes("◆ the whole memory"));
  });

  it("stays live: a file written elsewhere appears marked; delete asks first, and a first key deletes nothing", async () => {
    await openOn("human.md");
    // On this connection (memory_updated goes to the connection that made the change).
    await ask({ type: "write_memory_file", agent_id: agent, path: "notes/scratch.md", content: "---\ndescription: Scratch notes\n---\nscratch\n", commit_message: "scratch" }, "write_memory_file_response");
    await app.waitFor("the new file, marked", () => /● scratch\.md · \d+ chars · Scratch notes/.test(screen()), 30_000);
    await openOn("scratch.md");
    app.write("d");
    await app.waitFor("the question", () => screen().includes("Delete notes/scratch.md from the agent's memory?"));
    app.write("n");
    await app.waitFor("kept", () => screen().includes("kept notes/scratch.md"));
    expect(await serverFile("notes/scratch.md")).toContain("scratch");
    app.write("d");
    await app.waitFor("the question again", () => screen().includes("Delete notes/scratch.md"));
    app.write("y");
    await app.waitFor("deleted", () => screen().includes("deleted notes/scratch.md") && !screen().includes("scratch.md ·"), 30_000);
    expect(await serverFile("notes/scratch.md")).toBeUndefined();
  });

  it("refreshes and marks a file the agent changes with its memory tool during a turn", async () => {
    await openOn("persona.md");
    const edit = { command: "str_replace", reason: "a new name", file_path: "system/persona.md", old_string: "Letta Code for now.", new_string: "Called Quill now." };
    app.session.controller.sendMessage(`[[tool:memory|${JSON.stringify(edit)}]]`);
    await app.waitFor("persona.md marked", () => /● persona\.md/.test(screen()), 60_000);
    await waitFor("the turn ended", () => app.idle(), { timeoutMs: 60_000 });
    app.write(ENTER);
    await app.waitFor("the new text", () => screen().includes("Called Quill now."));
    await app.waitFor("the mark gone once read", () => !screen().includes("● changed"));
  });
});
