import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import type { TranscriptItem } from "../../src/store/state.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { LETTA_MODEL, runtimeOf, startLettaServer, testSession, type LettaServer } from "./support.js";

// Issue 15, watching the memory change: the agent changes a memory file through its memory tool
// (scripted model) and the transcript says which file, with its counts, the diff opening with
// Ctrl+O; a second client attached to the same conversation sees the same line. A Write into the
// memory folder leaves the repository dirty, which is explained, as is the memory tool's refusal.

let server: LettaServer;
let app: MountedApp;
let other: Session | undefined;
let agentId: string;
showScreenOnFailure(() => app);

const CTRL_O = "\u000f";
const screen = () => app.screen();
const items = (s: Session): TranscriptItem[] => allItems(runtimeOf(s.store.getState()).transcript);
const memoryItems = (s: Session) => items(s).filter((i): i is Extract<TranscriptItem, { kind: "memory" }> => i.kind === "memory");
const notices = (s: Session) => items(s).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
const memoryTool = (args: Record<string, unknown>) => `[[tool:memory|${JSON.stringify(args)}]]`;
const memoryDir = () => runtimeOf(app.session.store.getState()).device?.memory_directory ?? undefined;

beforeAll(async () => {
  server = await startLettaServer();
  // An agent with memory files: 0.32.18's `memo` personality gives system/human.md and persona.md.
  const boot = await testSession(server);
  try {
    const made = await boot.controller.request({ type: "create_agent", personality: "memo", model: LETTA_MODEL }, "create_agent_response");
    if (made.type !== "create_agent_response" || !made.agent_id) throw new Error(`create_agent failed: ${JSON.stringify(made)}`);
    agentId = made.agent_id;
  } finally {
    await boot.close();
  }
  app = await openApp(server, { selection: { kind: "existing", agentId, conversationId: "default" } });
  // A second client on the same conversation: 0.32.18 sent the memory tool's memory_updated to
  // neither of two attached clients, so the line must not depend on it.
  other = await testSession(server, { kind: "existing", agentId, conversationId: "default" });
}, 120_000);
afterAll(async () => {
  await other?.close();
  await app?.close();
  await server?.stop();
});

describe("the memory change in the transcript", () => {
  it("the memory tool changing system/human.md gives one line with its counts, on both clients", async () => {
    await app.type(
      memoryTool({ command: "str_replace", reason: "learned the name", file_path: "system/human.md", old_string: "Learn sideways, through the work.", new_string: "Learn sideways, through the work.\nName: Ada\nLikes: tea" }),
    );
    await app.waitFor("the memory line", () => screen().includes("◆ memory: system/human.md changed, +2 −0"), 60_000);
    await app.waitFor("idle", () => app.idle());
    expect(memoryItems(app.session)).toMatchObject([{ path: "system/human.md", change: "changed", added: 2, removed: 0 }]);
    // Collapsed: the diff's rows are not drawn (a numbered "+ Name: Ada" row is the diff's).
    expect(screen()).not.toMatch(/\d \+ Name: Ada/);
    await app.waitFor("the same line on the other client", () => memoryItems(other!).length === 1 && memoryItems(other!)[0]!.added === 2);
    expect(memoryItems(other!)[0]!.sha).toBe(memoryItems(app.session)[0]!.sha);
  });

  it("with Ctrl+O the diff is drawn under the line, numbered from the commit's hunks", async () => {
    app.write(CTRL_O);
    await app.type(memoryTool({ command: "str_replace", reason: "tea to coffee", file_path: "system/human.md", old_string: "Likes: tea", new_string: "Likes: coffee" }));
    await app.waitFor("the memory line with its diff", () => screen().includes("◆ memory: system/human.md changed, +1 −1") && /\d+ \+ Likes: coffee/.test(screen()), 60_000);
    expect(screen()).toMatch(/\d+ {2,}- Likes: tea/);
    expect(screen()).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/);
    await app.waitFor("idle", () => app.idle());
  });

  it("a Write into the memory folder is explained, and so is the memory tool's refusal that follows", async () => {
    const dir = await app.waitFor("the memory folder in the device status", memoryDir);
    await app.type(`[[write:${dir}/stray.md|written outside the memory tool]]`);
    await app.waitFor("the Write's card", () => screen().includes("1. Yes"), 60_000);
    app.pause();
    app.write("y");
    await app.waitFor("the explanation", () => notices(app.session).some((n) => n.includes("stray.md was written into the memory folder outside the memory tool")), 60_000);
    await app.waitFor("idle", () => app.idle());
    // What the notice says is so: the repository is dirty with that file.
    expect(execFileSync("git", ["-C", dir, "status", "--porcelain"], { encoding: "utf8" })).toContain("stray.md");
    expect(screen()).toContain("the agent's memory tool refuses every change. Fix: cd '");

    await app.type(memoryTool({ command: "str_replace", reason: "again", file_path: "system/human.md", old_string: "Name: Ada", new_string: "Name: Ada L." }));
    await app.waitFor("the refusal explained", () => notices(app.session).some((n) => n.includes("the memory tool refused: the memory repository has uncommitted changes")), 60_000);
    await app.waitFor("idle", () => app.idle());
    // No line for a change that did not happen.
    expect(memoryItems(app.session)).toHaveLength(2);
  });
});
