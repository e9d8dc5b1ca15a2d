import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { runtimeOf, startLettaServer, toolResultsSeenByModel, transcript, waitFor, type LettaServer } from "./support.js";

// The real Ink app, driven by keys, against the real App Server with the scripted model.

let server: LettaServer;
let app: MountedApp;
let quit = false;

const ENTER = "\r";
const ESC = "\u001B";
const screen = () => app.screen();
/** Type like a person: the text, then Enter as its own keypress. */
const type = (text: string) => app.type(text);
const isApprovalResponse = (f: unknown): boolean =>
  typeof f === "object" && f !== null && "type" in f && f.type === "input" && "payload" in f &&
  typeof f.payload === "object" && f.payload !== null && "kind" in f.payload && f.payload.kind === "approval_response";
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server, { onQuit: () => (quit = true) });
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("the TUI against the real server", () => {
  it("mounts, sends hello from the input line and shows the reply", async () => {
    await waitFor("status line", () => screen().includes("● connected") && screen().includes("standard"));
    await type("hello");
    await waitFor("the reply on screen", () => /› hello[\s\S]*pong/.test(screen()));
    await waitFor("idle again", () => screen().includes("idle"));
  });

  it("approves a Bash call with y: the command runs and the file exists", async () => {
    const file = join(server.workDir, "approved.txt");
    await type(`please [[bash:echo yes > ${file}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    expect(screen()).toContain(`$ echo yes > ${file}`);
    expect(screen()).toContain("y yes · a always · n no");
    expect(existsSync(file)).toBe(false);
    app.pause();
    app.write("y");
    await waitFor("the card to close and the tool to finish", () => !screen().includes("Run this command?") && screen().includes("✓ Bash"));
    await waitFor("the file", () => existsSync(file));
    await waitFor("turn end", () => runtimeOf(app.session.store.getState(), app.session).loop?.status === "WAITING_ON_INPUT");
  });

  it("ignores y pressed the instant a card appears (keystroke guard)", async () => {
    const file = join(server.workDir, "guarded.txt");
    await type(`[[bash:echo g > ${file}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    const sent = vi.spyOn(app.session.log, "sent");
    app.write("y");
    // Too soon for the card: it went where it would have gone without the card. Keys are
    // routed as they arrive, so by the time it shows there, no answer has left either.
    await waitFor("the y in the input line", () => /› y\s/.test(screen()));
    expect(sent.mock.calls.filter(([f]) => isApprovalResponse(f))).toEqual([]);
    expect(screen()).toContain("Run this command?");
    expect(existsSync(file)).toBe(false);
    app.write("\u0015"); // Ctrl+U: clear it
    await waitFor("the input line cleared", () => !/› y\s/.test(screen()));
    // Leave the card answered so the next test starts idle.
    app.pause();
    app.write("y");
    await waitFor("the file", () => existsSync(file));
    await waitFor("turn end", () => runtimeOf(app.session.store.getState(), app.session).loop?.status === "WAITING_ON_INPUT");
  });

  it("denies with n and a reason: nothing runs and the model receives the reason", async () => {
    const file = join(server.workDir, "denied.txt");
    await type(`[[bash:echo no > ${file}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    app.pause();
    app.write("n");
    await waitFor("the reason field", () => screen().includes("Reason for denying"));
    app.write("use printf instead");
    app.write(ENTER);
    await waitFor("the denied row", () => screen().includes("⊘ Bash"));
    await waitFor("the model's answer", () => screen().includes("Tool finished. Result: use printf instead"));
    expect(toolResultsSeenByModel(server).some((t) => t.includes("use printf instead"))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it("Esc during a slow reply ends the turn as cancelled", async () => {
    await type("[[slow:20]]");
    await waitFor("streaming ticks", () => /tick\d/.test(screen()));
    app.write(ESC);
    await waitFor("the cancelled turn", () => screen().includes("turn cancelled"), 15_000);
    expect(runtimeOf(app.session.store.getState(), app.session).lastStopReason).toBe("cancelled");
    const reply = transcript(app.session).filter((i) => i.kind === "assistant").at(-1);
    // Cancelled well before the 20 s of ticks ran out.
    expect(reply && reply.kind === "assistant" && reply.text.split("tick").length).toBeLessThan(40);
  });

  it("Ctrl+C clears the input, then needs a second press to quit", async () => {
    app.write("some draft");
    await waitFor("draft", () => screen().includes("some draft"));
    app.write("\u0003");
    await waitFor("draft cleared", () => !screen().includes("some draft"));
    app.write("\u0003");
    await waitFor("the warning", () => screen().includes("Press Ctrl+C again to quit"));
    expect(quit).toBe(false);
    app.write("\u0003");
    await waitFor("quit", () => quit);
  });
});
