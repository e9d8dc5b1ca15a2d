import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_TOOLS, commandTool } from "../../src/controller/externalTools.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, toolResultsSeenByModel, waitFor, type LettaServer } from "./support.js";

// Our own tools, registered in runtime_start and called back by the real server after the
// person approves them: notify_user, ask_user, and a user's command tool.

let server: LettaServer;
let app: MountedApp;
/** What the App wrote to the terminal outside its frames (the notifier's bell and OSC notifications). */
let written: string[] = [];
const bells = () => written.join("").split("\u0007").length - 1;
const OSC9 = "\u001b]9;";
const screen = () => app.screen();
const idle = () => app.idle();
const type = (text: string) => app.type(text);
showScreenOnFailure(() => app);

/** Ask for a tool call and approve its card, as a person would. */
async function callAndApprove(tool: string, input: object) {
  await type(`[[tool:${tool}|${JSON.stringify(input)}]]`);
  await waitFor(`the ${tool} card`, () => screen().includes("1. Yes") && screen().includes(tool));
  app.pause();
  app.write("y");
}

const tools = [
  ...BUILTIN_TOOLS,
  commandTool({ name: "count_chars", description: "Count the characters of the input", parameters: { type: "object", properties: { text: { type: "string" } } }, command: "tr -d '\\n' | wc -c" }),
  commandTool({ name: "always_fails", description: "Fails", parameters: { type: "object", properties: {} }, command: "echo broken >&2; exit 3" }),
];

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server, { transport: { tools }, notify: { config: { on: "cards", turnSeconds: 30 }, write: (b) => void written.push(b) } });
});
afterEach(async () => {
  await waitFor("idle", idle);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("external tools on the real server", () => {
  it("notify_user shows the message and rings the bell; no desktop notification while the terminal has the focus", async () => {
    written = [];
    await callAndApprove("notify_user", { message: "the build is done" });
    await waitFor("the notice", () => screen().includes("🔔 the build is done"));
    await waitFor("the bell", () => bells() === 1);
    expect(written.join("")).not.toContain(OSC9);
    await waitFor("the model heard back", () => toolResultsSeenByModel(server).includes("The user was shown the message."));
    // Frames keep coming: still the one bell.
    await waitFor("idle", idle);
    expect(bells()).toBe(1);
  });

  it("notify_user while the terminal is not focused: the bell and a desktop notification with its message", async () => {
    written = [];
    app.write("\u001b[O");
    // The card gets a notification of its own (approval needed): not what this looks for.
    await callAndApprove("notify_user", { message: "tests are green" });
    await waitFor("the notification", () => written.join("").includes(`${OSC9}letta-tui: 🔔 tests are green\u0007`));
    app.write("\u001b[I");
  });

  it("ask_user shows a question card; the typed answer is the tool result", async () => {
    await callAndApprove("ask_user", { question: "Deploy to production?", options: ["yes", "no, wait"] });
    await waitFor("the question card", () => screen().includes("The agent asks") && screen().includes("Deploy to production?"));
    // Its first key waits out the keystroke guard, like any answer to a card.
    app.pause();
    await type("2");
    await waitFor("the model got the answer", () => toolResultsSeenByModel(server).includes("no, wait"));
    // The screen follows within a frame (drawing is throttled to ~30 fps).
    await waitFor("the question card closed", () => !screen().includes("The agent asks"));
  });

  it("Esc declines an ask_user question, which the model sees as an error", async () => {
    await callAndApprove("ask_user", { question: "Which branch?" });
    await waitFor("the question card", () => screen().includes("Which branch?") && screen().includes("The agent asks"));
    app.pause();
    app.write("\u001b");
    await waitFor("the model got the refusal", () => toolResultsSeenByModel(server).some((t) => t.includes("declined")));
  });

  it("a user's command tool gets the input as JSON on stdin and returns its output", async () => {
    await callAndApprove("count_chars", { text: "abc" });
    // {"text":"abc"} is 14 characters.
    await waitFor("the result", () => toolResultsSeenByModel(server).some((t) => t.trim() === "14"));
  });

  it("a failing command tool answers with an error the model can read", async () => {
    await callAndApprove("always_fails", {});
    await waitFor("the error", () => toolResultsSeenByModel(server).some((t) => t.includes("always_fails failed (exit 3): broken")));
  });
});
