import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../src/cli/session.js";
import { startMemorylessServer, type MemorylessServer } from "../fakes/memoryless-server.js";
import { mountApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";

// An agent without memory: the memory view says so and offers enable_memfs; after it, the tree
// loads. Against a fake server because the real one cannot be made to have such an agent
// offline (0.32.18's local backend enables memory for every agent: test/fakes/memoryless-server.ts).

let server: MemorylessServer;
let app: MountedApp;
showScreenOnFailure(() => app);
const screen = () => app.screen();

beforeAll(async () => {
  server = await startMemorylessServer();
  app = await mountApp(await openSession({ url: server.url, attach: { selection: { kind: "new-agent" } }, startTimeoutMs: 10_000 }, "test"));
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

describe("memory not enabled", () => {
  it("offers enable_memfs; a key other than y enables nothing; y enables it and the files load", async () => {
    app.write("\u001Bm");
    await app.waitFor("the offer", () => screen().includes("Memory is not enabled for this agent") && screen().includes("y enable memory"), 30_000);
    app.write("e");
    app.write("n");
    expect(server.enabled()).toBe(0);
    app.write("y");
    await app.waitFor("the files of the enabled memory", () => screen().includes("memory enabled in /home/me/.letta/memfs/agent-memoryless/memory") && /human\.md · 13 chars · What I know of the person/.test(screen()), 30_000);
    expect(server.enabled()).toBe(1);
  });
});
