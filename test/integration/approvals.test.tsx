import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { runtimeOf, startLettaServer, toolResultsSeenByModel, waitFor, type LettaServer } from "./support.js";

// Answering approvals from the keyboard, on the real server: edit before approving, always
// allow, parallel calls, mode cycling. Each test gets its own session (and conversation).

let server: LettaServer;
let app: MountedApp | undefined;
const screen = () => app!.screen();
const file = (name: string) => join(server.workDir, name);
const idle = () => app!.idle();
const cardShown = () => screen().includes("1. Yes");
const type = (text: string) => app!.type(text);
const key = (k: string) => app!.write(k);
showScreenOnFailure(() => app);

async function open() {
  app = await openApp(server);
}

beforeAll(async () => {
  server = await startLettaServer();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  delete process.env.EDITOR;
  delete process.env.VISUAL;
});
afterAll(async () => {
  await server?.stop();
});

describe("approvals on the real server", () => {
  it("edits a Bash command in place: the edited command runs, the original does not", async () => {
    await open();
    await type("[[bash:echo original > original.txt]]");
    await waitFor("card", cardShown);
    app!.pause();
    key("e");
    await waitFor("the command editor", () => screen().includes("Edit the command:"));
    key("\u0015"); // Ctrl+U: clear to the start of the line
    app!.write("echo edited > edited.txt");
    await waitFor("the change is shown", () => screen().includes("changed command:") && screen().includes("edited.txt"));
    key("\r");
    await waitFor("the edited command ran", () => existsSync(file("edited.txt")));
    await waitFor("idle", idle);
    expect(existsSync(file("original.txt"))).toBe(false);
    expect(readFileSync(file("edited.txt"), "utf8").trim()).toBe("edited");
  });

  it("edits a Write's arguments in $EDITOR: the edited path is written, the original is not", async () => {
    // An "editor" that changes the path in the JSON it is given, as a person would.
    const editor = join(server.workDir, "fake-editor.sh");
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/first-path.txt/second-path.txt/" "$1"\n', { mode: 0o755 });
    process.env.EDITOR = editor;
    await open();
    await type("[[write:first-path.txt|written content]]");
    await waitFor("card", cardShown);
    app!.pause();
    key("e");
    await waitFor("the edited JSON, with its change", () => screen().includes("changed file_path:") && screen().includes("second-path.txt"));
    key("\r");
    await waitFor("the edited path was written", () => existsSync(file("second-path.txt")));
    await waitFor("idle", idle);
    expect(existsSync(file("first-path.txt"))).toBe(false);
    expect(readFileSync(file("second-path.txt"), "utf8")).toBe("written content");
  });

  it("always-allow: shows the server's own words, and the identical next call is not asked", async () => {
    await open();
    await type("[[bash:echo again >> always.txt]]");
    await waitFor("card", cardShown);
    const offered = runtimeOf(app!.session.store.getState(), app!.session).approvals;
    const text = offered.byId[offered.order[0]!]!.suggestions[0]!.text!;
    expect(screen()).toContain(`2. ${text}`.slice(0, 60));
    app!.pause();
    // A permanent rule: the first a asks to confirm, naming it; a second deliberate a saves it.
    key("a");
    await waitFor("the confirmation", () => screen().includes("Save a permanent allow rule?"));
    expect(existsSync(file("always.txt"))).toBe(false);
    app!.pause();
    key("a");
    await waitFor("ran once", () => existsSync(file("always.txt")));
    await waitFor("idle", idle);
    await type("[[bash:echo again >> always.txt]]");
    await waitFor("ran twice without a card", () => readFileSync(file("always.txt"), "utf8").trim().split("\n").length === 2, 15_000);
    await waitFor("idle", idle);
    expect(runtimeOf(app!.session.store.getState(), app!.session).approvals.order).toEqual([]);
  });

  it("parallel calls: one card at a time, in order, with the counter", async () => {
    await open();
    await type("[[bash:echo 1 > par1.txt]] [[bash:echo 2 > par2.txt]]");
    await waitFor("the first card", () => cardShown() && screen().includes("1 of 2") && screen().includes("par1.txt"));
    app!.pause();
    key("1");
    await waitFor("the second card", () => screen().includes("2 of 2") && screen().includes("par2.txt"));
    app!.pause();
    key("y");
    await waitFor("both ran", () => existsSync(file("par1.txt")) && existsSync(file("par2.txt")));
    await waitFor("idle", idle);
  });

  it("answers AskUserQuestion with the wizard: a single choice, a multi-select and free text", async () => {
    await open();
    // The server's AskUserQuestion validator wants a description on every option.
    const opt = (label: string) => ({ label, description: `the ${label} option` });
    const questions = {
      questions: [
        { question: "Which color?", header: "Color", options: [opt("Red"), opt("Blue")], multiSelect: false },
        { question: "Which sizes?", header: "Sizes", options: [opt("S"), opt("M"), opt("L")], multiSelect: true },
        { question: "Anything else?", header: "Notes", options: [opt("No"), opt("Yes")], multiSelect: false },
      ],
    };
    await type(`[[tool:AskUserQuestion|${JSON.stringify(questions)}]]`);
    // The transcript row shows the raw arguments too; wait for the wizard itself.
    await waitFor("the first question", () => screen().includes("question 1 of 3"));
    app!.pause();
    key("2");
    await waitFor("the second question", () => screen().includes("question 2 of 3"));
    key(" "); // tick S
    key("\u001b[B");
    key("\u001b[B");
    key(" "); // tick L
    // Moving and ticking follow at once; each answer waits out the keystroke guard, counted
    // from the card as it is drawn now.
    await waitFor("S and L ticked", () => /\[x\] S\b/.test(screen()) && /\[x\] L\b/.test(screen()) && /\[ \] M\b/.test(screen()));
    app!.pause();
    key("\r");
    await waitFor("the third question", () => screen().includes("question 3 of 3"));
    app!.pause();
    key("3"); // the free-text row
    app!.write("ship it friday");
    key("\r");
    await waitFor("the model got the answers", () => toolResultsSeenByModel(server).some((t) => t.includes("ship it friday")), 15_000);
    const result = toolResultsSeenByModel(server).find((t) => t.includes("ship it friday"))!;
    expect(result).toContain('"Which color?"="Blue"');
    expect(result).toContain('"Which sizes?"="S, L"');
    expect(result).toContain('"Anything else?"="ship it friday"');
    await waitFor("idle", idle);
  });

  it("Shift+Tab cycles the permission mode, as the server reports it", async () => {
    await open();
    await waitFor("standard", () => screen().includes("│ standard │"));
    key("\u001b[Z");
    await waitFor("acceptEdits from device_status", () => runtimeOf(app!.session.store.getState(), app!.session).device?.current_permission_mode === "acceptEdits");
    await waitFor("on screen", () => screen().includes("acceptEdits"));
    key("\u001b[Z");
    await waitFor("unrestricted, flagged", () => screen().includes("⚠ unrestricted"));
    key("\u001b[Z");
    // The next mode is counted from the one the server last reported: press again once it has.
    await waitFor("strict from device_status", () => runtimeOf(app!.session.store.getState(), app!.session).device?.current_permission_mode === "strict");
    key("\u001b[Z");
    await waitFor("back to standard", () => runtimeOf(app!.session.store.getState(), app!.session).device?.current_permission_mode === "standard");
  });
});
