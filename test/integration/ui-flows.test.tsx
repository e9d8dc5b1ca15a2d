import { existsSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import { App, APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { runtimeOf, sleep, startLettaServer, testSession, toolResultsSeenByModel, transcript, typeLine, waitFor, type LettaServer } from "./support.js";

// The real Ink app, driven by keys, against the real App Server with the scripted model.

let server: LettaServer;
let session: Session;
let ui: ReturnType<typeof render>;
let quit = false;

const ENTER = "\r";
const ESC = "\u001B";
const screen = () => ui.lastFrame() ?? "";

/** Type like a person: the text, then Enter as its own keypress. */
const type = (text: string) => typeLine(ui.stdin, text);

beforeAll(async () => {
  server = await startLettaServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("the TUI against the real server", () => {
  it("mounts, sends hello from the input line and shows the reply", async () => {
    session = await testSession(server);
    const { controller, store } = session;
    ui = render(
      <App
        store={store}
        actions={uiActionsFor(controller, () => (quit = true))}
      />,
    );
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
    await sleep(APPROVAL_GUARD_MS + 250); // slack for a loaded CI machine
    ui.stdin.write("y");
    await waitFor("the card to close and the tool to finish", () => !screen().includes("Run this command?") && screen().includes("✓ Bash"));
    await waitFor("the file", () => existsSync(file));
    await waitFor("turn end", () => runtimeOf(session.store.getState(), session).loop?.status === "WAITING_ON_INPUT");
  });

  it("ignores y pressed the instant a card appears (keystroke guard)", async () => {
    const file = join(server.workDir, "guarded.txt");
    await type(`[[bash:echo g > ${file}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    ui.stdin.write("y");
    // Too soon for the card: it went where it would have gone without the card.
    await waitFor("the y in the input line", () => /› y\s/.test(screen()));
    await sleep(APPROVAL_GUARD_MS + 100);
    expect(screen()).toContain("Run this command?");
    expect(existsSync(file)).toBe(false);
    ui.stdin.write("\u0015"); // Ctrl+U: clear it
    await sleep(APPROVAL_GUARD_MS + 100);
    // Leave the card answered so the next test starts idle.
    ui.stdin.write("y");
    await waitFor("the file", () => existsSync(file));
    await waitFor("turn end", () => runtimeOf(session.store.getState(), session).loop?.status === "WAITING_ON_INPUT");
  });

  it("denies with n and a reason: nothing runs and the model receives the reason", async () => {
    const file = join(server.workDir, "denied.txt");
    await type(`[[bash:echo no > ${file}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    await sleep(APPROVAL_GUARD_MS + 250); // slack for a loaded CI machine
    ui.stdin.write("n");
    await waitFor("the reason field", () => screen().includes("Reason for denying"));
    ui.stdin.write("use printf instead");
    await sleep(50);
    ui.stdin.write(ENTER);
    await waitFor("the denied row", () => screen().includes("⊘ Bash"));
    await waitFor("the model's answer", () => screen().includes("Tool finished. Result: use printf instead"));
    expect(toolResultsSeenByModel(server).some((t) => t.includes("use printf instead"))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it("Esc during a slow reply ends the turn as cancelled", async () => {
    await type("[[slow:20]]");
    await waitFor("streaming ticks", () => /tick\d/.test(screen()));
    ui.stdin.write(ESC);
    await waitFor("the cancelled turn", () => screen().includes("turn cancelled"), 15_000);
    expect(runtimeOf(session.store.getState(), session).lastStopReason).toBe("cancelled");
    const reply = transcript(session).filter((i) => i.kind === "assistant").at(-1);
    // Cancelled well before the 20 s of ticks ran out.
    expect(reply && reply.kind === "assistant" && reply.text.split("tick").length).toBeLessThan(40);
  });

  it("Ctrl+C clears the input, then needs a second press to quit", async () => {
    ui.stdin.write("some draft");
    await waitFor("draft", () => screen().includes("some draft"));
    ui.stdin.write("\u0003");
    await waitFor("draft cleared", () => !screen().includes("some draft"));
    ui.stdin.write("\u0003");
    await waitFor("the warning", () => screen().includes("Press Ctrl+C again to quit"));
    expect(quit).toBe(false);
    ui.stdin.write("\u0003");
    await waitFor("quit", () => quit);
  });
});

afterEach((ctx) => {
  if (ctx.task.result?.state === "fail" && ui) console.log(`--- screen ---\n${screen()}`);
});
afterAll(() => {
  ui?.unmount();
  session?.controller.close();
});
