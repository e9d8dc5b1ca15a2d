import { runtimeKey } from "../../src/protocol/runtime.js";
import { mkdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Agent } from "../../src/protocol/frames.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { runtimeOf, startLettaServer, toolResultsSeenByModel, type LettaServer } from "./support.js";

// /agents, /cwd and /mode in the real TUI against the real App Server (scripted model): what
// the server then lists, where the agent's shell runs, and which mode it reports.

let server: LettaServer;
let app: MountedApp;
showScreenOnFailure(() => app);

const ESC = "\u001B";
const CTRL_U = "\u0015";
const TAB = "\t";
const DOWN = "\u001B[B";
const screen = () => app.screen();
const device = () => runtimeOf(app.session.store.getState()).device;
/** The frames this client sent since the spy was set, of one type. */
const sentOfType = (spy: { mock: { calls: unknown[][] } }, type: string) =>
  spy.mock.calls.map(([f]) => f).filter((f): f is Record<string, unknown> => typeof f === "object" && f !== null && (f as { type?: unknown }).type === type);

/** Open the palette with "/" (pressed until it shows), then type the rest of the line. */
async function slash(rest: string): Promise<void> {
  await app.press("/", "the palette", () => /Tab complete/.test(screen()));
  app.write(rest);
  await app.waitFor(`"/${rest}" in the palette`, () => screen().includes(`/${rest}`));
}

/** The agents the server lists now, asked directly (not through the view under test). */
async function serverAgents(): Promise<Agent[]> {
  const res = await app.session.controller.request({ type: "agent_list", query: { limit: 100 } }, "agent_list_response");
  if (res.type !== "agent_list_response") throw new Error(`unexpected ${res.type}`);
  return res.agents ?? [];
}

/** In the agent list: n, the name, the model offered first (the server's one), the first personality. */
async function createAgent(name: string): Promise<void> {
  app.write("n");
  await app.waitFor("the name step", () => screen().includes("its name"));
  app.write(name);
  await app.waitFor("the name typed", () => screen().includes(name));
  app.write("\r");
  await app.waitFor("the model step with the server's model", () => screen().includes("its model") && screen().includes("llama.cpp/fake-model"));
  app.write("\r");
  await app.waitFor("the personality step", () => screen().includes("its personality"));
  app.write("\r");
  await app.waitFor(`${name} created`, () => screen().includes(`created ${name}`), 60_000);
}
const named = async (name: string) => (await serverAgents()).find((a) => a.name === name);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server);
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

describe("/mode", () => {
  it("/mode MODE changes the mode the server reports", async () => {
    await slash("mode acceptEdits");
    app.write("\r");
    await app.waitFor("acceptEdits reported", () => device()?.current_permission_mode === "acceptEdits" && / acceptEdits /.test(screen()));
  });

  it("bare /mode lists the four modes explained; Enter on one switches to it", async () => {
    await slash("mode");
    app.write("\r");
    await app.waitFor("the mode list", () => screen().includes("acceptEdits (now)") && screen().includes("every tool asks"));
    // From acceptEdits (now) down to strict.
    app.write(DOWN);
    app.write(DOWN);
    await app.waitFor("strict selected", () => /› strict/.test(screen()));
    app.write("\r");
    await app.waitFor("strict reported", () => device()?.current_permission_mode === "strict");
    await slash("mode standard");
    app.write("\r");
    await app.waitFor("standard again", () => device()?.current_permission_mode === "standard");
  });
});

describe("/cwd", () => {
  it("Tab completes a folder of the runtime's cwd; the next pwd prints the new directory", async () => {
    mkdirSync(join(server.workDir, "subdir-one", "inner"), { recursive: true });
    const target = realpathSync(join(server.workDir, "subdir-one"));
    await slash("cwd subdir-o");
    app.write(TAB);
    await app.waitFor("the folder completed", () => screen().includes("/cwd subdir-one/"));
    app.write("\r");
    await app.waitFor("the new cwd reported and shown", () => device()?.current_working_directory === target && screen().includes("subdir-one"));
    await app.type("[[bash:pwd]]");
    await app.waitFor("pwd's output", () => toolResultsSeenByModel(server).some((t) => t.includes(target)) && app.idle());
    // A path relative to the new cwd, not to ours.
    await slash("cwd inner");
    app.write("\r");
    await app.waitFor("the inner cwd", () => device()?.current_working_directory === join(target, "inner"));
  });

  it("a directory that does not exist is refused with one line, nothing sent, the line kept", async () => {
    const before = device()?.current_working_directory;
    const sent = vi.spyOn(app.session.log, "sent");
    try {
      await slash("cwd no-such-dir");
      app.write("\r");
      await app.waitFor("the refusal", () => screen().includes("no such directory there") && screen().includes("unchanged"));
      expect(screen()).toContain("/cwd no-such-dir");
      expect(sentOfType(sent, "list_in_directory").length).toBe(1);
      expect(sentOfType(sent, "change_device_state")).toEqual([]);
      expect(device()?.current_working_directory).toBe(before);
    } finally {
      sent.mockRestore();
    }
    // Esc gives the line back to the input; clear it for what follows.
    app.write(ESC);
    await app.waitFor("the line in the input", () => !screen().includes("Tab complete") && screen().includes("/cwd no-such-dir"));
    app.write(CTRL_U);
    await app.waitFor("the input cleared", () => !screen().includes("/cwd no-such-dir"));
  });
});

describe("/agents", () => {
  it("lists the agents, and makes one: a name, a model from the list, a personality", async () => {
    await slash("agents");
    app.write("\r");
    await app.waitFor("the list with this agent", () => screen().includes("Agents on this server") && /› it .*open here/.test(screen()));
    await createAgent("Second Bot");
    const made = await named("Second Bot");
    expect(made?.model).toBe("llama.cpp/fake-model");
    await app.waitFor("the new agent selected in the list", () => /› Second Bot/.test(screen()));
  });

  it("renames the selected agent", async () => {
    const id = (await named("Second Bot"))?.id;
    app.write("r");
    await app.waitFor("the rename step", () => screen().includes("new name for Second Bot"));
    app.write(CTRL_U);
    app.write("Renamed Bot");
    await app.waitFor("the new name typed", () => screen().includes("Renamed Bot"));
    app.write("\r");
    await app.waitFor("renamed", () => screen().includes("renamed to Renamed Bot") && /› Renamed Bot/.test(screen()));
    expect((await named("Renamed Bot"))?.id).toBe(id);
  });

  it("deletes only after the exact name is typed: a wrong name deletes nothing", async () => {
    const id = (await named("Renamed Bot"))?.id;
    const sent = vi.spyOn(app.session.log, "sent");
    try {
      app.write("d");
      await app.waitFor("the delete step", () => screen().includes("type its name, Renamed Bot"));
      app.write("Renamed");
      await app.waitFor("typed", () => /│ Renamed\s/.test(screen()));
      app.write("\r");
      await app.waitFor("the refusal", () => screen().includes("nothing deleted"));
      expect(sentOfType(sent, "agent_delete")).toEqual([]);
      expect((await serverAgents()).some((a) => a.id === id)).toBe(true);
      app.write(" Bot");
      await app.waitFor("the whole name", () => /│ Renamed Bot\s/.test(screen()));
      app.write("\r");
      await app.waitFor("deleted", () => screen().includes("deleted Renamed Bot"));
    } finally {
      sent.mockRestore();
    }
    expect((await serverAgents()).some((a) => a.id === id)).toBe(false);
  });

  it("Enter on another agent opens it beside this one, in a new tab", async () => {
    const first = runtimeOf(app.session.store.getState()).scope;
    await createAgent("Third");
    await app.waitFor("the new agent selected", () => /› Third/.test(screen()));
    const third = (await named("Third"))?.id;
    app.write("\r");
    await app.waitFor("the other agent on screen", () => runtimeOf(app.session.store.getState()).scope.agent_id === third && !screen().includes("Agents on this server"), 60_000);
    expect(Object.keys(app.session.store.getState().runtimes)).toHaveLength(2);
    expect(app.session.controller.runtimes.map((s) => s.agent_id)).toEqual([first.agent_id, third]);
    // It asks before it acts, as the tab it was opened from does: a runtime started without a
    // mode would run unrestricted.
    expect(app.session.store.getState().runtimes[runtimeKey(first)]?.device?.current_permission_mode).toBe("standard");
    await app.waitFor("the mode of the tab it came from", () => runtimeOf(app.session.store.getState()).device?.current_permission_mode === "standard");
  });
});
