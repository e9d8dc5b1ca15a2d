import { existsSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, waitFor, type LettaServer } from "./support.js";

// Several runtimes over one socket, in one screen: a conversation picker, tabs, turns running
// in parallel, an approval announced from the background, and the per-runtime turn lock.

let server: LettaServer;
let app: MountedApp;
const screen = () => app.screen();
const runtimes = () => Object.values(app.session.store.getState().runtimes);
const busy = (i: number) => {
  const status = runtimes()[i]?.loop?.status;
  return status !== undefined && status !== "WAITING_ON_INPUT";
};

/** Press a key until it is seen handled: see MountedApp.press (the picker reads its own keys). */
const press = (key: string, what: string, took: () => boolean) => app.press(key, what, took);
showScreenOnFailure(() => app);

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
  await press(`\u001b${n}`, `runtime ${n} active`, () => app.session.store.getState().active === runtimes()[n - 1]?.key);
}

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("teammates in one screen", () => {
  it("Ctrl+X opens the conversation picker; a new conversation becomes a second tab", async () => {
    const picker = () => screen().includes("+ new conversation with this agent");
    await press("\u0018", "the picker", () => screen().includes("loading conversations…") || picker());
    await waitFor("the picker", picker);
    await press("\r", "the picker closes", () => !picker());
    await waitFor("two tabs", () => runtimes().length === 2 && screen().includes("Alt+1-9 switch"));
    expect(app.session.store.getState().active).toBe(runtimes()[1]!.key);
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
    // The card is routed by the App's own key handler (no new subscriber): one deliberate y.
    app.pause();
    const phase = () => Object.values(runtimes()[1]!.approvals.byId)[0]?.phase;
    app.write("y");
    await waitFor("the answer taken", () => phase() !== "pending");
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
