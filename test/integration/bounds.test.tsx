import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession, type Session } from "../../src/cli/session.js";
import { HOSTILE_REPLY, HUGE_START, startHostileServer, type HostileServer } from "../fakes/hostile-server.js";
import { mountApp, type MountedApp } from "./app-fixture.js";
import { FAST_RECONNECT, waitFor } from "./support.js";

// Frames the real server cannot be made to send, over a real socket into the real session and
// App: nesting 5 000 levels deep, and one 10 MB reply. The program keeps running, keeps its
// connection (a heartbeat that gives up after 5 s of silence would drop a UI that stalls), and
// shows what it cut with a note.

let server: HostileServer;
let session: Session;
let app: MountedApp;
const screen = () => app.screen();

beforeAll(async () => {
  server = await startHostileServer();
  session = await openSession({ url: server.url, attach: { selection: { kind: "new-agent" } }, startTimeoutMs: 10_000 }, "test", {
    ...FAST_RECONNECT,
    heartbeat: { intervalMs: 500, timeoutMs: 5_000 },
  });
  app = await mountApp(session);
});
afterAll(async () => {
  if (app) await app.close();
  else await session?.close();
  await server?.close();
});

describe("frames the real server cannot send", () => {
  it("frames nested 5 000 levels deep: shown with the cut noted, the program goes on", async () => {
    await app.type("[[deep]]");
    await waitFor("the reply after the deep frames", () => screen().includes(HOSTILE_REPLY), 30_000);
    expect(screen()).toContain("[nested_thing]");
    expect(screen()).toContain("mystery_tool");
    const debug = session.store.getState().debug;
    expect(debug.some((d) => d.kind === "cut" && d.type === "stream_delta")).toBe(true);
    expect(debug.find((d) => d.type === "delta nested_thing")?.detail).toContain("cut at depth 64");
    expect(session.store.getState().connection.status).toBe("connected");
  });

  it("a 10 MB reply: printed cut with a note, the connection kept", async () => {
    await app.type("[[10mb]]");
    await waitFor("the note under the huge reply", () => /… \d+\.\d MB more not shown/.test(screen()), 60_000);
    expect(screen()).toContain(HUGE_START);
    expect(session.store.getState().connection.status).toBe("connected");
    // The same socket throughout: no heartbeat timeout, no reconnect.
    expect(server.accepted()).toBe(1);
    // And the program still takes input.
    await app.type("still here");
    await waitFor("the next message", () => screen().includes("still here"), 30_000);
  });
});

describe("a frame over the 16 MiB limit", () => {
  it("drops the connection with a clear reason in the debug log; the client reconnects", async () => {
    const lost = () => session.store.getState().debug.find((d) => d.detail.includes("larger than 16 MiB"));
    await app.type("[[huge]]");
    await waitFor("the dropped frame in the debug log", () => lost() !== undefined, 60_000);
    await waitFor("reconnected", () => screen().includes("reconnected and resynced"), 60_000);
    expect(lost()?.kind).toBe("malformed");
  });
});
