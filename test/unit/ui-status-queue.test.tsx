import { describe, expect, it, onTestFinished, vi } from "vitest";
import { KEY, lines, mountApp, RUNTIME, type Harness, type Json } from "./ui-harness.js";

// The status line (loop, tools, device, model) and the queue panel with its keys.

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
// Two lines: control state first (connection, loop, mode), then where and what (ids, cwd, model).
const statusLines = (screen: string): [string, string] => [lines(screen).at(-2) ?? "", lines(screen).at(-1) ?? ""];
const statusLine = (screen: string): string => statusLines(screen).join("\n");
const loop = (status: string, executing: string[] = []): Json => ({
  type: "update_loop_status",
  loop_status: { status, active_run_ids: executing.length ? ["run-1"] : [], executing_tool_call_ids: executing },
});
const device = (fields: Json): Json => ({
  type: "update_device_status",
  device_status: { current_connection_id: "app-server", is_online: true, is_processing: false, ...fields },
});

describe("status line", () => {
  it("shows connection, agent, model, and '—' for what the server has not sent yet", async () => {
    const h = await mountApp();
    const s = statusLine(h.screen());
    expect(s).toContain("● connected");
    expect(s).toContain("tester agent-1/conv-1");
    expect(s).toContain("llama.cpp/fake-model");
    // Nothing from the server yet: no loop status, no mode, no cwd.
    expect(statusLines(h.screen())[0]).toContain("● connected │ — │ — │");
    expect(statusLines(h.screen())[1]).toContain("conv-1 · —");
  });

  it("says what the loop is doing, with a spinner and a timer while busy, and 'idle' after", async () => {
    const h = await mountApp();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    await h.waitFor("responding", (x) => new RegExp(`${SPINNER.source} responding \\d+s`).test(statusLine(x)));
    h.frame(loop("WAITING_FOR_API_RESPONSE"));
    await h.waitFor("waiting", (x) => statusLine(x).includes("waiting for the model"));
    h.frame(loop("WAITING_ON_INPUT"));
    const idle = await h.waitFor("idle", (x) => statusLine(x).includes("idle"));
    expect(statusLine(idle)).not.toMatch(SPINNER);
  });

  it("the busy timer never shows a negative number of seconds", async () => {
    // Date on fake time that follows real time, so the jump below is exact and polls still end.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    const h = await mountApp();
    // Let the mount-time `now` go stale, as it does in any real session: by a whole 5 s.
    vi.setSystemTime(Date.now() + 5_000);
    h.frame(loop("PROCESSING_API_RESPONSE"));
    await h.waitFor("responding 0s", (x) => statusLine(x).includes("responding 0s"));
    expect(h.frames().map(statusLine).filter((l) => /responding -\d+s/.test(l))).toEqual([]);
  });

  it("names the tools in executing_tool_call_ids", async () => {
    const h = await mountApp();
    h.delta({
      type: "message",
      message_type: "approval_request_message",
      id: "m1",
      tool_calls: [
        { tool_call_id: "call-1", name: "Bash", arguments: '{"command":"ls"}' },
        { tool_call_id: "call-2", name: "Read", arguments: '{"file_path":"/tmp/x"}' },
      ],
    });
    h.frame(loop("EXECUTING_CLIENT_SIDE_TOOL", ["call-1", "call-2"]));
    await h.waitFor("tool names", (x) => /running tools \d+s: Bash, Read/.test(statusLine(x)));
  });

  it("shows the permission mode, cwd and git branch from device status", async () => {
    const h = await mountApp();
    h.frame(device({ current_permission_mode: "standard", current_working_directory: "/srv/proj", git_context: { branch: "feat/x" } }));
    let s = await h.waitFor("device fields", (x) => statusLine(x).includes("/srv/proj"));
    expect(statusLines(s)[0]).toContain("│ standard │");
    expect(statusLines(s)[1]).toContain("/srv/proj (feat/x)");
    h.frame(device({ current_permission_mode: "unrestricted", current_working_directory: "/srv/proj", git_context: null }));
    s = await h.waitFor("the warning", (x) => statusLine(x).includes("⚠ unrestricted"));
    expect(statusLine(s)).not.toContain("(feat/x)");
  });

  it("at 100 columns each line cuts from its end; the busy state and the warning come first", async () => {
    const h = await mountApp();
    h.frame(device({ current_permission_mode: "unrestricted", current_working_directory: "/srv/p", git_context: { branch: "main" } }));
    h.frame(loop("PROCESSING_API_RESPONSE"));
    const s = statusLine(await h.waitFor("busy", (x) => statusLine(x).includes("/srv/p (main)")));
    for (const part of ["responding", "⚠ unrestricted", "/srv/p (main)"]) expect(s).toContain(part);
    for (const line of s.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });
});

const queue = (items: Json[]): Json => ({ type: "update_queue", queue: items, removed: [] });
const twoItems = queue([
  { id: "q-1", client_message_id: "cm-1", kind: "message", source: "user", content: "first queued" },
  { id: "q-2", client_message_id: "cm-2", kind: "message", source: "user", content: [{ type: "text", text: "second queued" }], paused: true },
]);

async function withQueue(): Promise<Harness> {
  const h = await mountApp();
  h.frame(twoItems);
  await h.waitFor("the queue panel", (x) => x.includes("queue (2)"));
  return h;
}

describe("queue panel", () => {
  it("lists the items, marks the paused one and says the queue is paused", async () => {
    const h = await withQueue();
    const s = h.screen();
    expect(s).toContain("· first queued");
    expect(s).toContain("⏸ second queued");
    expect(s).toContain("paused after abort");
    expect(s).toContain("Tab to manage");
  });

  it("Tab focuses the panel (its key hints show), r resumes the queue", async () => {
    const h = await withQueue();
    await h.press(KEY.tab);
    await h.waitFor("queue hints", (x) => x.includes("r resume paused items"));
    await h.press("r");
    expect(h.actions.argsOf("resumeQueue")).toEqual([[]]);
    // Keys in the panel are not typed into the input.
    expect(h.screen()).toContain("Message the agent");
  });

  it("Down then d removes the second item by its server id", async () => {
    const h = await withQueue();
    await h.press(KEY.tab);
    await h.waitFor("queue hints", (x) => x.includes("d remove the selected item"));
    await h.press(KEY.down, "d");
    expect(h.actions.argsOf("removeQueueItem")).toEqual([["q-2"]]);
    await h.press(KEY.up, "d");
    expect(h.actions.argsOf("removeQueueItem")).toEqual([["q-2"], ["q-1"]]);
  });

  it("Tab and Esc give the keys back to the input line", async () => {
    const h = await withQueue();
    for (const back of [KEY.tab, KEY.esc]) {
      await h.press(KEY.tab);
      await h.waitFor("queue focus", (x) => x.includes("r resume paused items"));
      await h.press(back);
      await h.waitFor("input focus", (x) => x.includes("Tab to manage"));
    }
    await h.press("hi");
    await h.waitFor("typed text in the input", (x) => x.includes("› hi"));
    // Esc in the queue closed the panel; it did not abort the turn.
    expect(h.actions.argsOf("abort")).toEqual([]);
    expect(h.actions.argsOf("resumeQueue")).toEqual([]);
  });

  it("Tab with an empty queue does nothing; the panel disappears when the queue empties", async () => {
    const h = await withQueue();
    h.frame(queue([]));
    await h.waitFor("no panel", (x) => !x.includes("queue ("));
    await h.press(KEY.tab, "x");
    await h.waitFor("typed text in the input", (x) => x.includes("› x"));
  });

  it("our message the server accepted as queued but does not list yet says (queued); a held one waits", async () => {
    const h = await mountApp();
    const scope = { ...RUNTIME };
    h.store.dispatch({ type: "message_sent", scope, requestId: "in-1", clientMessageId: "cm-1", text: "accepted later" });
    h.frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "queued" });
    const s = await h.waitFor("the queue panel", (x) => x.includes("queue (1)"));
    expect(s).toContain("· accepted later (queued)");
    expect(s).not.toContain("(sending)");
    h.store.dispatch({ type: "message_held", scope, clientMessageId: "cm-2", text: "typed during the turn" });
    const both = await h.waitFor("two rows", (x) => x.includes("queue (2)"));
    expect(both).toContain("· typed during the turn (waits for the turn to end)");
    // Once the server lists it, it is the server's row: no label of ours.
    h.frame(queue([{ id: "q-1", client_message_id: "cm-1", kind: "message", source: "user", content: "accepted later" }]));
    const listed = await h.waitFor("listed by the server", (x) => x.includes("· accepted later") && !x.includes("accepted later (queued)"));
    expect(listed).toContain("queue (2)");
  });
});
