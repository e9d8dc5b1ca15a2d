import { existsSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import { App, APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { startLettaServer, testSession, waitFor, type LettaServer } from "./support.js";

// Several runtimes over one socket, in one screen: a conversation picker, tabs, turns running
// in parallel, an approval announced from the background, and the per-runtime turn lock.

let server: LettaServer;
let session: Session;
let ui: ReturnType<typeof render>;
const screen = () => ui.lastFrame() ?? "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runtimes = () => Object.values(session.store.getState().runtimes);
const busy = (i: number) => {
  const status = runtimes()[i]?.loop?.status;
  return status !== undefined && status !== "WAITING_ON_INPUT";
};

async function type(text: string) {
  ui.stdin.write(text);
  await sleep(50);
  ui.stdin.write("\r");
  await sleep(50);
}

beforeAll(async () => {
  server = await startLettaServer();
  session = await testSession(server);
  ui = render(<App store={session.store} actions={uiActionsFor(session.controller, () => undefined)} />);
  await waitFor("the app", () => screen().includes("● connected"));
});
afterAll(async () => {
  ui?.unmount();
  await session?.close();
  await server?.stop();
});

describe("teammates in one screen", () => {
  it("Ctrl+X opens the conversation picker; a new conversation becomes a second tab", async () => {
    ui.stdin.write("\u0018");
    await waitFor("the picker", () => screen().includes("+ new conversation with this agent"));
    ui.stdin.write("\r");
    await waitFor("two tabs", () => runtimes().length === 2 && screen().includes("Alt+1-9 switch"));
    expect(session.store.getState().active).toBe(runtimes()[1]!.key);
  });

  it("runs turns in two runtimes at once", async () => {
    await type("[[slow:3]]"); // in runtime 2
    ui.stdin.write("\u001b1"); // Alt+1
    await waitFor("runtime 1 on screen", () => session.store.getState().active === runtimes()[0]!.key);
    await type("[[slow:3]]");
    await waitFor("both busy at once", () => busy(0) && busy(1), 10_000);
    await waitFor("both done", () => !busy(0) && !busy(1), 20_000);
  });

  it("announces an approval waiting in a background runtime, and answers it there", async () => {
    ui.stdin.write("\u001b2");
    await waitFor("runtime 2", () => session.store.getState().active === runtimes()[1]!.key);
    await sleep(300);
    await type(`[[bash:echo bg > ${join(server.workDir, "background.txt")}]]`);
    await waitFor("its card", () => screen().includes("Run this command?"));
    ui.stdin.write("\u001b1");

    await waitFor("the alert", () => screen().includes("approval waiting in") && screen().includes("(Alt+2)") && screen().includes("⚠1"));
    expect(screen()).not.toContain("Run this command?");
    ui.stdin.write("\u001b2");
    await waitFor("the card again", () => screen().includes("Run this command?"));
    await sleep(APPROVAL_GUARD_MS + 250); // slack for a loaded CI machine
    ui.stdin.write("y");
    await waitFor("it ran", () => existsSync(join(server.workDir, "background.txt")));
    await waitFor("idle", () => !busy(1), 10_000);
  });

  it("holds a message typed during a turn until the turn ends (turn lock)", async () => {
    await sleep(300);
    await type("[[slow:2]]");
    await waitFor("busy", () => busy(1));
    await type("after the turn [[text:held then sent]]");
    await waitFor("held in the queue panel", () => screen().includes("(waits for the turn to end)"));
    expect(runtimes()[1]!.transcript.order.some((k) => k.includes("held"))).toBe(false);
    await waitFor(
      "sent after the turn, and answered",
      // The reply on a line of its own (the queue row and the user message quote it inside [[…]]).
      () => screen().includes("\nheld then sent"),
      20_000,
    );
    expect(screen()).not.toContain("(waits for the turn to end)");
  });
});
