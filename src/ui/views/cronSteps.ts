import type { Key } from "ink";
import type { CronTask } from "../../protocol/responses-schedule.js";
import type { CommandDraft, Expect, ReplyResult } from "../commands/command.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { describeCron } from "../cron/describe.js";
import { actionFor } from "../keymap.js";
import type { Effect, ViewEntry, World } from "../state/uiState.js";
import { activeRuntime, listMove, selectionIn } from "./panelList.js";
import type { ViewStep } from "./view.js";

// The schedules view's steps, pure: the list (pause, resume, run now, delete after a
// question), and the form that adds one (the expression, previewed in words, then the prompt).
// Every change is followed by a fresh cron_list, and so is every crons_updated: the list on
// screen is always the server's, never our guess of it.

export const CRON = "cron";
export const STEP_EXPR = "add-cron";
export const STEP_PROMPT = "add-prompt";
export const STEP_CONFIRM = "confirm-delete";
/** Characters of the prompt used as the schedule's name (the server wants one). */
const NAME_CHARS = 40;

const EMPTY: Field = { value: "", cursor: 0 };

const request = (command: CommandDraft, expect: Expect, tag: string): Effect => ({ kind: "request", command, expect, reply: { to: CRON, tag } });

/** A fresh list of the agent's schedules (every conversation's). */
export function listEffect(world: World): Effect[] {
  const agent = activeRuntime(world)?.scope.agent_id;
  return agent ? [request({ type: "cron_list", agent_id: agent }, "cron_list_response", "list")] : [];
}

/**
 * Fetch the list again, one fetch at a time: a change asked for while one is out is folded into
 * one more fetch when it answers (a flood of crons_updated costs two requests, not one each).
 */
export function refetch(entry: ViewEntry, world: World): { entry: ViewEntry; effects: Effect[] } {
  if (entry.cronFetch) return { entry: { ...entry, cronFetch: "again" }, effects: [] };
  const effects = listEffect(world);
  return { entry: effects.length ? { ...entry, cronFetch: "out" } : entry, effects };
}

export const tasksOf = (entry: ViewEntry): readonly CronTask[] => (Array.isArray(entry.cronTasks) ? entry.cronTasks : []);
const selectedTask = (entry: ViewEntry): CronTask | undefined => {
  const tasks = tasksOf(entry);
  return tasks[selectionIn(entry, tasks.length)];
};
/** How a task is named in a line: its name, else its expression. */
export const taskName = (t: CronTask): string => t.name || t.cron;

export function cronOpen(world: World): { entry: ViewEntry; effects: Effect[] } {
  const effects = listEffect(world);
  // No agent (an agent-free conversation): nothing to list, said once instead of "loading" for ever.
  if (effects.length === 0) return { entry: { id: CRON, cronTasks: [], selected: 0, note: "schedules belong to an agent, and none is on screen" }, effects };
  return { entry: { id: CRON, cronTasks: "loading", selected: 0, cronFetch: "out" }, effects };
}

export function cronKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  switch (entry.step) {
    case STEP_EXPR:
    case STEP_PROMPT:
      return formKey(entry, input, key, world);
    case STEP_CONFIRM:
      return confirmKey(entry, input, key);
    default:
      return listKey(entry, input, key);
  }
}

function listKey(entry: ViewEntry, input: string, key: Key): ViewStep {
  const task = selectedTask(entry);
  const note = (text: string): ViewStep => ({ entry: { ...entry, note: text } });
  const action = actionFor("cron", input, key);
  const moved = listMove(entry, action, tasksOf(entry).length);
  if (moved) return moved;
  switch (action) {
    case "cron-add": {
      // An expression typed before and left with Esc comes back.
      const value = entry.target ?? "";
      return { entry: { ...entry, step: STEP_EXPR, field: { value, cursor: value.length }, note: undefined } };
    }
    case "cron-pause": {
      if (!task) return note("no schedule selected");
      if (task.status === "active") return { entry: { ...entry, note: `pausing ${taskName(task)}…` }, effects: [request({ type: "cron_pause", task_id: task.id }, "cron_pause_response", "pause")] };
      if (task.status === "paused") return { entry: { ...entry, note: `resuming ${taskName(task)}…` }, effects: [request({ type: "cron_resume", task_id: task.id }, "cron_resume_response", "resume")] };
      return note(`${taskName(task)} has ${task.status === "fired" ? "fired" : `ended (${task.status})`}: only an active or paused schedule can be paused or resumed`);
    }
    case "cron-run":
      if (!task) return note("no schedule selected");
      return { entry: { ...entry, note: `running ${taskName(task)} now…` }, effects: [request({ type: "cron_trigger", task_id: task.id }, "cron_trigger_response", "run")] };
    case "cron-delete":
      if (!task) return note("no schedule selected");
      return { entry: { ...entry, step: STEP_CONFIRM, target: task.id, note: undefined } };
    default:
      return { entry };
  }
}

function confirmKey(entry: ViewEntry, input: string, key: Key): ViewStep {
  const back: ViewEntry = { ...entry, step: undefined, target: undefined };
  switch (actionFor("cron-confirm", input, key)) {
    case "confirm-yes": {
      const task = tasksOf(entry).find((t) => t.id === entry.target);
      if (!task) return { entry: { ...back, note: "that schedule is gone already" } };
      return { entry: { ...back, note: `deleting ${taskName(task)}…` }, effects: [request({ type: "cron_delete", task_id: task.id }, "cron_delete_response", "delete")] };
    }
    case "close":
      return { entry: { ...back, note: "kept" } };
    default:
      return { entry };
  }
}

function formKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  const field = entry.field ?? EMPTY;
  const onPrompt = entry.step === STEP_PROMPT;
  switch (actionFor("cron-form", input, key)) {
    case "close": {
      if (!onPrompt) return { entry: { ...entry, step: undefined, field: undefined, target: field.value || undefined, note: undefined } };
      // Back to the expression; the prompt typed so far is dropped only with the step it was typed in.
      const expr = entry.target ?? "";
      return { entry: { ...entry, step: STEP_EXPR, field: { value: expr, cursor: expr.length }, target: undefined, note: undefined, pending: false } };
    }
    case "option-pick":
      return onPrompt ? submitPrompt(entry, field, world) : submitExpression(entry, field);
    default: {
      if (entry.pending) return { entry };
      const r = edit(field, input, key);
      return r.kind === "field" ? { entry: { ...entry, field: r.field, note: undefined } } : { entry };
    }
  }
}

function submitExpression(entry: ViewEntry, field: Field): ViewStep {
  const described = describeCron(field.value);
  if (!described.ok) return { entry: { ...entry, note: described.error } };
  return { entry: { ...entry, step: STEP_PROMPT, target: field.value.trim(), field: EMPTY, note: undefined } };
}

function submitPrompt(entry: ViewEntry, field: Field, world: World): ViewStep {
  if (entry.pending) return { entry };
  const prompt = field.value.trim();
  if (!prompt) return { entry: { ...entry, note: "type what the agent is asked each time" } };
  const agent = activeRuntime(world)?.scope;
  const cron = entry.target ?? "";
  const described = describeCron(cron);
  if (!agent?.agent_id) return { entry: { ...entry, note: "schedules belong to an agent, and none is on screen" } };
  if (!described.ok) return { entry: { ...entry, note: "the expression is no longer valid: Esc to change it" } };
  const name = prompt.replace(/\s+/g, " ").slice(0, NAME_CHARS);
  return {
    entry: { ...entry, pending: true, note: "adding…" },
    effects: [
      request(
        // Aimed at the conversation on screen: without one the server starts a new conversation each time.
        { type: "cron_add", agent_id: agent.agent_id, conversation_id: agent.conversation_id, name, description: described.words, cron, recurring: true, prompt },
        "cron_add_response",
        "add",
      ),
    ],
  };
}

/** A paste goes into the form's field (line breaks become spaces: the prompt is one line). */
export function cronPaste(entry: ViewEntry, text: string): ViewEntry {
  if (entry.step !== STEP_EXPR && entry.step !== STEP_PROMPT) return entry;
  return { ...entry, field: paste(entry.field ?? EMPTY, text.replace(/[\r\n]+/g, " ")), note: undefined };
}

export function cronReply(entry: ViewEntry, tag: string, result: ReplyResult, world: World): ViewStep {
  if (!result.ok) {
    const why = `the server refused it: ${result.error}`;
    if (tag === "list") return { entry: { ...entry, cronTasks: Array.isArray(entry.cronTasks) ? entry.cronTasks : [], cronFetch: undefined, note: `could not list the schedules: ${result.error}` } };
    // A refused add stays in the form with what was typed.
    if (tag === "add") return { entry: { ...entry, pending: false, note: why } };
    return { entry: { ...entry, note: why } };
  }
  const f = result.frame;
  switch (f.type) {
    case "cron_list_response": {
      const listed: ViewEntry = { ...entry, cronTasks: f.tasks, selected: selectionIn(entry, f.tasks.length), cronFetch: undefined };
      // Something changed while this list was on its way: it may be stale already.
      return entry.cronFetch === "again" ? refetch(listed, world) : { entry: listed };
    }
    case "cron_add_response": {
      const added = `added: ${f.task?.description || describeWords(f.task?.cron)}`;
      const done: ViewEntry = { ...entry, step: undefined, field: undefined, target: undefined, pending: false, note: f.warning ? `${added} (${f.warning})` : added };
      return refetch(done, world);
    }
    case "cron_pause_response":
    case "cron_resume_response":
    case "cron_trigger_response": {
      const name = f.task ? taskName(f.task) : "the schedule";
      const said = f.type === "cron_pause_response" ? `paused ${name}` : f.type === "cron_resume_response" ? `resumed ${name}` : `ran ${name}: its prompt is queued in its conversation`;
      return refetch({ ...entry, note: said }, world);
    }
    case "cron_delete_response":
      return refetch({ ...entry, note: f.found === false ? "it was gone already" : "deleted" }, world);
    default:
      return { entry };
  }
}

const describeWords = (cron: string | undefined): string => {
  const d = describeCron(cron ?? "");
  return d.ok ? d.words : (cron ?? "");
};

/** crons_updated: the list is fetched again. */
export function cronBroadcast(entry: ViewEntry, frame: string, world: World): ViewStep {
  return frame === "crons_updated" ? refetch(entry, world) : { entry };
}
