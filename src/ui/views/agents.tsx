import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import { fieldRows, FieldText } from "../components/FieldText.js";
import { paste, type Field } from "../components/textEdit.js";
import { actionFor, keyHints, shownBindings, type KeyAction } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { pickerWindow } from "../pickers/Picker.js";
import { relativeTime } from "../pickers/resume.js";
import { sanitizeLine } from "../sanitize.js";
import type { ViewEntry, World } from "../state/uiState.js";
import type { ViewDef } from "./view.js";
import { AGENTS, attachedAgents, choices, clamp, EMPTY, formKey, listKey, listRequest, nameOf, replied, rowsOf, stepOf, type Step } from "./agentSteps.js";

// `/agents`: the agents of this server (agent_list). Enter opens one beside the conversation on
// screen (a new tab, as Ctrl+X does); `n` makes one, `r` renames, `d` deletes: the steps are in
// agentSteps.ts, this file draws them.

export { AGENTS, agentRows, confirmsDelete, PERSONALITY_LINES } from "./agentSteps.js";

export const agentsView: ViewDef = {
  context: "agents",
  placement: "panel",
  open: () => ({ entry: { id: AGENTS, agents: "loading", selected: 0 }, effects: [listRequest()] }),
  key(entry, input, key, world) {
    // A request is out: its answer decides what comes next. Esc still leaves (the answer is then dropped).
    if (entry.pending) return actionFor("agent-form", input, key) === "close" ? { entry: null } : { entry };
    return stepOf(entry) === "list" ? listKey(entry, input, key, world) : formKey(entry, input, key, world);
  },
  reply: (entry, tag, result) => replied(entry, tag, result),
  paste(entry, text) {
    const step = stepOf(entry);
    if (entry.pending || !(step === "name" || step === "rename" || step === "delete")) return entry;
    return { ...entry, field: paste(entry.field ?? EMPTY, text.replace(/[\r\n]+/g, " ")), note: undefined };
  },
  rows: (entry, world, width) => agentLines(entry, world).reduce((n, l) => n + lineRows(l, width - 4), 2),
  View: ({ entry, world, width }) => (
    <Box flexDirection="column" borderStyle="single" borderColor="blue" paddingX={1}>
      {agentLines(entry, world).map((l, i) =>
        l.kind === "field" ? (
          <FieldText key={i} value={l.field.value} cursor={l.field.cursor} focus={l.focus} maxRows={1} width={width - 4} />
        ) : (
          <Text
            key={i}
            bold={l.kind === "title"}
            {...(l.kind === "row" || l.kind === "selected" ? { wrap: "truncate-end" as const } : {})}
            inverse={l.kind === "selected"}
            color={l.kind === "note" ? "yellow" : l.kind === "hint" || l.kind === "more" ? "gray" : undefined}
          >
            {selectionMark(l.kind === "selected")}
            {l.text}
          </Text>
        ),
      )}
    </Box>
  ),
};

type AgentLine = { kind: "title" | "prompt" | "row" | "selected" | "more" | "note" | "hint"; text: string } | { kind: "field"; field: Field; focus: boolean };

function lineRows(l: AgentLine, width: number): number {
  if (l.kind === "field") return fieldRows({ value: l.field.value, cursor: l.field.cursor, focus: l.focus, maxRows: 1, width });
  return l.kind === "row" || l.kind === "selected" ? cut(l.text) : wrapped(l.text, width);
}

/** What Enter does at each step of the form, for its hint line. */
const ENTER_DOES: Record<Step, string> = { list: "open", name: "next", model: "next", personality: "create it", rename: "rename", delete: "delete" };

/** The form's keys from the keymap, Enter saying what it does at this step. */
function formHints(step: Step): string {
  const only: KeyAction[] = step === "model" || step === "personality" ? ["option-prev", "option-pick", "close"] : ["option-pick", "close"];
  return shownBindings("agent-form", only)
    .map(({ label, binding }) => `${label} ${binding.action === "option-pick" ? ENTER_DOES[step] : (binding.short ?? binding.description)}`)
    .join(" · ");
}

const TITLES: Record<Step, string> = {
  list: "Agents on this server",
  name: "New agent (1 of 3): its name",
  model: "New agent (2 of 3): its model",
  personality: "New agent (3 of 3): its personality",
  rename: "Rename",
  delete: "Delete",
};

/** What the view draws, line by line: its height and its render both read this. Every server string is sanitised here. */
function agentLines(entry: ViewEntry, world: World, now = new Date()): AgentLine[] {
  const step = stepOf(entry);
  const lines: AgentLine[] = [{ kind: "title", text: TITLES[step] }];
  const target = rowsOf(entry).find((a) => a.id === entry.target);
  const shownName = target ? sanitizeLine(nameOf(target)) : "";
  if (step === "rename") lines.push({ kind: "prompt", text: `new name for ${shownName}:` });
  if (step === "delete") lines.push({ kind: "prompt", text: `type its name, ${shownName}, to delete it. Nothing else deletes it.` });
  if (step === "model" || step === "personality") lines.push({ kind: "prompt", text: `for ${sanitizeLine(entry.agentForm?.name ?? "")}${step === "personality" ? ` on ${sanitizeLine(entry.agentForm?.model ?? "")}` : ""}:` });
  if (step === "name" || step === "rename" || step === "delete") lines.push({ kind: "field", field: entry.field ?? EMPTY, focus: !entry.pending });
  else {
    const items = choices(entry);
    if (items === "loading") lines.push({ kind: "more", text: step === "model" ? "loading models…" : "loading agents…" });
    else if (items.length === 0) lines.push({ kind: "more", text: step === "model" ? "no models listed" : "no agents: n makes one" });
    else {
      const on = attachedAgents(world);
      const selected = clamp(entry.selected ?? 0, items.length);
      const { first, count } = pickerWindow(items.length, selected);
      if (first > 0) lines.push({ kind: "more", text: `… ${first} above` });
      items.slice(first, first + count).forEach((item, j) => {
        const agent = step === "list" ? rowsOf(entry).find((a) => a.id === item.key) : undefined;
        const detail = agent
          ? [agent.model, agent.lastActive ? `active ${relativeTime(agent.lastActive, now)}` : "never run", on.has(agent.id) ? "open here" : undefined].filter(Boolean).join(" · ")
          : (item.detail ?? "");
        const text = `${first + j === selected ? "› " : "  "}${sanitizeLine(item.label)}${detail ? `  ${sanitizeLine(detail)}` : ""}`;
        lines.push({ kind: first + j === selected ? "selected" : "row", text });
      });
      const after = items.length - first - count;
      if (after > 0) lines.push({ kind: "more", text: `… ${after} more` });
    }
  }
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note) });
  lines.push({ kind: "hint", text: step === "list" ? keyHints("agents") : formHints(step) });
  return lines;
}
