import type { Key } from "ink";
import type { AvailableSkill } from "../../protocol/status.js";
import { skillKey } from "../../store/skills.js";
import type { ReplyResult } from "../commands/command.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { actionFor } from "../keymap.js";
import type { Effect, ViewEntry, World } from "../state/uiState.js";
import { activeRuntime, listMove, selectionIn } from "./panelList.js";
import type { ViewStep } from "./view.js";

// The skills view's rows and steps, pure. Rows come from the store: the runtime's last full
// list (0.32.18 reports skills only around a turn) with what was enabled or disabled from
// here laid over it, because the server lists a new skill only from the next turn and goes on
// listing a disabled one. Enabling links a directory into the server's ~/.letta/skills;
// disabling removes such a link, so only a global skill can be disabled.

export const SKILLS = "skills";
export const STEP_ENABLE = "enable";
const EMPTY: Field = { value: "", cursor: 0 };

export interface SkillRow {
  name: string;
  source: string;
  description: string;
  /** Its SKILL.md on the server's machine, when listed. */
  path?: string;
  /** The name of its link in ~/.letta/skills (what skill_disable takes). */
  link: string;
  state: "on" | "disabled" | "enabled-unlisted";
  /** What enabling it again would link (known when it was enabled from here). */
  enablePath?: string;
}

const SOURCE_ORDER = ["project", "agent", "global", "bundled"];
const rank = (source: string) => (SOURCE_ORDER.includes(source) ? SOURCE_ORDER.indexOf(source) : SOURCE_ORDER.length);

/** A global skill's link is the folder holding its SKILL.md (…/.letta/skills/NAME/SKILL.md). */
function linkName(skill: AvailableSkill): string {
  const parts = (skill.path ?? "").split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 && parts.at(-1) === "SKILL.md" ? parts.at(-2)! : (skill.id ?? skill.name ?? "");
}

/** Whether the store has ever had a full list for the runtime on screen. */
export const skillsListed = (world: World): boolean => activeRuntime(world)?.skills !== undefined;

export function skillRows(world: World): SkillRow[] {
  const rt = activeRuntime(world);
  if (!rt) return [];
  const toggles = world.app.skillToggles ?? {};
  const toggleOf = (name: string) => toggles[skillKey(rt.host, name)];
  const rows: SkillRow[] = (rt.skills ?? []).map((s) => {
    const link = linkName(s);
    const toggle = toggleOf(link);
    return {
      name: s.name ?? s.id ?? link,
      source: s.source ?? "?",
      description: s.description ?? "",
      ...(s.path ? { path: s.path } : {}),
      link,
      state: toggle?.state === "disabled" ? "disabled" : "on",
      ...(toggle?.path ? { enablePath: toggle.path } : {}),
    };
  });
  const listed = new Set(rows.map((r) => r.link));
  const prefix = skillKey(rt.host, "");
  for (const [key, toggle] of Object.entries(toggles)) {
    const name = key.slice(prefix.length);
    if (!key.startsWith(prefix) || listed.has(name) || toggle.state !== "enabled") continue;
    rows.push({ name, source: "global", description: "", link: name, state: "enabled-unlisted", ...(toggle.path ? { path: toggle.path, enablePath: toggle.path } : {}) });
  }
  return rows.sort((a, b) => rank(a.source) - rank(b.source) || a.name.localeCompare(b.name));
}

const request = (effect: Omit<Extract<Effect, { kind: "request" }>, "kind" | "reply">, tag: string): Effect => ({ kind: "request", ...effect, reply: { to: SKILLS, tag } });

export function skillsKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  return entry.step === STEP_ENABLE ? formKey(entry, input, key) : listKey(entry, input, key, world);
}

function listKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  const rows = skillRows(world);
  const row = rows[selectionIn(entry, rows.length)];
  const note = (text: string): ViewStep => ({ entry: { ...entry, note: text } });
  const action = actionFor("skills", input, key);
  const moved = listMove(entry, action, rows.length);
  if (moved) return moved;
  switch (action) {
    case "skill-enable": {
      // A skill disabled from here comes back with the directory it was enabled from.
      const value = row?.state === "disabled" ? (row.enablePath ?? "") : (entry.target ?? "");
      return { entry: { ...entry, step: STEP_ENABLE, field: { value, cursor: value.length }, note: undefined } };
    }
    case "skill-disable": {
      if (!row) return note("no skill selected");
      if (row.state === "disabled") return note(`${row.name} is disabled already`);
      if (row.source !== "global") return note(`${row.name} is a ${row.source} skill: only global ones (links in the server's ~/.letta/skills) can be disabled here`);
      return { entry: { ...entry, note: `disabling ${row.name}…` }, effects: [request({ command: { type: "skill_disable", name: row.link }, expect: "skill_disable_response" }, "disable")] };
    }
    default:
      return { entry };
  }
}

function formKey(entry: ViewEntry, input: string, key: Key): ViewStep {
  const field = entry.field ?? EMPTY;
  switch (actionFor("skills-form", input, key)) {
    case "close":
      // The path typed so far comes back with the next `e`.
      return { entry: { ...entry, step: undefined, field: undefined, target: field.value || undefined, note: undefined, pending: false } };
    case "option-pick": {
      if (entry.pending) return { entry };
      const path = field.value.trim();
      if (!path) return { entry: { ...entry, note: "type the skill's directory (the one holding SKILL.md)" } };
      return { entry: { ...entry, pending: true, note: "enabling…" }, effects: [request({ command: { type: "skill_enable", skill_path: path }, expect: "skill_enable_response" }, "enable")] };
    }
    default: {
      if (entry.pending) return { entry };
      const r = edit(field, input, key);
      return r.kind === "field" ? { entry: { ...entry, field: r.field, note: undefined } } : { entry };
    }
  }
}

export function skillsPaste(entry: ViewEntry, text: string): ViewEntry {
  if (entry.step !== STEP_ENABLE) return entry;
  return { ...entry, field: paste(entry.field ?? EMPTY, text.replace(/[\r\n]+/g, "")), note: undefined };
}

export function skillsReply(entry: ViewEntry, tag: string, result: ReplyResult): ViewStep {
  if (!result.ok) return { entry: { ...entry, pending: false, note: `the server refused it: ${result.error}` } };
  const f = result.frame;
  if (f.type === "skill_enable_response") {
    const name = f.name ?? f.skill_name ?? "the skill";
    return { entry: { ...entry, step: undefined, field: undefined, target: undefined, pending: false, note: `enabled ${name}: the agent can load it from its next turn` } };
  }
  if (f.type === "skill_disable_response") {
    const name = f.name ?? f.skill_name ?? "the skill";
    return { entry: { ...entry, note: `disabled ${name}: its link is gone (0.32.18 may go on listing it)` } };
  }
  return { entry: { ...entry, pending: tag === "enable" ? false : entry.pending } };
}
