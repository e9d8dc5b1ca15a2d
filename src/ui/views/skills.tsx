import { keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewEntry, World } from "../state/uiState.js";
import { activeRuntime, selectionIn } from "./panelList.js";
import { PanelLines, panelRows, type PanelLine } from "./panelLines.js";
import { skillRows, skillsKey, skillsListed, skillsPaste, skillsReply, STEP_ENABLE, type SkillRow } from "./skillSteps.js";
import type { ViewDef } from "./view.js";

// /skills: the skills the agent on screen can load, where each comes from and its state. The
// rows and steps are in skillSteps.ts; this draws them. The list is the store's, so it fills
// in and changes while the view is open (the next turn's device status).

/** Skills listed at once; the selection scrolls. */
const SHOWN = 10;
const NAME_WIDTH = 24;
const STATE_WORDS: Readonly<Record<SkillRow["state"], string>> = {
  on: "on",
  disabled: "disabled here",
  "enabled-unlisted": "enabled here; listed from the next turn",
};

function listLines(entry: ViewEntry, world: World): PanelLine[] {
  const rt = activeRuntime(world);
  const rows = skillRows(world);
  const lines: PanelLine[] = [{ kind: "title", text: `Skills of ${sanitizeLine(rt?.agentName ?? rt?.scope.agent_id ?? "this agent")}${rows.length ? ` · ${rows.length}` : ""}` }];
  if (!skillsListed(world)) lines.push({ kind: "dim", text: "not listed yet: the server names them when a turn starts (send a message; this fills in)" });
  else if (rows.length === 0) lines.push({ kind: "dim", text: "none" });
  const sel = selectionIn(entry, rows.length);
  const first = Math.max(0, Math.min(sel - SHOWN + 1, rows.length - SHOWN));
  if (first > 0) lines.push({ kind: "dim", text: `… ${first} above` });
  const nameWidth = Math.min(NAME_WIDTH, Math.max(0, ...rows.map((r) => r.name.length)));
  // A long name is cut so the source and state columns stay in line.
  const fit = (name: string) => (name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name.padEnd(nameWidth));
  rows.slice(first, first + SHOWN).forEach((r, j) => {
    const mark = r.state === "disabled" ? "○" : "●";
    const text = `${mark} ${fit(sanitizeLine(r.name))}  ${sanitizeLine(r.source).padEnd(7)}  ${STATE_WORDS[r.state]}${r.description ? ` · ${sanitizeLine(r.description)}` : ""}`;
    lines.push({ kind: first + j === sel ? "selected" : "row", text });
  });
  const after = rows.length - first - Math.min(SHOWN, rows.length - first);
  if (after > 0) lines.push({ kind: "dim", text: `… ${after} more` });
  const row = rows[sel];
  if (row?.path) lines.push({ kind: "dim", text: sanitizeLine(row.path) });
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note) });
  lines.push({ kind: "dim", text: keyHints("skills") });
  return lines;
}

function formLines(entry: ViewEntry): PanelLine[] {
  const lines: PanelLine[] = [
    { kind: "title", text: "Enable a skill: its directory on the server's machine (it holds SKILL.md)" },
    { kind: "field", field: entry.field ?? { value: "", cursor: 0 }, placeholder: "/path/to/my-skill" },
    { kind: "dim", text: "the server links it into its ~/.letta/skills: every agent there gets it" },
  ];
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note) });
  lines.push({ kind: "dim", text: keyHints("skills-form") });
  return lines;
}

/** What the view draws, line by line: its height and its render both read this. */
export function skillsLines(entry: ViewEntry, world: World): PanelLine[] {
  return entry.step === STEP_ENABLE ? formLines(entry) : listLines(entry, world);
}

export const skills: ViewDef = {
  context: "skills",
  placement: "panel",
  open: () => ({ entry: { id: "skills", selected: 0 } }),
  key: (entry, input, key, world) => skillsKey(entry, input, key, world),
  paste: skillsPaste,
  reply: (entry, tag, result) => skillsReply(entry, tag, result),
  rows: (entry, world, width) => panelRows(skillsLines(entry, world), width),
  View: ({ entry, world, width }) => <PanelLines lines={skillsLines(entry, world)} width={width} color="green" />,
};
