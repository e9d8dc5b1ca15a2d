import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { activeScope, NEW_AGENT, startLettaServer, transcript, type LettaServer } from "./support.js";

// /export and /copy through the real TUI against the real App Server (0.32.18) and the scripted
// model. The conversation is made longer than the page the attach loads (50 messages), then
// opened afresh, so its first message is only on the server: /export must read every page.

let server: LettaServer;
let app: MountedApp | undefined;
let dir: string;
const screen = () => app!.screen();
const idle = () => app!.waitFor("idle", () => app!.idle(), 60_000);
const texts = () => transcript(app!.session).map((i) => ("text" in i ? i.text : ""));
const notices = () => transcript(app!.session).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
showScreenOnFailure(() => app);

/** Turns after the first: each is a message and a reply, so the whole is well past 50 messages. */
const TURNS = 28;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cmd-export-"));
  server = await startLettaServer();
  app = await openApp(server, { config: { attach: { selection: NEW_AGENT, mode: "unrestricted", cwd: server.workDir } } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("/export and /copy against the real server", () => {
  it("/export FILE of a conversation longer than the loaded tail holds its first message and a tool call with its result", async () => {
    await app!.type("first words of all [[bash:echo tool-said-$((40+2))]]");
    await app!.waitFor("the tool's result", () => transcript(app!.session).some((i) => i.kind === "tool" && i.output?.includes("tool-said-42")), 60_000);
    await idle();
    for (let n = 1; n <= TURNS; n++) {
      await app!.type(`[[text:reply number ${n}]]`);
      await app!.waitFor(`reply ${n}`, () => texts().includes(`reply number ${n}`), 60_000);
      await idle();
    }
    // Opened afresh: the attach loads the newest 50 messages, which no longer reach the first.
    const scope = activeScope(app!.session);
    await app!.close();
    app = await openApp(server, { selection: { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id } });
    await app.waitFor("the last reply loaded", () => texts().includes(`reply number ${TURNS}`), 60_000);
    expect(texts().some((t) => t.includes("first words of all"))).toBe(false);

    const file = path.join(dir, "talk.md");
    await app.type(`/export ${file}`);
    await app.waitFor("the line saying where", () => notices().find((t) => t.includes("as Markdown to")), 60_000);
    expect(notices()).toContain(`exported ${notices().find((t) => t.startsWith("exported"))!.split(" ")[1]} messages as Markdown to ${file}`);
    const md = await readFile(file, "utf8");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(md).toContain("## You\n\nfirst words of all [[bash:echo tool-said-$((40+2))]]");
    expect(md).toMatch(/### Tool call: Bash\n\n```json\n[^`]*echo tool-said-\$\(\(40\+2\)\)/);
    expect(md).toMatch(/### Result of Bash\n\n```\ntool-said-42/);
    expect(md).toContain(`## Agent\n\nreply number ${TURNS}`);
    // In order: the first message before the tool call, before its result, before the last reply.
    const at = (s: string) => md.indexOf(s);
    expect(at("first words of all")).toBeLessThan(at("### Tool call: Bash"));
    expect(at("### Tool call: Bash")).toBeLessThan(at("### Result of Bash"));
    expect(at("reply number 1\n")).toBeLessThan(at(`reply number ${TURNS}`));
    // Letta Code's context for the model is not the person's words.
    expect(md).not.toContain("system-reminder");

    // Again to the same FILE: refused, the file as it was.
    await app.type(`/export ${file}`);
    await app.waitFor("the refusal", () => notices().find((t) => t.includes("already exists: not overwritten")), 60_000);
    expect(await readFile(file, "utf8")).toBe(md);
  }, 600_000);

  it("/copy writes exactly one OSC 52 sequence with the last reply, and the file whose path it says", async () => {
    const state = path.join(dir, "state");
    const before = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = state;
    try {
      const framesBefore = app!.ui.frames.length;
      await app!.type("/copy");
      await app!.waitFor("the line", () => notices().find((t) => t.startsWith("copied the last reply")), 60_000);
      const reply = `reply number ${TURNS}`;
      const sequences = app!.ui.frames.slice(framesBefore).join("").match(/\u001b\]52;[^\u0007]*\u0007/g);
      expect(sequences).toEqual([`\u001b]52;c;${Buffer.from(reply).toString("base64")}\u0007`]);
      const folder = path.join(state, "letta-tui", "copies");
      const [name] = await readdir(folder);
      expect(notices()).toContain(`copied the last reply (${reply.length} bytes) to the clipboard with OSC 52; also saved to ${path.join(folder, name!)}`);
      expect(await readFile(path.join(folder, name!), "utf8")).toBe(reply);
      expect((await stat(path.join(folder, name!))).mode & 0o777).toBe(0o600);
      await app!.waitFor("the line on screen", () => screen().includes("copied the last reply"));
    } finally {
      if (before === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = before;
    }
  }, 120_000);
});
