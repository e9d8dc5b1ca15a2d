import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import type { Store } from "../../src/store/store.js";
import { formatElapsed, taskRows } from "../../src/ui/taskRows.js";
import { TASKS, TASKS_EMPTY } from "../../src/ui/views/tasks.js";
import { DOWN, ENTER, ESC, UP, key, session } from "./ui-driver.js";
import { attachedStore, dispatchFrame, manualClock, mountApp, RUNTIME } from "./ui-harness.js";

// The tasks panel: its rows (order, words, elapsed time on an injected clock), Alt+T and /tasks,
// and the stop step (only a running monitor is sent monitor_stop; anything else is told why).

const ALT_T = key("t", { meta: true });
const bash = (id: string, command: string, started: number) => ({ process_id: id, kind: "bash", command, started_at_ms: started, status: "running", exit_code: null });
const monitor = (id: string, description: string, started: number) => ({ process_id: id, kind: "monitor", description, source: "command", started_at_ms: started, status: "running", persistent: false });
const processes = (store: Store, list: unknown[]) => dispatchFrame(store, { type: "update_device_status", device_status: { background_processes: list } });
const notify = (store: Store, xml: string) => dispatchFrame(store, { type: "stream_delta", delta: { type: "message", id: `u-${xml.length}`, message_type: "user_message", content: xml } });
const FAILED = "<task-notification>\n<task-id>bash_1</task-id>\n<status>failed</status>\n<summary>Background command \"x\" failed</summary>\n<result>$ x\n\nExit code: 3</result>\n<usage>duration_ms: 2015</usage>\n</task-notification>";
const rtOf = (store: Store) => Object.values(store.getState().runtimes)[0];
const top = (s: ReturnType<typeof session>) => s.ui.views.at(-1);

describe("rows", () => {
  it("elapsed time as a person reads it", () => {
    expect([0, 999, 12_400, 65_000, 3_599_000, 3_720_000].map(formatElapsed)).toEqual(["0s", "0s", "12s", "1m 05s", "59m 59s", "1h 02m"]);
  });

  it("running first (newest first), then the finished with how they ended; elapsed from the clock given", () => {
    const store = attachedStore();
    processes(store, [bash("bash_1", "x", 10_000), bash("bash_2", "sleep 30", 20_000), monitor("monitor_a", "watch logs", 15_000)]);
    notify(store, FAILED);
    processes(store, [bash("bash_2", "sleep 30", 20_000), monitor("monitor_a", "watch logs", 15_000)]);
    const rows = taskRows(rtOf(store), 85_000);
    expect(rows.map((r) => [r.task.id, r.running, r.elapsed])).toEqual([
      ["bash_2", true, "1m 05s"],
      ["monitor_a", true, "1m 10s"],
      ["bash_1", false, "2s"],
    ]);
    expect(rows[0]!.text).toBe("● running   bash       1m 05s          sleep 30");
    expect(rows[2]!.text).toBe("✗ failed    bash           2s  exit 3  x");
    // Another moment, other elapsed times for what runs; the finished one keeps its duration.
    expect(taskRows(rtOf(store), 145_000).map((r) => r.elapsed)).toEqual(["2m 05s", "2m 10s", "2s"]);
  });

  it("server text is drawn safe: escapes visible, nothing passed to the terminal", () => {
    const store = attachedStore();
    processes(store, [bash("bash_1", "echo \u001b[31mred\u0007", 0)]);
    const text = taskRows(rtOf(store), 0)[0]!.text;
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain("red");
  });
});

describe("opening", () => {
  it("Alt+T opens the panel and closes it; /tasks opens it too; Esc closes", () => {
    const s = session();
    s.send(ALT_T);
    expect(top(s)?.id).toBe(TASKS);
    s.send(ALT_T);
    expect(s.ui.views).toEqual([]);
    s.type("/tasks").send(ENTER);
    expect(top(s)?.id).toBe(TASKS);
    s.send(ESC);
    expect(s.ui.views).toEqual([]);
  });
});

describe("stopping", () => {
  function withTasks() {
    const store = attachedStore();
    processes(store, [bash("bash_2", "sleep 30", 20_000), monitor("monitor_a", "watch logs", 15_000)]);
    const s = session({ store });
    s.send(ALT_T);
    return s;
  }
  const requests = (s: ReturnType<typeof session>) => s.effects.filter((e) => e.kind === "request");

  it("s on a running monitor sends monitor_stop for it, once, and says so", () => {
    const s = withTasks();
    s.send(DOWN, key("s"));
    expect(requests(s)).toEqual([
      { kind: "request", command: { type: "monitor_stop", runtime: RUNTIME, process_id: "monitor_a" }, expect: "monitor_stop_response", reply: { to: TASKS, tag: "monitor_a" } },
    ]);
    expect(top(s)).toMatchObject({ pending: true, note: "stopping monitor_a…" });
    s.send(key("s"));
    expect(requests(s)).toHaveLength(1);
  });

  it("the answer is a line on the panel: stopped, or why not", () => {
    const s = withTasks();
    s.send(DOWN, key("s"));
    const frame = { type: "monitor_stop_response", request_id: "x", process_id: "monitor_a", success: true, stopped: true } as unknown as KnownFrame;
    s.send({ type: "reply", to: TASKS, tag: "monitor_a", result: { ok: true, frame } });
    expect(top(s)).toMatchObject({ pending: false, note: "stopped monitor_a" });
    s.send(key("s"), { type: "reply", to: TASKS, tag: "monitor_a", result: { ok: false, error: "Monitor not found" } });
    expect(top(s)).toMatchObject({ pending: false, note: "could not stop monitor_a: Monitor not found" });
  });

  it("s on a Bash sends nothing and says what to do instead (the server would answer Monitor not found)", () => {
    const s = withTasks();
    s.send(key("s"));
    expect(requests(s)).toEqual([]);
    expect(top(s)?.note).toBe("bash_2 is a background Bash: only monitors can be stopped from here; ask the agent to stop it (its TaskStop tool)");
  });

  it("the highlight follows the task, not the position, when the list changes under it", () => {
    const s = withTasks();
    s.send(DOWN);
    expect(top(s)?.target).toBe("monitor_a");
    // A newer Bash starts: it sorts first, pushing the monitor down a row.
    processes(s.store, [bash("bash_3", "make", 30_000), bash("bash_2", "sleep 30", 20_000), monitor("monitor_a", "watch logs", 15_000)]);
    s.send(key("s"));
    expect(requests(s).map((e) => e.kind === "request" && e.command.type === "monitor_stop" && e.command.process_id)).toEqual(["monitor_a"]);
    s.send(UP, UP, UP);
    expect(top(s)?.target).toBe("bash_3");
  });
});

describe("on screen", () => {
  it("the panel lists a task with its elapsed time on the App's clock, and the status line counts what runs", async () => {
    const clock = manualClock(100_000);
    const h = await mountApp({ clock });
    h.frame({ type: "update_device_status", device_status: { background_processes: [bash("bash_2", "sleep 30", 100_000 - 12_000)] } });
    await h.waitFor("the status line's count", (s) => s.includes("⚙ 1 task · Alt+T"));
    await h.press("\u001bt");
    await h.waitFor("the panel", (s) => s.includes("Background tasks · 1 running · 0 finished") && s.includes("12s") && s.includes("sleep 30"));
    clock.pass(60_000);
    await h.waitFor("the elapsed time moved with the clock", (s) => s.includes("1m 12s"), 5_000);
    h.frame({ type: "update_device_status", device_status: { background_processes: [] } });
    await h.waitFor("finished, and no count", (s) => s.includes("■ finished") && !s.includes("⚙ 1 task"));
  });

  it("with nothing to list, the panel says what would show there", async () => {
    const h = await mountApp();
    await h.press("\u001bt");
    await h.waitFor("the empty panel", (s) => s.includes(TASKS_EMPTY.slice(0, 40)));
  });
});
