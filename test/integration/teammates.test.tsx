import { existsSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import { allItems } from "../../src/store/archive.js";
import { App, APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { sleep, startLettaServer, testSession, waitFor, type LettaServer } from "./support.js";

// Several runtimes over one socket, in one screen: a conversation picker, tabs, turns running
// in parallel, an approval announced from the background, and the per-runtime turn lock.

let server: LettaServer;
let session: Session;
let ui: ReturnType<typeof render>;
const screen = () => ui.lastFrame() ?? "";
const runtimes = () => Object.values(session.store.getState().runtimes);
const busy = (i: number) => {
  const status = runtimes()[i]?.loop?.status;
  return status !== undefined && status !== "WAITING_ON_INPUT";
};

/**
 * Press a key until `took` shows it was handled. Ink subscribes a component's key handler in a
 * passive effect, which under load can run after the frame that first shows the component: a
 * key written as soon as the screen changes then reaches nobody and is lost. Every key pressed
 * here is handled synchronously inside the write (and frames are unthrottled in tests), so when
 * `took` is still false the key was lost, not pending, and pressing it again cannot act twice.
 */
async function press(key: string, what: string, took: () => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    ui.stdin.write(key);
    try {
      await waitFor(what, took, 3_000);
      return;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
}

/** The input line shows its placeholder: nothing typed (a long draft may wrap, so test this). */
const inputEmpty = () => stripVTControlCharacters(screen()).includes("› Message the agent");

/** Type a message and send it, each step confirmed on screen. */
async function type(text: string) {
  await waitFor("an empty input line", inputEmpty);
  await press(text, `"${text}" typed`, () => !inputEmpty());
  await press("\r", `"${text}" sent`, inputEmpty);
}

/** Switch to runtime `n` (1-based) with Alt+n. */
async function switchTo(n: number) {
  await press(`\u001b${n}`, `runtime ${n} active`, () => session.store.getState().active === runtimes()[n - 1]?.key);
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
    const picker = () => screen().includes("+ new conversation with this agent");
    await press("\u0018", "the picker", () => screen().includes("loading conversations…") || picker());
    await waitFor("the picker", picker);
    await press("\r", "the picker closes", () => !picker());
    await waitFor("two tabs", () => runtimes().length === 2 && screen().includes("Alt+1-9 switch"));
    expect(session.store.getState().active).toBe(runtimes()[1]!.key);
  });

  it("runs turns in two runtimes at once", async () => {
    // Runtime 2's turn outlasts the time it takes, even on a loaded machine, to switch and
    // start runtime 1's: the overlap must not depend on how fast the keys get through.
    await type("[[slow:6]]"); // in runtime 2
    await waitFor("runtime 2 busy", () => busy(1));
    await switchTo(1);
    await type("[[slow:2]]");
    await waitFor("both busy at once", () => busy(0) && busy(1));
    await waitFor("both done", () => !busy(0) && !busy(1));
  });

  it("announces an approval waiting in a background runtime, and answers it there", async () => {
    await switchTo(2);
    await type(`[[bash:echo bg > ${join(server.workDir, "background.txt")}]]`);
    await waitFor("its card", () => screen().includes("Run this command?"));
    await switchTo(1);

    await waitFor("the alert", () => screen().includes("approval waiting in") && screen().includes("(Alt+2)") && screen().includes("⚠1"));
    expect(screen()).not.toContain("Run this command?");
    await switchTo(2);
    await waitFor("the card again", () => screen().includes("Run this command?"));
    await sleep(APPROVAL_GUARD_MS + 250); // slack for a loaded CI machine
    // A y inside the guard is ignored on purpose; pressed again until the card takes it.
    const phase = () => Object.values(runtimes()[1]!.approvals.byId)[0]?.phase;
    await press("y", "the answer taken", () => phase() !== "pending");
    await waitFor("it ran", () => existsSync(join(server.workDir, "background.txt")));
    await waitFor("idle", () => !busy(1), 10_000);
  });

  it("holds a message typed during a turn until the turn ends (turn lock)", async () => {
    const held = "after the turn [[text:held then sent]]";
    const userSaid = () => allItems(runtimes()[1]!.transcript).some((i) => i.kind === "user" && i.text === held);
    await type("[[slow:2]]");
    await waitFor("busy", () => busy(1));
    await type(held);
    await waitFor("held in the queue panel", () => screen().includes("(waits for the turn to end)"));
    expect(userSaid()).toBe(false);
    await waitFor(
      "sent after the turn, and answered",
      // The reply on a line of its own (the queue row and the user message quote it inside [[…]]).
      () => screen().includes("\nheld then sent"),
      20_000,
    );
    expect(screen()).not.toContain("(waits for the turn to end)");
    expect(userSaid()).toBe(true);
  });
});
