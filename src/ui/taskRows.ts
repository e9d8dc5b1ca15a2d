import type { RuntimeState } from "../store/state.js";
import { isRunning, type TaskRecord } from "../store/tasks.js";
import { sanitizeLine } from "./sanitize.js";

// What the tasks panel lists, as plain values: one row per background process or subagent,
// running first (newest first), then the finished ones (latest end first). Elapsed times are
// read against the clock handed in (the App's, which tests inject), never Date.now.

export interface TaskRow {
  readonly task: TaskRecord;
  readonly running: boolean;
  /** "12s", "3m 05s", "1h 02m"; "—" when nothing says how long it ran. */
  readonly elapsed: string;
  /** The one line the panel draws (server text sanitised). */
  readonly text: string;
}

const GLYPH: Record<string, string> = { running: "●", pending: "○", completed: "✓", failed: "✗", error: "✗", stopped: "■", finished: "■" };
export const STATUS_COLOR: Record<string, string> = { running: "cyan", pending: "gray", completed: "green", failed: "red", error: "red", stopped: "yellow", finished: "gray" };

/** A duration as a person reads it at a glance. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** How long it has run (still running) or ran (the server's measure, else start to the end we saw). */
export function elapsedOf(t: TaskRecord, now: number): string {
  // No clock (NaN): the rows are being counted, not read.
  if (isRunning(t)) return t.startedAtMs !== undefined && Number.isFinite(now) ? formatElapsed(now - t.startedAtMs) : "—";
  if (t.durationMs !== undefined) return formatElapsed(t.durationMs);
  if (t.startedAtMs !== undefined && t.endedAtMs !== undefined) return formatElapsed(t.endedAtMs - t.startedAtMs);
  return "—";
}

/** Latest first; an end we never saw counts as its start. */
const endOf = (t: TaskRecord): number => t.endedAtMs ?? (t.startedAtMs !== undefined ? t.startedAtMs + (t.durationMs ?? 0) : 0);

/** The panel's rows for the runtime on screen, at `now`. */
export function taskRows(rt: RuntimeState | undefined, now: number): TaskRow[] {
  const tasks = rt?.tasks ?? [];
  const running = tasks.filter(isRunning).sort((a, b) => (b.startedAtMs ?? 0) - (a.startedAtMs ?? 0));
  const over = tasks.filter((t) => !isRunning(t)).sort((a, b) => endOf(b) - endOf(a));
  return [...running, ...over].map((task) => {
    const elapsed = elapsedOf(task, now);
    return { task, running: isRunning(task), elapsed, text: taskLine(task, elapsed) };
  });
}

/**
 * "● running   bash      12s           sleep 30": the fixed columns first, so a narrow terminal
 * cuts the command, never the status or the exit code.
 */
export function taskLine(t: TaskRecord, elapsed: string): string {
  const glyph = GLYPH[t.status] ?? "·";
  const exit = t.exitCode !== undefined ? `exit ${t.exitCode}` : "";
  return `${glyph} ${sanitizeLine(t.status).padEnd(9)} ${sanitizeLine(t.kind).padEnd(9)} ${elapsed.padStart(7)}  ${exit.padEnd(8)}${sanitizeLine(t.label)}`;
}

/** Tasks at work on the runtime (the status line's "⚙ 2 tasks"). */
export function runningTasks(rt: RuntimeState | undefined): number {
  return (rt?.tasks ?? []).filter(isRunning).length;
}

/** What `s` does on a task, said before it is pressed: only a running monitor can be stopped from here. */
export function stopWords(t: TaskRecord): { stoppable: boolean; text: string } {
  const id = sanitizeLine(t.id);
  if (!isRunning(t)) return { stoppable: false, text: `${id} has ended: nothing to stop` };
  if (t.kind === "monitor") return { stoppable: true, text: `s stops monitor ${id}` };
  // 0.32.18's monitor_stop answers "Monitor not found" for anything but a monitor.
  return { stoppable: false, text: `${id} is ${KIND_WORDS[t.kind] ?? `a ${sanitizeLine(t.kind)}`}: only monitors can be stopped from here; ask the agent to stop it (its TaskStop tool)` };
}

const KIND_WORDS: Record<string, string> = { bash: "a background Bash", agent_task: "an agent task", subagent: "a subagent" };
