import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { LETTA_MODEL, NEW_AGENT, runtimeOf, startLettaServer, type LettaServer } from "./support.js";

// The tasks panel against the real App Server (0.32.18) and the scripted model: a Bash run in
// the background, a subagent and a monitor each show in the panel while they run and then as
// they ended, and the turn each one's notification starts is labelled as the task's, not as
// something the person typed. Unrestricted mode: approvals are another file's subject.

let server: LettaServer;
let app: MountedApp;
const ALT_T = "\u001bt";
const screen = () => app.screen();
const tasks = () => runtimeOf(app.session.store.getState()).tasks ?? [];
const transcriptText = () => allItems(runtimeOf(app.session.store.getState()).transcript).map((i) => ("text" in i ? i.text : ""));
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer();
  app = await openApp(server, { config: { attach: { selection: NEW_AGENT, mode: "unrestricted", cwd: server.workDir } } });
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const panelOpen = () => screen().includes("Background tasks ·");
// Alt+T toggles, so it is written once and waited for (pressing again could close it); the
// App's own key handler takes it, mounted long before.
async function togglePanel(open: boolean) {
  if (panelOpen() === open) return;
  app.write(ALT_T);
  await app.waitFor(open ? "the tasks panel" : "the tasks panel closed", () => panelOpen() === open);
}

describe("the tasks panel against the real server", () => {
  // The command waits for a file the test writes: it ends when the test says, not after a sleep.
  const flag = () => join(server.workDir, "finish.flag");
  const command = () => `while [ ! -e ${flag()} ]; do sleep 0.1; done; echo out; exit 3`;

  it("a background Bash shows as running, with the count on the status line", async () => {
    const directive = JSON.stringify({ command: command(), run_in_background: true, description: "gated job" });
    await app.type(`[[tool:Bash|${directive}]]`);
    await app.waitFor("the status line's count", () => screen().includes("⚙ 1 task · Alt+T"), 60_000);
    await app.waitFor("turn end", () => app.idle(), 60_000);
    await togglePanel(true);
    await app.waitFor("the running row", () => /● running +bash .*while \[/.test(screen()));
    expect(screen()).toContain("Background tasks · 1 running · 0 finished");
  });

  it("s on it sends nothing (0.32.18 stops only monitors) and says what to do instead", async () => {
    const sent = vi.spyOn(app.session.log, "sent");
    app.write("s");
    await app.waitFor("the note", () => screen().includes("only monitors can be stopped from here"));
    expect(sent.mock.calls.some(([f]) => typeof f === "object" && f !== null && "type" in f && f.type === "monitor_stop")).toBe(false);
    sent.mockRestore();
  });

  it("it ends: the panel shows it failed with exit code 3, and the turn it starts is labelled", async () => {
    const id = tasks().find((t) => t.kind === "bash")?.id;
    expect(id).toMatch(/^bash_/);
    writeFileSync(flag(), "");
    await app.waitFor("the finished row", () => /✗ failed +bash +\S+ +exit 3 +while/.test(screen()), 60_000);
    const label = `⚙ background task ${id} failed (exit code 3): Background command "gated job" failed`;
    await app.waitFor("the label in the transcript", () => transcriptText().includes(label), 60_000);
    // The notification's own turn: the model answered it, and nothing on screen shows its XML
    // or a message the person did not type.
    await app.waitFor("that turn's reply", () => app.idle() && transcriptText().at(-1) === "pong", 60_000);
    expect(screen()).toContain(`⚙ background task ${id} failed (exit code 3)`);
    expect(screen()).not.toContain("task-notification");
    expect(screen()).not.toContain("› <");
    expect(screen()).not.toContain("⚙ 1 task");
    expect(tasks().find((t) => t.id === id)).toMatchObject({ status: "failed", exitCode: 3, listed: false });
  });

  it("a subagent launched with a model shows as it runs and then as completed, and its notification turn is labelled", async () => {
    const rt = runtimeOf(app.session.store.getState());
    const answer = await app.session.controller.request(
      {
        type: "launch_subagent",
        runtime: { agent_id: rt.scope.agent_id!, conversation_id: rt.scope.conversation_id },
        args: { subagent_type: "general-purpose", prompt: "say hi", description: "helper probe", model: LETTA_MODEL },
      },
      "launch_subagent_response",
    );
    expect(answer).toMatchObject({ success: true, task_id: expect.stringMatching(/^task_/) });
    const taskId = "task_id" in answer ? answer.task_id : undefined;
    await app.waitFor("the completed subagent row", () => /✓ completed +subagent .*helper probe/.test(screen()), 60_000);
    await app.waitFor("its notification's label", () => transcriptText().some((t) => t.startsWith(`⚙ background task ${taskId} completed: Agent "helper probe" completed`)), 60_000);
    // One row for it, whether the server named it by task id or by subagent id.
    expect(tasks().filter((t) => t.label === "helper probe")).toHaveLength(1);
    await app.waitFor("that turn's end", () => app.idle(), 60_000);
  });

  it("a monitor: s stops it through monitor_stop, and the panel and the transcript say so", async () => {
    const directive = JSON.stringify({ command: "while true; do echo tick; sleep 5; done", description: "watch ticks" });
    await togglePanel(false);
    await app.type(`[[tool:Monitor|${directive}]]`);
    await app.waitFor("the monitor listed", () => tasks().some((t) => t.kind === "monitor" && t.listed), 60_000);
    await app.waitFor("turn end", () => app.idle(), 60_000);
    const id = tasks().find((t) => t.kind === "monitor")!.id;
    await togglePanel(true);
    // Running ones come first: the monitor is the highlighted row.
    await app.waitFor("the monitor row and what s does", () => /● running +monitor .*watch ticks/.test(screen()) && screen().includes("s stops monitor"));
    app.write("s");
    await app.waitFor("the answer", () => screen().includes(`stopped ${id}`), 60_000);
    await app.waitFor("the monitor marked stopped", () => /■ stopped +monitor .*watch ticks/.test(screen()), 60_000);
    await app.waitFor("its notification's label", () => transcriptText().some((t) => t.startsWith(`⚙ background task ${id}: Monitor event: "watch ticks" · The user cancelled this Monitor`)), 60_000);
    await app.waitFor("that turn's end", () => app.idle(), 60_000);
  });
});
