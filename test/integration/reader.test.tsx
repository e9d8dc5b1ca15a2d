import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from "../../src/ui/reader/altScreen.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { activeScope, NEW_AGENT, startLettaServer, transcript, type LettaServer } from "./support.js";

// The reader (Ctrl+F) against the real App Server (0.32.18) and the scripted model. The
// conversation is made longer than the page the attach loads (50 messages), then opened afresh,
// so its first turn is only on the server: a search for a word of it must read older pages.

let server: LettaServer;
let app: MountedApp | undefined;
const texts = () => transcript(app!.session).map((i) => ("text" in i ? i.text : ""));
const idle = () => app!.waitFor("idle", () => app!.idle(), 60_000);
showScreenOnFailure(() => app);

/** Turns after the first: each a message and a reply, so the whole is well past 50 messages. */
const TURNS = 28;
const CTRL_F = "\u0006";
const ESC = "\u001b";

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server, { config: { attach: { selection: NEW_AGENT, mode: "unrestricted", cwd: server.workDir } } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("the reader against the real server", () => {
  it("finds a word of the first turn, which only the server has, and Esc gives back the input line with its draft", async () => {
    await app!.type("[[text:zebrafirst said once]]");
    await app!.waitFor("the first reply", () => texts().includes("zebrafirst said once"), 60_000);
    await idle();
    for (let n = 1; n <= TURNS; n++) {
      await app!.type(`[[text:turn-${n}]]`);
      await app!.waitFor(`reply ${n}`, () => texts().includes(`turn-${n}`), 60_000);
      await idle();
    }
    const scope = activeScope(app!.session);
    await app!.close();
    app = await openApp(server, { selection: { kind: "existing", agentId: scope.agent_id!, conversationId: scope.conversation_id } });
    await app.waitFor("the last reply loaded", () => texts().includes(`turn-${TURNS}`), 60_000);
    expect(texts().some((t) => t.includes("zebrafirst"))).toBe(false);
    expect(app.screen()).not.toContain("zebrafirst");

    app.write("a draft");
    await app.waitFor("the draft", () => app!.screen().includes("› a draft"));
    await app.press(CTRL_F, "the reader", () => app!.screen().includes("reader · lines"));
    app.write("/");
    await app.waitFor("the search line", () => app!.screen().includes("type the words to find"));
    app.write("zebrafirst");
    // The message and its reply: two matches, the pages read back to the start (no "+").
    await app.waitFor("the word from the first turn, found on an older page", () => /zebrafirst said once[\s\S]*\/zebrafirst {3}2\/2\n/.test(app!.screen()), 60_000);
    expect(app.screen()).toContain("── the start of the conversation ──");
    app.write("\r");
    await app.waitFor("the search kept, the keys back to reading", () => app!.screen().includes("↑/↓ scroll a row"));

    const closing = app.ui.frames.length;
    app.write(ESC);
    await app.waitFor("the input line with its draft", () => app!.screen().includes("› a draft"), 10_000);
    const written = app.ui.frames.slice(closing).join("");
    expect(written).toContain(ALT_SCREEN_OFF);
    expect(written).not.toContain(ALT_SCREEN_ON);
    expect(app.screen()).not.toContain("reader · lines");
  }, 600_000);
});
