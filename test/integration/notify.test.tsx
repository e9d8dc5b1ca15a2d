import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FOCUS_REPORTING_OFF, FOCUS_REPORTING_ON } from "../../src/ui/notify/focus.js";
import type { NotifyConfig } from "../../src/ui/notify/decide.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, waitFor, type LettaServer } from "./support.js";

// Notifications on the real server: a real approval card comes up while the terminal has
// reported (on the App's stdin, as a terminal does) that it lost the focus, and the bytes the
// App writes to the terminal carry the bell and one OSC 9 for it; none while focused.

let server: LettaServer;
let app: MountedApp | undefined;
let written: string[] = [];
showScreenOnFailure(() => app);

const OSC9 = "\u001b]9;";
const count = (text: string, needle: string) => text.split(needle).length - 1;
const bytes = () => written.join("");
const cardShown = () => app!.screen().includes("1. Yes");

async function open(config: NotifyConfig = { on: "cards", turnSeconds: 30 }) {
  written = [];
  app = await openApp(server, { notify: { config, write: (b) => void written.push(b) } });
}

beforeAll(async () => {
  server = await startLettaServer();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await server?.stop();
});

describe("notifications on the real server", () => {
  it("a card while unfocused: the bell and one OSC 9 naming it; the report typed nothing; off again on exit", async () => {
    await open();
    expect(written).toEqual([FOCUS_REPORTING_ON]);
    app!.write("\u001b[O");
    await app!.type("[[bash:echo notified > notified.txt]]");
    await waitFor("card", cardShown);
    await waitFor("the notification", () => count(bytes(), OSC9) > 0);
    expect(bytes()).toContain(`\u0007${OSC9}letta-tui: approval needed: Bash (Run this command?)\u0007`);
    // Frames keep coming (the card's timer, the status line): still only one for this card.
    app!.write("\u001b[I");
    app!.pause();
    app!.write("y");
    await waitFor("idle", () => app!.idle());
    expect(count(bytes(), OSC9)).toBe(1);
    expect(app!.screen()).not.toMatch(/\[O|\[I/);
    await app!.close();
    app = undefined;
    expect(written.at(-1)).toBe(FOCUS_REPORTING_OFF);
  });

  it("a card while focused: nothing written but the focus request", async () => {
    await open();
    app!.write("\u001b[O");
    app!.write("\u001b[I");
    await app!.type("[[bash:echo seen > seen.txt]]");
    await waitFor("card", cardShown);
    app!.pause();
    app!.write("y");
    await waitFor("idle", () => app!.idle());
    expect(written).toEqual([FOCUS_REPORTING_ON]);
  });

  it("a turn longer than the threshold that ends while unfocused (notify all): told once, after the card", async () => {
    await open({ on: "all", turnSeconds: 30 });
    app!.write("\u001b[O");
    await app!.type("[[bash:echo long > long.txt]]");
    await waitFor("card", cardShown);
    await waitFor("the card's notification", () => count(bytes(), OSC9) === 1);
    // The turn has been seen at work; 40 s pass on the App's clock before it is answered.
    app!.clock.pass(40_000);
    app!.write("y");
    await waitFor("the turn's notification", () => bytes().includes(`${OSC9}letta-tui: turn finished after 40s\u0007`));
    await waitFor("idle", () => app!.idle());
    expect(count(bytes(), OSC9)).toBe(2);
  });
});
