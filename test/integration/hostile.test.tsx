import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../src/cli/session.js";
import { HOSTILE_REPLY, startHostileServer, type HostileServer } from "../fakes/hostile-server.js";
import { mountApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { FAST_RECONNECT, waitFor } from "./support.js";

// Malformed, mistyped, unknown and oversized frames: the TUI keeps going, shows what it can,
// and logs the rest (debug view and transport log). Never a crash, never a stack trace.

let server: HostileServer;
let app: MountedApp;
const logFile = join(mkdtempSync(join(tmpdir(), "letta-tui-hostile-")), "session.ndjson");
const screen = () => app.screen();
const session = () => app.session;
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startHostileServer();
  app = await mountApp(await openSession({ url: server.url, logFile, attach: { selection: { kind: "new-agent" } }, startTimeoutMs: 10_000 }, "test", FAST_RECONNECT));
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

describe("a server that sends garbage", () => {
  it("shows the good frames among the bad ones", async () => {
    await app.type("go");
    await waitFor("the valid reply", () => screen().includes(HOSTILE_REPLY));
    // Unknown delta types get a compact line with their type.
    expect(screen()).toContain("[quantum_message]");
    expect(session().store.getState().connection.status).toBe("connected");
  });

  it("keeps every unusable frame in the bounded debug log", () => {
    const debug = session().store.getState().debug;
    const kinds = debug.map((d) => `${d.kind}:${d.type}`);
    expect(kinds.filter((k) => k.startsWith("malformed")).length).toBeGreaterThanOrEqual(4);
    expect(kinds).toContain("unknown:hologram_projection");
    expect(kinds).toContain("unknown:mega_frame");
    expect(kinds).toContain("unknown:(no type)");
    // Known types with a broken shape are unknown too, with the reason.
    expect(debug.find((d) => d.type === "control_request")?.detail).toBeTruthy();
    expect(debug.find((d) => d.type === "update_loop_status")).toBeTruthy();
  });

  it("shows the debug log on Ctrl+T", async () => {
    app.write("\u0014");
    await waitFor("debug view", () => screen().includes("not shown in the transcript"));
    expect(screen()).toContain("mega_frame");
    app.write("\u0014");
    await waitFor("debug view closed", () => !screen().includes("not shown in the transcript"));
  });

  it("writes them to the transport log, the 5 MB frame truncated", async () => {
    // The log is written as frames arrive: wait for the last of them rather than for a while.
    const logged = () => readFileSync(logFile, "utf8").trim().split("\n");
    const lines = await waitFor("the bad frames in the log", () => {
      const all = logged();
      return ["this is not json", "mega_frame", "hologram_projection"].every((w) => all.some((l) => l.includes(w))) && all;
    });
    expect(lines.some((l) => l.includes("this is not json"))).toBe(true);
    const mega = lines.find((l) => l.includes("mega_frame"));
    expect(mega).toBeDefined();
    expect(mega!.length).toBeLessThan(200_000);
    expect(lines.some((l) => l.includes("hologram_projection"))).toBe(true);
  });

  it("a gap in event_seq makes the client resync", async () => {
    const syncs = () => readFileSync(logFile, "utf8").split("\n").filter((l) => l.includes('"type":"sync"')).length;
    const before = syncs();
    session().controller.sendMessage("[[gap]]");
    await waitFor("a sync after the gap", () => syncs() > before, 5_000);
  });

  it("a frame over the 16 MiB limit drops the socket; the client recovers and the draft survives", async () => {
    await app.type("[[huge]]");
    app.write("half-typed draft");
    await waitFor("recovered", () => screen().includes("reconnected and resynced"), 30_000);
    expect(session().store.getState().connection.status).toBe("connected");
    expect(screen()).toContain("› half-typed draft");
  });
});
