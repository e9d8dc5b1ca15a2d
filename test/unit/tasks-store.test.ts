import { describe, expect, it } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { taskNoticeLine, taskNotices } from "../../src/store/taskNotification.js";
import { FINISHED_KEPT, isRunning, TASKS_KEPT, type TaskRecord } from "../../src/store/tasks.js";
import type { Store } from "../../src/store/store.js";
import { queueRows } from "../../src/ui/queue.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";

// The tasks the store keeps for the panel: what the server lists (only what runs, in 0.32.18),
// what it dropped (kept, marked finished), and how each ended (its notification). The XML is
// what 0.32.18 sent in a recorded run (test/integration/cmd-tasks.test.tsx runs it for real).

const BASH_FAILED = `<task-notification>
<task-id>bash_1</task-id>
<status>failed</status>
<summary>Background command "probe bg" failed</summary>
<result>$ sleep 2; echo out; exit 3

Exit code: 3

[stdout]
out</result>
<usage>duration_ms: 2015</usage>
</task-notification>
Full transcript available at: /tmp/letta-background-91FVv6/bash_1.log`;

const MONITOR_EVENT = `<task-notification>
<task-id>monitor_16ea</task-id>
<summary>Monitor event: "probe mon"</summary>
<result>
<event>The user cancelled this Monitor. Do not restart it unless the user asks.</event>
</result>
</task-notification>`;

const SUBAGENT_DONE = `<task-notification>
<task-id>task_1</task-id>
<status>completed</status>
<summary>Agent "probe sub" completed</summary>
<result>subagent_type=general-purpose subagent_id=subagent-17-1 subagent_status=success agent_id=agent-local-5 conversation_id=default

pong</result>
<usage>total_tokens: 8744
tool_uses: 0
duration_ms: 1037</usage>
</task-notification>
Full transcript available at: /tmp/letta-background-91FVv6/task_1.log`;

const bash = (id: string, command: string, started = 1_000) => ({ process_id: id, kind: "bash", command, started_at_ms: started, status: "running", exit_code: null });
const processes = (store: Store, list: unknown[], emitted_at = "2026-12-06T18:38:49.677Z") =>
  dispatchFrame(store, { type: "update_device_status", emitted_at, device_status: { background_processes: list } });
const subagents = (store: Store, list: unknown[]) => dispatchFrame(store, { type: "update_subagent_state", subagents: list });
const userMessage = (store: Store, id: string, content: unknown) =>
  dispatchFrame(store, { type: "stream_delta", delta: { type: "message", id, message_type: "user_message", content } });
const tasks = (store: Store): readonly TaskRecord[] => Object.values(store.getState().runtimes)[0]!.tasks ?? [];
const task = (store: Store, id: string) => tasks(store).find((t) => t.id === id);
const notices = (store: Store) => allItems(Object.values(store.getState().runtimes)[0]!.transcript).flatMap((i) => (i.kind === "notice" ? [i.text] : []));

describe("task notifications, read", () => {
  it("a background Bash's: id, status, exit code, duration", () => {
    expect(taskNotices(BASH_FAILED)).toEqual({
      notices: [{ taskId: "bash_1", status: "failed", summary: 'Background command "probe bg" failed', exitCode: 3, durationMs: 2015 }],
      rest: "",
    });
  });

  it("a monitor's event has no status (the monitor goes on); a subagent's names the subagent", () => {
    expect(taskNotices(MONITOR_EVENT)?.notices).toEqual([
      { taskId: "monitor_16ea", summary: 'Monitor event: "probe mon"', event: "The user cancelled this Monitor. Do not restart it unless the user asks." },
    ]);
    expect(taskNotices(SUBAGENT_DONE)?.notices[0]).toMatchObject({ taskId: "task_1", status: "completed", subagentId: "subagent-17-1", durationMs: 1037 });
  });

  it("an ordinary message is not one, even one that quotes the tag; escaped text is unescaped", () => {
    expect(taskNotices("what does <task-notification> mean?")).toBeUndefined();
    expect(taskNotices("<task-notification><summary>a &lt;b&gt; &amp; c</summary></task-notification>")?.notices).toEqual([{ summary: "a <b> & c" }]);
  });

  it("the transcript's line says which task, how it ended and its exit code", () => {
    expect(taskNoticeLine(taskNotices(BASH_FAILED)!.notices[0]!)).toBe('⚙ background task bash_1 failed (exit code 3): Background command "probe bg" failed');
    expect(taskNoticeLine({ summary: "Reflection finished." })).toBe("⚙ background task: Reflection finished.");
  });
});

describe("the turn a finished task starts is labelled, not shown as the person's message", () => {
  it("one line per notification, no user row, the XML nowhere", () => {
    const store = attachedStore();
    userMessage(store, "user-msg-1", BASH_FAILED);
    const items = allItems(Object.values(store.getState().runtimes)[0]!.transcript);
    expect(items.map((i) => i.kind)).toEqual(["notice"]);
    expect(notices(store)).toEqual(['⚙ background task bash_1 failed (exit code 3): Background command "probe bg" failed']);
  });

  it("waiting in the queue before its turn, it shows as that line too", () => {
    const store = attachedStore();
    dispatchFrame(store, { type: "update_queue", queue: [{ id: "q-1", client_message_id: "cm-q-1", kind: "task_notification", source: "task_notification", content: BASH_FAILED }] });
    const rt = Object.values(store.getState().runtimes)[0];
    expect(queueRows(rt).map((r) => r.text)).toEqual(['⚙ background task bash_1 failed (exit code 3): Background command "probe bg" failed']);
  });

  it("text that is not part of a notification is still shown", () => {
    const store = attachedStore();
    userMessage(store, "user-msg-2", [{ type: "text", text: `${MONITOR_EVENT}\nand also this` }]);
    const items = allItems(Object.values(store.getState().runtimes)[0]!.transcript);
    expect(items.map((i) => i.kind)).toEqual(["notice", "user"]);
    expect(items[1]).toMatchObject({ text: "and also this" });
  });
});

describe("notifications in history", () => {
  it("are labelled the same way; two in one message are two notes, each once however often the page is read", () => {
    const store = attachedStore();
    const scope = Object.values(store.getState().runtimes)[0]!.scope;
    store.dispatch({ type: "notice", scope, level: "info", text: "a note of ours" });
    const page = [{ id: "user-msg-7", date: "2026-12-06T18:38:49.669Z", message_type: "user_message", content: `${BASH_FAILED}\n${MONITOR_EVENT}` }];
    store.dispatch({ type: "history", scope, messages: page });
    store.dispatch({ type: "history", scope, messages: page });
    expect(notices(store)).toEqual([
      "a note of ours",
      '⚙ background task bash_1 failed (exit code 3): Background command "probe bg" failed',
      '⚙ background task monitor_16ea: Monitor event: "probe mon" · The user cancelled this Monitor. Do not restart it unless the user asks.',
    ]);
  });
});

describe("tasks kept for the panel", () => {
  it("a listed Bash runs; dropped by the server it stays, finished, with its end time", () => {
    const store = attachedStore();
    processes(store, [bash("bash_1", "sleep 2")]);
    expect(task(store, "bash_1")).toMatchObject({ kind: "bash", label: "sleep 2", status: "running", startedAtMs: 1_000, listed: true });
    expect(isRunning(task(store, "bash_1")!)).toBe(true);
    processes(store, [], "2026-12-06T18:38:50.000Z");
    expect(task(store, "bash_1")).toMatchObject({ status: "finished", listed: false, endedAtMs: Date.parse("2026-12-06T18:38:50.000Z") });
    expect(isRunning(task(store, "bash_1")!)).toBe(false);
  });

  it("its notification says how it ended, before or after the server drops it", () => {
    for (const order of ["notice-first", "drop-first"] as const) {
      const store = attachedStore();
      processes(store, [bash("bash_1", "sleep 2")]);
      if (order === "notice-first") userMessage(store, "u", BASH_FAILED);
      processes(store, []);
      if (order === "drop-first") userMessage(store, "u", BASH_FAILED);
      expect(task(store, "bash_1"), order).toMatchObject({ status: "failed", exitCode: 3, durationMs: 2015, listed: false });
    }
  });

  it("a snapshot still listing a task does not undo the end its notification reported", () => {
    const store = attachedStore();
    processes(store, [bash("bash_1", "sleep 2")]);
    userMessage(store, "u", BASH_FAILED);
    processes(store, [bash("bash_1", "sleep 2")]);
    expect(task(store, "bash_1")).toMatchObject({ status: "failed", exitCode: 3 });
  });

  it("a frame without background_processes says nothing about them", () => {
    const store = attachedStore();
    processes(store, [bash("bash_1", "sleep 2")]);
    dispatchFrame(store, { type: "update_device_status", device_status: { is_processing: true } });
    expect(task(store, "bash_1")).toMatchObject({ status: "running", listed: true });
  });

  it("a monitor monitor_stop stopped is marked stopped at once, and stays so; a refused stop changes nothing", () => {
    const store = attachedStore();
    processes(store, [{ process_id: "monitor_a", kind: "monitor", description: "a", started_at_ms: 5, status: "running" }, { process_id: "bash_1", kind: "bash", command: "b", started_at_ms: 5, status: "running" }]);
    dispatchFrame(store, { type: "monitor_stop_response", request_id: "k1", process_id: "bash_1", success: false, stopped: false, error: "Monitor not found" });
    dispatchFrame(store, { type: "monitor_stop_response", request_id: "k2", process_id: "monitor_a", success: true, stopped: true });
    expect(task(store, "monitor_a")).toMatchObject({ status: "stopped", listed: true });
    expect(isRunning(task(store, "monitor_a")!)).toBe(false);
    expect(task(store, "bash_1")).toMatchObject({ status: "running" });
    processes(store, [{ process_id: "bash_1", kind: "bash", command: "b", started_at_ms: 5, status: "running" }]);
    expect(task(store, "monitor_a")).toMatchObject({ status: "stopped", listed: false });
  });

  it("a monitor's event leaves it running", () => {
    const store = attachedStore();
    processes(store, [{ process_id: "monitor_16ea", kind: "monitor", description: "probe mon", started_at_ms: 5, status: "running", persistent: false }]);
    userMessage(store, "u", MONITOR_EVENT);
    expect(task(store, "monitor_16ea")).toMatchObject({ kind: "monitor", label: "probe mon", status: "running", listed: true });
  });

  it("a subagent: one row from its snapshots, its duration once it ended, and its notification by subagent id", () => {
    const store = attachedStore();
    const snap = (status: string, duration_ms: number) => ({ subagent_id: "subagent-17-1", subagent_type: "General-purpose", description: "probe sub", status, start_time: 7, duration_ms, error: null, is_background: true });
    subagents(store, [snap("running", 65)]);
    expect(task(store, "subagent-17-1")).toMatchObject({ kind: "subagent", label: "probe sub", status: "running", startedAtMs: 7 });
    expect(task(store, "subagent-17-1")?.durationMs).toBeUndefined();
    subagents(store, [snap("completed", 1038)]);
    expect(task(store, "subagent-17-1")).toMatchObject({ status: "completed", durationMs: 1038 });
    userMessage(store, "u", SUBAGENT_DONE);
    expect(tasks(store)).toHaveLength(1);
    subagents(store, []);
    expect(task(store, "subagent-17-1")).toMatchObject({ status: "completed", listed: false });
  });

  it("an agent_task process and its subagent are one row", () => {
    const store = attachedStore();
    processes(store, [{ process_id: "task_1", kind: "agent_task", task_type: "general-purpose", description: "probe sub", started_at_ms: 7, status: "running", subagent_id: "subagent-17-1" }]);
    subagents(store, [{ subagent_id: "subagent-17-1", description: "probe sub", status: "running", start_time: 7 }]);
    expect(tasks(store).map((t) => t.id)).toEqual(["task_1"]);
    userMessage(store, "u", SUBAGENT_DONE);
    expect(task(store, "task_1")).toMatchObject({ status: "completed", durationMs: 1037 });
  });

  it("a task that ended before we attached is known from its notification alone", () => {
    const store = attachedStore();
    userMessage(store, "u", BASH_FAILED);
    expect(task(store, "bash_1")).toMatchObject({ kind: "bash", label: 'Background command "probe bg" failed', status: "failed", exitCode: 3, listed: false });
  });

  it("a server listing thousands of huge tasks is not believed past the bounds", () => {
    const store = attachedStore();
    processes(store, Array.from({ length: 1000 }, (_, i) => bash(`bash_${i}`, "x".repeat(5_000), i)));
    expect(tasks(store)).toHaveLength(TASKS_KEPT);
    expect(Math.max(...tasks(store).map((t) => t.label.length))).toBeLessThan(1100);
  });

  it("finished ones are bounded: the newest are kept, running ones too", () => {
    const store = attachedStore();
    const many = Array.from({ length: FINISHED_KEPT + 5 }, (_, i) => bash(`bash_${i}`, `job ${i}`, i));
    for (let i = 0; i < many.length; i++) processes(store, [bash("bash_live", "server"), many[i]]);
    processes(store, [bash("bash_live", "server")]);
    const kept = tasks(store);
    expect(kept.filter((t) => !t.listed)).toHaveLength(FINISHED_KEPT);
    expect(kept.some((t) => t.id === "bash_live" && t.listed)).toBe(true);
    expect(kept.some((t) => t.id === `bash_${many.length - 1}`)).toBe(true);
    expect(kept.some((t) => t.id === "bash_0")).toBe(false);
  });
});
