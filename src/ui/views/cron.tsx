import type { CronTask } from "../../protocol/responses-schedule.js";
import { describeCron } from "../cron/describe.js";
import { nextRun, shortWall } from "../cron/next.js";
import { parseCron } from "../cron/parse.js";
import { useNow } from "../hooks/useNow.js";
import { keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewEntry, World } from "../state/uiState.js";
import { cronBroadcast, cronKey, cronOpen, cronPaste, cronReply, STEP_CONFIRM, STEP_EXPR, STEP_PROMPT, taskName, tasksOf } from "./cronSteps.js";
import { activeRuntime, selectionIn } from "./panelList.js";
import { PanelLines, panelRows, type PanelLine } from "./panelLines.js";
import type { ViewDef } from "./view.js";

// /cron: the agent's scheduled prompts with their next run, as the server lists them. The
// steps are in cronSteps.ts; this draws them. Every string from the server goes through
// sanitizeLine: a schedule's name and prompt are anyone's text.

/** Schedules listed at once; the selection scrolls. */
const SHOWN = 8;
const MARKS: Readonly<Record<string, string>> = { active: "●", paused: "‖", fired: "✓", missed: "✗", cancelled: "✗" };

/** When it runs next, or why it does not. */
export function nextWords(task: CronTask, now: number): string {
  const zone = task.timezone ?? "UTC";
  if (task.status === "paused") return "paused";
  if (task.status !== "active") return task.status;
  if (!task.recurring && task.scheduled_for) {
    const at = Date.parse(task.scheduled_for) + (task.jitter_offset_ms ?? 0);
    return Number.isNaN(at) ? "once" : `once, ${shortWall(at, zone)}`;
  }
  const parsed = parseCron(task.cron);
  if (!parsed.ok) return "never (the expression is not valid)";
  const at = nextRun(parsed.spec, now, zone, task.jitter_offset_ms ?? 0);
  return at === null ? "never" : `next ${shortWall(at, zone)}`;
}

const ranTimes = (n: number) => (n === 0 ? "not run yet" : n === 1 ? "ran once" : `ran ${n} times`);

const words = (cron: string) => {
  const d = describeCron(cron);
  return d.ok ? d.words : cron;
};

function listLines(entry: ViewEntry, world: World, now: number): PanelLine[] {
  const rt = activeRuntime(world);
  const tasks = tasksOf(entry);
  const lines: PanelLine[] = [{ kind: "title", text: `Schedules of ${sanitizeLine(rt?.agentName ?? rt?.scope.agent_id ?? "this agent")}${tasks.length ? ` · ${tasks.length}` : ""}` }];
  if (entry.cronTasks === "loading") lines.push({ kind: "dim", text: "loading…" });
  else if (tasks.length === 0) lines.push({ kind: "dim", text: "no schedules yet: a adds one" });
  const sel = selectionIn(entry, tasks.length);
  const first = Math.max(0, Math.min(sel - SHOWN + 1, tasks.length - SHOWN));
  if (first > 0) lines.push({ kind: "dim", text: `… ${first} above` });
  tasks.slice(first, first + SHOWN).forEach((t, j) => {
    const zone = t.timezone && t.timezone !== "UTC" ? ` ${t.timezone}` : " UTC";
    const text = `${MARKS[t.status] ?? "?"} ${sanitizeLine(words(t.cron))} · ${sanitizeLine(nextWords(t, now))}${t.status === "active" ? sanitizeLine(zone) : ""} · ${sanitizeLine(taskName(t))}`;
    lines.push({ kind: first + j === sel ? "selected" : "row", text });
  });
  const after = tasks.length - first - Math.min(SHOWN, tasks.length - first);
  if (after > 0) lines.push({ kind: "dim", text: `… ${after} more` });
  const task = tasks[sel];
  if (task) {
    const last = task.last_run_at ? ` · last run ${sanitizeLine(task.last_run_outcome ?? "")} ${shortWall(Date.parse(task.last_run_at), task.timezone ?? "UTC")}` : "";
    lines.push({ kind: "dim", text: `${sanitizeLine(task.cron)} · ${ranTimes(task.fire_count ?? 0)}${last} · asks: ${sanitizeLine(task.prompt ?? "")}` });
  }
  if (entry.step === STEP_CONFIRM) {
    const target = tasks.find((t) => t.id === entry.target);
    lines.push({ kind: "note", text: `Delete ${sanitizeLine(target ? taskName(target) : "this schedule")} (${sanitizeLine(target ? words(target.cron) : "")})? ${keyHints("cron-confirm")}` });
    return lines;
  }
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note) });
  lines.push({ kind: "dim", text: keyHints("cron") });
  return lines;
}

function formLines(entry: ViewEntry): PanelLine[] {
  const field = entry.field ?? { value: "", cursor: 0 };
  const zone = Array.isArray(entry.cronTasks) ? entry.cronTasks.find((t) => t.timezone)?.timezone : undefined;
  const tz = `times are the server's clock${zone ? ` (${sanitizeLine(zone)})` : ""}`;
  const lines: PanelLine[] = [];
  if (entry.step === STEP_EXPR) {
    const d = describeCron(field.value);
    lines.push(
      { kind: "title", text: "New schedule: when? minute hour day month weekday" },
      { kind: "field", field, placeholder: "e.g. 0 9 * * 1-5" },
      field.value.trim() ? (d.ok ? { kind: "row", text: `= ${d.words}` } : { kind: "error", text: sanitizeLine(d.error) }) : { kind: "dim", text: "0 9 * * * every day at 09:00 · */30 * * * * every 30 minutes" },
      { kind: "dim", text: tz },
    );
  } else {
    lines.push(
      { kind: "title", text: `New schedule: ${sanitizeLine(words(entry.target ?? ""))}` },
      { kind: "field", field, placeholder: "what the agent is asked each time" },
      { kind: "dim", text: "it runs in this conversation" },
    );
  }
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note) });
  lines.push({ kind: "dim", text: keyHints("cron-form") });
  return lines;
}

/** What the view draws, line by line: its height and its render both read this. */
export function cronLines(entry: ViewEntry, world: World, now: number): PanelLine[] {
  return entry.step === STEP_EXPR || entry.step === STEP_PROMPT ? formLines(entry) : listLines(entry, world, now);
}

export const cron: ViewDef = {
  context: "cron",
  placement: "panel",
  open: (world) => cronOpen(world),
  key: (entry, input, key, world) => cronKey(entry, input, key, world),
  paste: cronPaste,
  reply: cronReply,
  broadcast: cronBroadcast,
  // The line count does not depend on the time: any clock gives the same height.
  rows: (entry, world, width) => panelRows(cronLines(entry, world, 0), width),
  View: function CronView({ entry, world, width }) {
    // Next runs move on with the clock; a minute is their precision.
    const now = useNow(true, 30_000);
    return <PanelLines lines={cronLines(entry, world, now)} width={width} color="cyan" />;
  },
};
