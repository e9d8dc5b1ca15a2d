import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { serverHistory } from "./history-compare.js";
import { startLettaServer, type LettaServer } from "./support.js";

// Composing against the real App Server (scripted model): `@` completes from the server's
// search_files in the runtime's working directory and the message goes out with the path as
// typed; Alt+E hands the draft to $EDITOR and takes the result back.

let server: LettaServer;
let app: MountedApp;
let sent: MockInstance<(frame: unknown) => void>;
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer();
  // Names no other file in the work dir shares, so the fuzzy search puts them first.
  writeFileSync(join(server.workDir, "zebra-notes.md"), "# notes\n");
  mkdirSync(join(server.workDir, "zebra-folder"), { recursive: true });
  writeFileSync(join(server.workDir, "zebra-folder", "inner-quokka.txt"), "inside\n");
  app = await openApp(server);
  sent = vi.spyOn(app.session.log, "sent");
});
afterEach(() => {
  delete process.env.EDITOR;
  delete process.env.VISUAL;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const ENTER = "\r";
const TAB = "\t";
const CTRL_U = "\u0015";
const ALT_E = "\u001Be";
const screen = () => app.screen();
/** The `input` frames the session sent, as text. */
const inputs = () => sent.mock.calls.map((c) => JSON.stringify(c[0])).filter((f) => f.includes('"type":"input"'));

describe("@ file completion against the real server", () => {
  it("completes a real file of the work dir, Enter inserts it without sending, and the message carries @path", async () => {
    const before = inputs().length;
    app.write("please read @zebra-no");
    await app.waitFor("the file listed", () => screen().includes("zebra-notes.md") && !screen().includes("searching…"), 30_000);
    app.write(ENTER);
    await app.waitFor("the path inserted", () => screen().includes("please read @zebra-notes.md") && !screen().includes("Tab/Enter insert"));
    expect(inputs().length).toBe(before);
    app.write(ENTER);
    await app.waitFor("sent and answered", () => inputs().length > before && /› please read @zebra-notes\.md[\s\S]*pong/.test(screen()), 60_000);
    expect(inputs().at(-1)).toContain("please read @zebra-notes.md");
    // What the server stored as the user's message (read on a connection of its own): the mention as typed.
    const history = JSON.stringify(await serverHistory(server, app.session));
    expect(history).toContain("please read @zebra-notes.md");
  });

  it("a folder goes in as @dir/ and the list goes on inside it", async () => {
    await app.waitFor("idle", () => app.idle());
    app.write(CTRL_U);
    app.write("@zebra-fol");
    await app.waitFor("the folder listed", () => screen().includes("▸ zebra-folder/") && !screen().includes("searching…"), 30_000);
    app.write(TAB);
    await app.waitFor("inside the folder", () => screen().includes("@zebra-folder/") && screen().includes("zebra-folder/inner-quokka.txt"), 30_000);
    app.write("\u001B");
    await app.waitFor("the list closed, the text kept", () => !screen().includes("Tab/Enter insert") && screen().includes("@zebra-folder/"));
    app.write(CTRL_U);
  });
});

describe("$EDITOR for the draft", () => {
  it("Alt+E writes the draft in the editor and takes its result back", async () => {
    const editor = join(server.workDir, "draft-editor.sh");
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/typed here/rewritten in the editor/" "$1"\n', { mode: 0o755 });
    process.env.VISUAL = editor;
    app.write(CTRL_U);
    app.write("a draft typed here");
    await app.waitFor("the draft", () => screen().includes("a draft typed here"));
    app.write(ALT_E);
    await app.waitFor("the edited draft", () => screen().includes("a draft rewritten in the editor"), 30_000);
  });

  it("an editor that fails leaves the draft unchanged and says so", async () => {
    process.env.VISUAL = "false";
    app.write(CTRL_U);
    app.write("keep this draft");
    await app.waitFor("the draft", () => screen().includes("keep this draft"));
    app.write(ALT_E);
    await app.waitFor("the editor's failure", () => screen().includes("the editor (false) failed"), 30_000);
    expect(screen()).toContain("keep this draft");
    app.write(CTRL_U);
  });
});
