import type { Key } from "ink";
import { PERSONALITIES, type Personality } from "../../protocol/commands-agents.js";
import type { KnownFrame } from "../../protocol/frames.js";
import type { ReplyResult } from "../commands/command.js";
import { edit, type Field } from "../components/textEdit.js";
import { formatTokens } from "../format.js";
import { actionFor } from "../keymap.js";
import type { PickerItem } from "../pickers/Picker.js";
import { sanitizeLine } from "../sanitize.js";
import type { AgentRow, Effect, ViewEntry, World } from "../state/uiState.js";
import type { ViewStep } from "./view.js";

// The steps of `/agents` (views/agents.tsx draws them): the list, a new agent in three steps
// (a name, a model from list_models, a personality: create_agent, then agent_update to give it
// the name, as the server names it after the personality), rename (agent_update), and delete
// (agent_delete) only once the agent's exact name is typed. Every step is a state of the view's
// entry; every server call a `request` whose answer comes back to `replied`.

export const AGENTS = "agents";

export type Step = "list" | "name" | "model" | "personality" | "rename" | "delete";

/** The personalities create_agent takes, as 0.32.18's onboarding describes them. */
export const PERSONALITY_LINES: Readonly<Record<Personality, string>> = {
  memo: "Letta Code: the memory-first agent",
  tutorial: "Tutor: helps with getting started with Letta",
  blank: "Blank: you provide the personality",
  linus: "Linus: code with a stern hand",
  kawaii: "Letta-Chan: sugoi~",
};

export const EMPTY: Field = { value: "", cursor: 0 };
export const stepOf = (entry: ViewEntry): Step => (entry.step as Step | undefined) ?? "list";
export const rowsOf = (entry: ViewEntry): readonly AgentRow[] => (Array.isArray(entry.agents) ? entry.agents : []);
export const nameOf = (a: AgentRow): string => a.name || a.id;
export const clamp = (n: number, len: number) => Math.max(0, Math.min(n, len - 1));

/** The agents that have a runtime attached here: deleting one would pull the floor from under its tab. */
export const attachedAgents = (world: World): Set<string> =>
  new Set(Object.values(world.app.runtimes).flatMap((rt) => (rt.scope.agent_id ? [rt.scope.agent_id] : [])));

export const listRequest = (): Effect => ({ kind: "request", command: { type: "agent_list", query: { limit: 100 } }, expect: "agent_list_response", reply: { to: AGENTS, tag: "list" } });

/** The agents of an agent_list answer, most recently active first (never-run ones last). */
export function agentRows(frame: KnownFrame): AgentRow[] {
  if (frame.type !== "agent_list_response") return [];
  const rows = (frame.agents ?? []).flatMap((a) =>
    a.id ? [{ id: a.id, ...(a.name ? { name: a.name } : {}), ...(a.model ? { model: a.model } : {}), ...(a.last_run_completion ? { lastActive: a.last_run_completion } : {}) }] : [],
  );
  return rows.sort((a, b) => (b.lastActive ?? "").localeCompare(a.lastActive ?? ""));
}

/** list_models entries as choices: the handle is what create_agent takes. */
export function modelItems(frame: KnownFrame): PickerItem[] {
  if (frame.type !== "list_models_response") return [];
  return frame.entries.map((e) => {
    const window = typeof e.updateArgs?.["context_window"] === "number" ? `${formatTokens(e.updateArgs["context_window"])} context` : undefined;
    const handle = e.handle ?? e.id;
    return { key: handle, label: e.label ?? e.id, detail: [handle, window].filter(Boolean).join(" · ") };
  });
}

const PERSONALITY_ITEMS: PickerItem[] = PERSONALITIES.map((p) => ({ key: p, label: p, detail: PERSONALITY_LINES[p] }));

/** The choices a choosing step offers (models, personalities), or the agents on the list. */
export function choices(entry: ViewEntry): readonly PickerItem[] | "loading" {
  switch (stepOf(entry)) {
    case "model":
      return entry.agentForm?.models ?? "loading";
    case "personality":
      return PERSONALITY_ITEMS;
    default:
      return entry.agents === "loading" || !entry.agents ? "loading" : entry.agents.map((a) => ({ key: a.id, label: nameOf(a) }));
  }
}

/** Back to the list, at `target` if it is there, with a line to say what happened. */
function toList(entry: ViewEntry, note?: string, target = entry.target): ViewEntry {
  const at = rowsOf(entry).findIndex((a) => a.id === target);
  return { id: AGENTS, agents: entry.agents ?? "loading", selected: at >= 0 ? at : clamp(entry.selected ?? 0, rowsOf(entry).length), ...(target ? { target } : {}), ...(note ? { note } : {}) };
}

export function listKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  const agents = rowsOf(entry);
  const selected = clamp(entry.selected ?? 0, agents.length);
  const agent = agents[selected];
  const keep = { ...entry, note: undefined };
  switch (actionFor("agents", input, key)) {
    case "close":
      return { entry: null };
    case "option-prev":
      return { entry: { ...keep, selected: clamp(selected - 1, agents.length) } };
    case "option-next":
      return { entry: { ...keep, selected: clamp(selected + 1, agents.length) } };
    case "option-pick": {
      if (!agent) return { entry };
      // Already in a tab here: go to it rather than open its default conversation beside it.
      const open = Object.values(world.app.runtimes).find((rt) => rt.scope.agent_id === agent.id);
      return { entry: null, effects: [open ? { kind: "switch-runtime", key: open.key } : { kind: "open-conversation", choice: { kind: "other-agent", agentId: agent.id } }] };
    }
    case "agent-new":
      return { entry: { ...keep, step: "name", field: EMPTY, agentForm: {} } };
    case "agent-rename":
      return agent ? { entry: { ...keep, step: "rename", target: agent.id, field: { value: agent.name ?? "", cursor: (agent.name ?? "").length } } } : { entry };
    case "agent-delete":
      if (!agent) return { entry };
      if (attachedAgents(world).has(agent.id)) return { entry: { ...entry, note: `${nameOf(agent)} is open in a tab here: it cannot be deleted from under it` } };
      return { entry: { ...keep, step: "delete", target: agent.id, field: EMPTY } };
    default:
      return { entry };
  }
}

/** Whether `typed` is the agent's name, as the server has it or as the view draws it. */
export function confirmsDelete(typed: string, agent: AgentRow): boolean {
  return typed === nameOf(agent) || typed === sanitizeLine(nameOf(agent));
}

/** Enter on a step: the next step, or the request that does it. */
function submit(entry: ViewEntry, world: World): ViewStep {
  const value = (entry.field ?? EMPTY).value.trim();
  const target = rowsOf(entry).find((a) => a.id === entry.target);
  const items = choices(entry);
  const picked = items === "loading" ? undefined : items[clamp(entry.selected ?? 0, items.length)];
  const ask = (effect: Effect, note: string): ViewStep => ({ entry: { ...entry, pending: true, note }, effects: [effect] });
  switch (stepOf(entry)) {
    case "name": {
      if (!value) return { entry: { ...entry, note: "the new agent needs a name" } };
      const rt = world.app.active ? world.app.runtimes[world.app.active] : undefined;
      return {
        entry: { ...entry, step: "model", selected: 0, note: undefined, agentForm: { name: value, models: "loading", ...(rt?.model ? { model: rt.model } : {}) } },
        effects: [{ kind: "request", command: { type: "list_models" }, expect: "list_models_response", reply: { to: AGENTS, tag: "models" } }],
      };
    }
    case "model":
      if (!picked) return { entry };
      return { entry: { ...entry, step: "personality", selected: 0, note: undefined, agentForm: { ...entry.agentForm, model: picked.key } } };
    case "personality": {
      const personality = PERSONALITIES.find((p) => p === picked?.key);
      if (!personality) return { entry };
      const model = entry.agentForm?.model;
      return ask({ kind: "request", command: { type: "create_agent", personality, ...(model ? { model } : {}) }, expect: "create_agent_response", reply: { to: AGENTS, tag: "create" } }, `creating ${entry.agentForm?.name ?? "the agent"}…`);
    }
    case "rename":
      if (!target) return { entry: toList(entry, "that agent is gone from the list") };
      if (!value) return { entry: { ...entry, note: "a name is needed" } };
      return ask({ kind: "request", command: { type: "agent_update", agent_id: target.id, body: { name: value } }, expect: "agent_update_response", reply: { to: AGENTS, tag: "rename" } }, "renaming…");
    case "delete":
      if (!target) return { entry: toList(entry, "that agent is gone from the list") };
      // Exactly its name as shown (a field holds no control characters, so a name with some is
      // typed as drawn, escapes spelt out): a near miss deletes nothing.
      if (!confirmsDelete((entry.field ?? EMPTY).value, target)) return { entry: { ...entry, note: `that is not its name: nothing deleted. Type ${nameOf(target)} exactly, or Esc` } };
      return ask({ kind: "request", command: { type: "agent_delete", agent_id: target.id }, expect: "agent_delete_response", reply: { to: AGENTS, tag: "delete" } }, `deleting ${nameOf(target)}…`);
    default:
      return { entry };
  }
}

export function formKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  const step = stepOf(entry);
  const action = actionFor("agent-form", input, key);
  if (action === "close") return { entry: toList(entry) };
  const typing = step === "name" || step === "rename" || step === "delete";
  if (!typing) {
    const items = choices(entry);
    const n = items === "loading" ? 0 : items.length;
    const selected = clamp(entry.selected ?? 0, n);
    if (action === "option-prev") return { entry: { ...entry, selected: clamp(selected - 1, n) } };
    if (action === "option-next") return { entry: { ...entry, selected: clamp(selected + 1, n) } };
    return action === "option-pick" ? submit(entry, world) : { entry };
  }
  const r = edit(entry.field ?? EMPTY, input, key);
  if (r.kind === "submit") return submit({ ...entry, field: { value: r.text, cursor: r.text.length } }, world);
  if (r.kind === "field") return { entry: { ...entry, field: { value: r.field.value.replace(/\n/g, " "), cursor: r.field.cursor }, note: undefined } };
  return { entry };
}

/** The answers to what the view asked, by tag. */
export function replied(entry: ViewEntry, tag: string, result: ReplyResult): ViewStep {
  const failed = (what: string) => (result.ok ? "" : `${what}: ${result.error}`);
  const refresh = (next: ViewEntry): ViewStep => ({ entry: { ...next, pending: true }, effects: [listRequest()] });
  switch (tag) {
    case "list": {
      const next = { ...entry, pending: false };
      if (!result.ok) return { entry: { ...next, agents: rowsOf(entry), note: failed("could not list the agents") } };
      const agents = agentRows(result.frame);
      const at = agents.findIndex((a) => a.id === entry.target);
      // Only the list step's selection follows the target; a form step keeps its own.
      return { entry: { ...next, agents, ...(stepOf(entry) === "list" ? { selected: at >= 0 ? at : clamp(entry.selected ?? 0, agents.length) } : {}) } };
    }
    case "models": {
      if (stepOf(entry) !== "model") return { entry };
      if (!result.ok) return { entry: { ...entry, agentForm: { ...entry.agentForm, models: [] }, note: failed("could not list the models") } };
      const models = modelItems(result.frame);
      const at = models.findIndex((m) => m.key === entry.agentForm?.model);
      return { entry: { ...entry, selected: Math.max(0, at), agentForm: { ...entry.agentForm, models } } };
    }
    case "create": {
      if (!result.ok) return { entry: { ...entry, pending: false, note: failed("could not create the agent") } };
      const frame = result.frame;
      const id = frame.type === "create_agent_response" ? frame.agent_id : undefined;
      const name = entry.agentForm?.name;
      if (!id) return refresh(toList(entry, "the server created an agent but did not say which"));
      if (!name) return refresh(toList(entry, undefined, id));
      // Created under the personality's name: now the one given.
      return {
        entry: { ...entry, target: id, note: `naming it ${name}…` },
        effects: [{ kind: "request", command: { type: "agent_update", agent_id: id, body: { name } }, expect: "agent_update_response", reply: { to: AGENTS, tag: "named" } }],
      };
    }
    case "named":
      return refresh(toList(entry, result.ok ? `created ${entry.agentForm?.name ?? "the agent"}` : failed("created, but naming it failed")));
    case "rename":
      if (!result.ok) return { entry: { ...entry, pending: false, note: failed("could not rename") } };
      return refresh(toList(entry, `renamed to ${(entry.field ?? EMPTY).value.trim()}`));
    case "delete": {
      if (!result.ok) return { entry: { ...entry, pending: false, note: failed("could not delete") } };
      const gone = rowsOf(entry).find((a) => a.id === entry.target);
      return refresh(toList({ ...entry, agents: rowsOf(entry).filter((a) => a.id !== entry.target) }, `deleted ${gone ? nameOf(gone) : "the agent"}`, undefined));
    }
    default:
      return { entry };
  }
}
