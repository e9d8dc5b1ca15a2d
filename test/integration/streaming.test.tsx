import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { startLettaServer, transcript, waitFor, type LettaServer } from "./support.js";

// Long streamed replies and a tool that prints while it runs, on the real server and screen.

let server: LettaServer;
let app: MountedApp;
const screen = () => app.screen();
const idle = () => app.idle();
const type = (text: string) => app.type(text);
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("streaming on the real server", () => {
  it("shows a long reply growing tick by tick, then finished", async () => {
    await type("[[slow:3]]");
    await waitFor("the first ticks", () => /tick2\b/.test(screen()));
    expect(screen()).not.toMatch(/tick12\b/);
    await waitFor("the end of the reply", () => /tick12\b/.test(screen()), 15_000);
    await waitFor("idle", idle);
    const reply = transcript(app.session).find((i) => i.kind === "assistant");
    expect(reply && reply.kind === "assistant" && reply.text.trim().split(/\s+/)).toHaveLength(12);
  });

  it("shows a tool's output while it runs and its result after", async () => {
    const cmd = "for i in 1 2 3 4 5 6; do echo out$i; sleep 0.3; done; touch ran.txt";
    await type(`[[bash:${cmd}]]`);
    await waitFor("the approval card", () => screen().includes("Run this command?"));
    app.pause();
    app.write("y");
    // Streaming output frames replace each other: partial output appears before the end.
    await waitFor("partial output", () => /out2/.test(screen()) && !/out6/.test(screen()), 10_000);
    await waitFor("the full result", () => /✓ Bash/.test(screen()) && /out6/.test(screen()), 15_000);
    await waitFor("idle", idle);
    const tool = transcript(app.session).find((i) => i.kind === "tool");
    expect(tool && tool.kind === "tool" && tool.output).toMatch(/out1[\s\S]*out6/);
    // Collapsed to its last four lines on screen until Ctrl+O.
    expect(screen()).toContain("… 2 more lines");
  });
});
