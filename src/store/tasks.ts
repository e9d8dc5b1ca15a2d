import { clip } from "../protocol/detach.js";
import type { SubagentSnapshot } from "../protocol/status.js";
import type { RuntimeState } from "./state.js";
import type { TaskNotice } from "./taskNotification.js";

// The runtime's background work as the tasks panel lists it: background processes (device
// status `background_processes`: Bash, monitors, agent tasks), subagents (`update_subagent_state`)
// and how each ended (its `<task-notification>`). 0.32.18 lists only what is running and drops
// a process the moment it exits, exit code and all: the record stays here, marked finished, so
// a person can still see how it ended. Bounded: the newest FINISHED_KEPT finished ones.

/** One background task, as last reported. */
export interface TaskRecord {
  /** process_id (bash_2, monitor_…, task_1), or a subagent's subagent_id. */
  readonly id: string;
  /** bash, monitor, agent_task (the server's words), or subagent. */
  readonly kind: string;
  /** The command, or the description. Server text: drawn through sanitizeLine. */
  readonly label: string;
  /** The server's word (running, pending, completed, failed, error), "stopped" (monitor_stop), or "finished" when it stopped listing the task without saying how it ended. */
  readonly status: string;
  /** On the server's clock (epoch ms). */
  readonly startedAtMs?: number;
  /** When the server stopped listing it (that snapshot's emitted_at), if known. */
  readonly endedAtMs?: number;
  /** How long it ran, as the server measured it (a subagent's duration_ms, a notification's). */
  readonly durationMs?: number;
  readonly exitCode?: number;
  readonly error?: string;
  /** Whether the server's latest snapshot lists it (otherwise it is over). */
  readonly listed: boolean;
  /** An agent_task's subagent, or the subagent a notification names: one row for both. */
  readonly subagentId?: string;
}

/** Finished tasks kept after the server dropped them. */
export const FINISHED_KEPT = 20;
/** Tasks kept at all (a server listing thousands is not believed beyond this), and characters of their text. */
export const TASKS_KEPT = 200;
const TEXT_KEPT = 1000;

const STILL = new Set(["running", "pending"]);
/** What a notification, a subagent snapshot or a stop says of an end. */
const ENDED = new Set(["completed", "failed", "error", "stopped"]);
/** Whether a task is still at work. */
export const isRunning = (t: TaskRecord): boolean => t.listed && STILL.has(t.status);

type Patch = Partial<Omit<TaskRecord, "id">>;
const defined = (p: Record<string, unknown>): Patch => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== null)) as Patch;

function find(tasks: readonly TaskRecord[], id: string | undefined, subagentId?: string): number {
  return tasks.findIndex((t) => (id !== undefined && (t.id === id || t.subagentId === id)) || (subagentId !== undefined && (t.id === subagentId || t.subagentId === subagentId)));
}

function upsert(tasks: TaskRecord[], at: number, id0: string, patch0: Patch): void {
  // The state keeps server text bounded and detached from the frame it came in.
  const id = clip(id0, TEXT_KEPT);
  const patch = { ...patch0, ...(patch0.label !== undefined ? { label: clip(patch0.label, TEXT_KEPT) } : {}), ...(patch0.error !== undefined ? { error: clip(patch0.error, TEXT_KEPT) } : {}) };
  if (at >= 0) tasks[at] = { ...tasks[at]!, ...patch };
  else tasks.push({ id, kind: "task", label: id, status: "running", listed: true, ...patch });
}

/** A task the server no longer lists is over; if nothing said how, it "finished". */
function dropped(t: TaskRecord, at: number | undefined): TaskRecord {
  if (!t.listed) return t;
  return { ...t, listed: false, status: STILL.has(t.status) ? "finished" : t.status, ...(t.endedAtMs === undefined && at !== undefined ? { endedAtMs: at } : {}) };
}

/** The running ones, then the newest FINISHED_KEPT of the rest. */
function bounded(tasks: TaskRecord[]): TaskRecord[] {
  const over = tasks.filter((t) => !t.listed);
  const gone = new Set(over.slice(0, Math.max(0, over.length - FINISHED_KEPT)));
  const kept = gone.size ? tasks.filter((t) => !gone.has(t)) : tasks;
  return kept.length > TASKS_KEPT ? kept.slice(-TASKS_KEPT) : kept;
}

const withTasks = (rt: RuntimeState, tasks: TaskRecord[]): RuntimeState => ({ ...rt, tasks: bounded(tasks) });

/** A background_processes snapshot (only when the frame has the field: absent says nothing). */
export function trackProcesses(rt: RuntimeState, processes: readonly Record<string, unknown>[], at?: number): RuntimeState {
  const tasks = [...(rt.tasks ?? [])];
  const seen = new Set<string>();
  for (const p of processes) {
    const id = String(p.process_id);
    const subagentId = typeof p.subagent_id === "string" ? p.subagent_id : undefined;
    const label = [p.command, p.description, p.task_type].find((v): v is string => typeof v === "string" && v.trim() !== "") ?? id;
    const i = find(tasks, id, subagentId);
    upsert(tasks, i, id, defined({
      kind: String(p.kind),
      label,
      // A subagent row already says more about its state than the process entry, and an end
      // a notification reported is not undone by a snapshot taken before it.
      ...(i >= 0 && tasks[i]!.kind === "subagent" ? { kind: "subagent" } : {}),
      ...(i >= 0 && (tasks[i]!.kind === "subagent" || ENDED.has(tasks[i]!.status)) ? {} : { status: typeof p.status === "string" ? p.status : "running" }),
      startedAtMs: typeof p.started_at_ms === "number" && p.started_at_ms > 0 ? p.started_at_ms : undefined,
      exitCode: typeof p.exit_code === "number" ? p.exit_code : undefined,
      error: typeof p.error === "string" ? p.error : undefined,
      subagentId,
      listed: true,
    }));
    seen.add(tasks[i >= 0 ? i : tasks.length - 1]!.id);
  }
  return withTasks(rt, tasks.map((t) => (t.kind === "subagent" || seen.has(t.id) ? t : dropped(t, at))));
}

/** An update_subagent_state snapshot: every subagent the runtime knows, as it is now. */
export function trackSubagents(rt: RuntimeState, subagents: readonly SubagentSnapshot[], at?: number): RuntimeState {
  const tasks = [...(rt.tasks ?? [])];
  const seen = new Set<string>();
  for (const s of subagents) {
    const i = find(tasks, undefined, s.subagent_id);
    const status = s.status ?? "running";
    upsert(tasks, i, s.subagent_id, defined({
      kind: "subagent",
      label: s.description?.trim() || s.subagent_type || s.subagent_id,
      status,
      startedAtMs: s.start_time,
      // While it runs, duration_ms is only as old as the last snapshot: the clock says more.
      durationMs: STILL.has(status) ? undefined : s.duration_ms,
      error: s.error ?? undefined,
      subagentId: s.subagent_id,
      listed: true,
    }));
    seen.add(tasks[i >= 0 ? i : tasks.length - 1]!.id);
  }
  return withTasks(rt, tasks.map((t) => (t.kind !== "subagent" || seen.has(t.id) ? t : dropped(t, at))));
}

/** A notification that a task ended (or, from a monitor, an event): how it ended goes on its row. */
export function trackNotice(rt: RuntimeState, n: TaskNotice, at?: number): RuntimeState {
  // A monitor's event, or reflection's word: nothing ended.
  if (!n.taskId || !n.status) return rt;
  const tasks = [...(rt.tasks ?? [])];
  const i = find(tasks, n.taskId, n.subagentId);
  const prev = i >= 0 ? tasks[i] : undefined;
  upsert(tasks, i, n.taskId, defined({
    // A task that ended before we attached: known only from this.
    ...(prev ? {} : { kind: kindOf(n.taskId), label: n.summary ?? n.taskId, listed: false, endedAtMs: at }),
    status: n.status,
    exitCode: n.exitCode,
    durationMs: n.durationMs,
  }));
  return withTasks(rt, tasks);
}

/** monitor_stop said it stopped the task: over, by someone's hand. */
export function trackStopped(rt: RuntimeState, id: string): RuntimeState {
  const tasks = [...(rt.tasks ?? [])];
  const i = find(tasks, id);
  if (i < 0) return rt;
  upsert(tasks, i, id, { status: "stopped" });
  return withTasks(rt, tasks);
}

/** bash_2 → bash, monitor_… → monitor, task_1 → agent_task: the server's id prefixes. */
function kindOf(id: string): string {
  const prefix = /^([a-z]+)_/.exec(id)?.[1];
  return prefix === "task" ? "agent_task" : (prefix ?? "task");
}

/** Epoch ms of an ISO emitted_at, if it is one. */
export function stamp(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
