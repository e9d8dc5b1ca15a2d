import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, type LettaServer } from "./support.js";

// The command palette and slash lines against the real App Server (scripted model): the
// server's own commands come from what the runtime advertises, run with execute_command, and
// their output arrives as a block; a line that names no command never reaches the agent.

let server: LettaServer;
let app: MountedApp;
let sent: MockInstance<(frame: unknown) => void>;
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
  sent = vi.spyOn(app.session.log, "sent");
  // The server reports its commands in device status; the palette reads them from there.
  await app.waitFor("commands advertised", () => (app.session.store.getState().runtimes[app.session.store.getState().active!]?.device?.supported_commands ?? []).includes("reload"));
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const ENTER = "\r";
const ESC = "\u001B";
const screen = () => app.screen();
const inputsSent = (log: readonly unknown[]) => log.filter((f) => typeof f === "object" && f !== null && "type" in f && f.type === "input").length;

describe("the command palette against the real server", () => {
  it("lists the server's advertised commands and runs one: its output shows as a block", async () => {
    app.write("/");
    await app.waitFor("the palette", () => screen().includes("/help") && /… \d+ more/.test(screen()));
    app.write("relo");
    await app.waitFor("filtered to the server's /reload", () => !screen().includes("/help") && screen().includes("/reload"));
    app.write(ENTER);
    await app.waitFor("the command's block", () => /▸ \/reload[\s\S]*Reloaded settings/.test(screen()));
  });

  it("shows what 0.32.18 says for a command it advertises but does not run", async () => {
    await app.type("/toolset");
    await app.waitFor("the server's answer", () => /\/toolset[\s\S]*Unknown command/.test(screen()));
    // Said once, by the block; the line is back in the input to fix.
    await app.waitFor("the line back", () => screen().includes("› /toolset"));
    expect(screen()).not.toContain("refused");
  });

  it("asks about a line that names no command: nothing goes to the agent until Enter again", async () => {
    const before = inputsSent(sentFrames());
    await app.type("/modle fake");
    await app.waitFor("the question", () => screen().includes("/modle is not a command here"));
    expect(inputsSent(sentFrames())).toBe(before);
    // Esc gives the line back to the input; nothing was lost, nothing sent.
    app.write(ESC);
    await app.waitFor("the line back in the input", () => !screen().includes("is not a command here") && screen().includes("/modle fake"));
    expect(inputsSent(sentFrames())).toBe(before);
  });

  it("//text sends /text to the agent as a message", async () => {
    // Clear the input first (Ctrl+U), then send a message that starts with a slash.
    app.write("\u0015");
    await app.type("//not a command");
    await app.waitFor("the message and its reply", () => /› \/not a command[\s\S]*pong/.test(screen()));
  });
});

/** Every command the session wrote so far (the transport log sees each one). */
function sentFrames(): unknown[] {
  return sent.mock.calls.map((c) => c[0]);
}
