import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import type { RuntimeState } from "../../store/state.js";
import { useRedraw } from "../hooks/useRedraw.js";
import { actionFor, keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewEntry, World } from "../state/uiState.js";
import { STATUS_COLOR, runningTasks, stopWords, taskRows, type TaskRow } from "../taskRows.js";
import type { ViewDef } from "./view.js";

// Alt+T or /tasks: the runtime's background work (a Bash run in the background, monitors,
// subagents), running ones first, then how the finished ones ended. The selection follows a
// task by id (`target`), not a position, so a list that reorders under the person cannot make
// `s` stop a different monitor than the one highlighted.

export const TASKS = "tasks";
/** Tasks listed at once. */
const TASK_ROWS = 8;
export const TASKS_EMPTY = "no background tasks: a Bash run in the background, a Monitor or a subagent shows here";

const activeRuntime = (world: World): RuntimeState | undefined => (world.app.active ? world.app.runtimes[world.app.active] : undefined);

/** The index of the highlighted task (the one named by `target`, else the first). */
function selectedIndex(entry: ViewEntry, rows: readonly TaskRow[]): number {
  const at = rows.findIndex((r) => r.task.id === entry.target);
  return at >= 0 ? at : 0;
}

function move(entry: ViewEntry, rows: readonly TaskRow[], by: -1 | 1): ViewEntry {
  const at = Math.max(0, Math.min(rows.length - 1, selectedIndex(entry, rows) + by));
  const id = rows[at]?.task.id;
  return id === undefined ? entry : { ...entry, target: id, note: undefined };
}

export const tasks: ViewDef = {
  context: "tasks",
  placement: "panel",
  open: () => ({ entry: { id: TASKS } }),
  key(entry, input, key, world) {
    // Order only, not time, decides the rows here: any clock gives the same list.
    const rows = taskRows(activeRuntime(world), 0);
    switch (actionFor("tasks", input, key)) {
      case "close":
        return { entry: null };
      case "option-prev":
        return { entry: move(entry, rows, -1) };
      case "option-next":
        return { entry: move(entry, rows, 1) };
      case "stop": {
        const row = rows[selectedIndex(entry, rows)];
        const rt = activeRuntime(world);
        const agent = rt?.scope.agent_id;
        if (!row || !rt || !agent) return { entry: { ...entry, note: "no task to stop" } };
        const id = row.task.id;
        const words = stopWords(row.task);
        if (!words.stoppable) return { entry: { ...entry, target: id, note: words.text } };
        // One stop at a time: a second s while the first is unanswered would only repeat it.
        if (entry.pending) return { entry };
        return {
          entry: { ...entry, target: id, pending: true, note: `stopping ${sanitizeLine(id)}…` },
          effects: [{ kind: "request", command: { type: "monitor_stop", runtime: { agent_id: agent, conversation_id: rt.scope.conversation_id }, process_id: id }, expect: "monitor_stop_response", reply: { to: TASKS, tag: id } }],
        };
      }
      default:
        return { entry };
    }
  },
  reply(entry, tag, result) {
    const id = sanitizeLine(tag);
    if (!result.ok) return { entry: { ...entry, pending: false, note: `could not stop ${id}: ${sanitizeLine(result.error)}` } };
    const stopped = "stopped" in result.frame && result.frame.stopped === true;
    return { entry: { ...entry, pending: false, note: stopped ? `stopped ${id}` : `${id} was not stopped (the server did not say why)` } };
  },
  rows: (entry, world, width) => tasksLines(entry, activeRuntime(world), undefined).reduce((n, l) => n + (l.wrap ? wrapped(l.text, width - 4) : cut(l.text)), 2),
  View: ({ entry, world, now }) => {
    const rt = activeRuntime(world);
    // Elapsed times move while something runs.
    useRedraw(runningTasks(rt) > 0 && now !== undefined);
    const lines = tasksLines(entry, rt, now?.());
    return (
      <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
        {lines.map((l, i) => (
          <Text
            key={i}
            {...(l.wrap ? {} : { wrap: "truncate-end" as const })}
            bold={l.kind === "title"}
            inverse={l.kind === "selected"}
            color={l.kind === "title" ? "cyan" : l.kind === "note" ? "yellow" : l.kind === "hint" || l.kind === "more" || l.kind === "empty" ? "gray" : l.color}
          >
            {selectionMark(l.kind === "selected")}
            {l.text}
          </Text>
        ))}
      </Box>
    );
  },
};

type TasksLine = { kind: "title" | "row" | "selected" | "more" | "empty" | "detail" | "note" | "hint"; text: string; wrap?: boolean; color?: string };

/**
 * What the panel draws, line by line: its height and its render both read this. Without a
 * clock (`now` undefined: counting rows) elapsed times read "—"; the count is the same.
 */
export function tasksLines(entry: ViewEntry, rt: RuntimeState | undefined, now: number | undefined): TasksLine[] {
  const rows = taskRows(rt, now ?? Number.NaN);
  const running = rows.filter((r) => r.running).length;
  const lines: TasksLine[] = [{ kind: "title", text: `Background tasks · ${running} running · ${rows.length - running} finished` }];
  if (rows.length === 0) lines.push({ kind: "empty", text: TASKS_EMPTY });
  const selected = selectedIndex(entry, rows);
  const first = Math.max(0, Math.min(selected - TASK_ROWS + 1, rows.length - TASK_ROWS));
  if (first > 0) lines.push({ kind: "more", text: `… ${first} above` });
  rows.slice(first, first + TASK_ROWS).forEach((r, j) => {
    lines.push({ kind: first + j === selected ? "selected" : "row", text: r.text, ...(r.running ? {} : { color: STATUS_COLOR[r.task.status] ?? "gray" }) });
  });
  const after = rows.length - first - TASK_ROWS;
  if (after > 0) lines.push({ kind: "more", text: `… ${after} more` });
  const chosen = rows[selected]?.task;
  if (chosen) {
    const error = chosen.error ? `error: ${sanitizeLine(chosen.error)} · ` : "";
    lines.push({ kind: "detail", text: `${error}${stopWords(chosen).text}`, wrap: true });
  }
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note), wrap: true });
  lines.push({ kind: "hint", text: keyHints("tasks") });
  return lines;
}
