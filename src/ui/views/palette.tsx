import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import type { CommandStep, SlashCommand } from "../commands/command.js";
import { commonPrefix, fuzzyFilter } from "../commands/fuzzy.js";
import { commandsFor } from "../commands/registry.js";
import { resolveLine, splitCommand } from "../commands/resolve.js";
import { FieldText, fieldRows } from "../components/FieldText.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { actionFor, keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";
import type { UiState, ViewEntry, World } from "../state/uiState.js";
import type { ViewDef, ViewStep } from "./view.js";

// The command palette: "/" on an empty input line. Its line is the command being typed; the
// list under it is every command that matches (ours, then the server's), one line each.
// Enter runs, Tab completes the name and then the argument, Esc gives the line back to the
// input. A line that names no command is asked about here, never sent by accident.

export const PALETTE = "palette";
/** Commands listed at once. */
const PALETTE_ROWS = 8;
const UNKNOWN_STEP = "ask-send";
/** A command's `check` is out: the line stays until the answer (its tag: CHECK_TAG). */
const CHECK_STEP = "checking";
const CHECK_TAG = "check";
/** Tags of a completion's answer: the line it was asked for follows. */
const COMPLETE_TAG = "complete:";

const fieldOf = (entry: ViewEntry): Field => entry.field ?? { value: "/", cursor: 1 };

/** The commands the line's first word matches, best first (empty once arguments are being typed). */
export function paletteMatches(world: World, line: string): SlashCommand[] {
  const typing = splitCommand(line);
  if (/\s/.test(line.replace(/^\s*\//, "")) && typing.name) {
    const exact = commandsFor(world).find((c) => c.name === typing.name);
    return exact ? [exact] : [];
  }
  return fuzzyFilter(commandsFor(world), typing.name);
}

/**
 * Run a slash line typed in full (or the palette's line on Enter): the command's step, or the
 * palette left open with the reason, the line kept. `//text` sends `/text` as a message.
 */
export function runLine(line: string, world: World, ui: UiState): ViewStep {
  const r = resolveLine(line, world);
  const field = { value: line, cursor: line.length };
  const open = (note: string, step?: string): ViewStep => ({ entry: { id: PALETTE, field, selected: 0, note, ...(step ? { step } : {}) } });
  switch (r.kind) {
    case "send":
      return { entry: null, sent: line, effects: [{ kind: "send", text: r.text }] };
    case "unknown":
      return open(`/${sanitizeLine(r.name)} is not a command here. Enter sends the line to the agent as a message; Esc goes back to it.`, UNKNOWN_STEP);
    case "needs-args":
      return open(`/${r.command.name} needs ${r.command.args ?? "an argument"}.`);
    case "run": {
      const step = r.command.run(r.args, world, ui);
      if (step.check) {
        const { command, expect } = step.check;
        return { entry: { ...open("checking…", CHECK_STEP).entry!, pending: true }, effects: [{ kind: "request", command, expect, reply: { to: PALETTE, tag: CHECK_TAG } }] };
      }
      return ranStep(line, r.args, step, open);
    }
  }
}

/** A command's step taken: refused (the line stays, with why), or done (the palette closes). */
function ranStep(line: string, args: string, step: CommandStep, open: (note: string) => ViewStep): ViewStep {
  if (step.error) return open(step.error);
  // Requests carry the line, so a refusal gives it back to the input to fix.
  const effects = (step.effects ?? []).map((e) => (e.kind === "request" ? { ...e, reply: { ...e.reply, line } } : e));
  return { entry: null, sent: line, effects, ...(step.view ? { open: { view: step.view, args } } : {}) };
}

/** Tab: the selected command's name, then (typing arguments) the candidates' common part. */
function complete(entry: ViewEntry, world: World): ViewStep {
  const line = fieldOf(entry).value;
  const { name, args } = splitCommand(line);
  const typingArgs = /\s/.test(line.replace(/^\s*\//, ""));
  if (!typingArgs) {
    const matches = paletteMatches(world, line);
    const chosen = matches[Math.min(entry.selected ?? 0, matches.length - 1)];
    if (!chosen) return { entry };
    return { entry: withLine(entry, `/${chosen.name}${chosen.args ? " " : ""}`) };
  }
  const command = commandsFor(world).find((c) => c.name === name);
  const candidates = command?.complete?.(args, world) ?? [];
  const ask = candidates.length === 0 ? command?.completeRequest?.(args, world) : undefined;
  // The server knows the candidates: ask, and complete when the answer comes (palette.reply).
  if (ask) return { entry: { ...entry, note: "looking…" }, effects: [{ kind: "request", command: ask.command, expect: ask.expect, reply: { to: PALETTE, tag: `${COMPLETE_TAG}${line}` } }] };
  const completes = !!(command?.complete || command?.completeRequest);
  return { entry: completedWith(entry, name, args, candidates, completes ? "nothing to complete" : `/${name} takes ${command?.args ?? "no arguments"}`) };
}

/** The palette's line set to `value`, the cursor at its end, the note cleared (or set). */
function withLine(entry: ViewEntry, value: string, note?: string): ViewEntry {
  return { ...entry, field: { value, cursor: value.length }, selected: 0, note };
}

/** The argument completed with these candidates: the one, or their common part and a list of them. */
function completedWith(entry: ViewEntry, name: string, args: string, candidates: readonly string[], none: string): ViewEntry {
  if (candidates.length === 0) return { ...entry, note: none };
  const set = (value: string, note?: string) => withLine(entry, value, note);
  const head = `/${name} `;
  if (candidates.length === 1) return set(`${head}${candidates[0]}`);
  const common = commonPrefix(candidates);
  const shown = candidates.slice(0, 6).map(sanitizeLine).join("  ");
  return set(`${head}${common.length > args.length ? common : args}`, `${shown}${candidates.length > 6 ? `  … ${candidates.length - 6} more` : ""}`);
}

export const palette: ViewDef = {
  context: "palette",
  placement: "panel",
  open: (_world, _ui, args) => {
    const value = args ?? "/";
    return { entry: { id: PALETTE, field: { value, cursor: value.length }, selected: 0 } };
  },
  key(entry, input, key, world, ui) {
    const field = fieldOf(entry);
    const matches = paletteMatches(world, field.value);
    const selected = Math.min(entry.selected ?? 0, Math.max(0, matches.length - 1));
    switch (actionFor("palette", input, key)) {
      case "close":
        // The line goes back to the input: nothing typed is lost.
        return { entry: null, ...(field.value.trim() === "/" ? {} : { draft: field.value }) };
      case "option-prev":
        return { entry: { ...entry, selected: Math.max(0, selected - 1) } };
      case "option-next":
        return { entry: { ...entry, selected: Math.min(Math.max(0, matches.length - 1), selected + 1) } };
      case "complete":
        return complete(entry, world);
      case "option-pick": {
        // One check at a time: Enter again while it is out would act twice.
        if (entry.step === CHECK_STEP) return { entry };
        if (entry.step === UNKNOWN_STEP) return { entry: null, sent: field.value, effects: [{ kind: "send", text: field.value }] };
        const { name, args } = splitCommand(field.value);
        // Enter on a partial name runs the highlighted command (`/comp` Enter is /compact).
        const exact = matches.some((c) => c.name === name);
        const chosen = matches[selected];
        const line = !exact && chosen && !args ? `/${chosen.name}` : field.value;
        return runLine(line, world, ui);
      }
      default:
        break;
    }
    const r = edit(field, input, key);
    if (r.kind !== "field") return { entry };
    // Backspace over the slash closes the palette, like deleting the "/" that opened it.
    if (!r.field.value.trimStart().startsWith("/")) return { entry: null, ...(r.field.value ? { draft: r.field.value } : {}) };
    const changed = r.field.value !== field.value;
    return { entry: { ...entry, field: r.field, ...(changed ? { selected: 0, note: undefined, step: undefined } : {}) } };
  },
  reply(entry, tag, result, world) {
    const line = fieldOf(entry).value;
    if (tag === CHECK_TAG) {
      // Edited since (or already answered): the answer is for a line no longer there.
      if (entry.step !== CHECK_STEP) return { entry };
      const { name, args } = splitCommand(line);
      const command = commandsFor(world).find((c) => c.name === name);
      const open = (note: string): ViewStep => ({ entry: { ...entry, step: undefined, pending: false, note } });
      if (!command?.checked) return open(result.ok ? `/${name} cannot take the answer` : result.error);
      return ranStep(line, args, command.checked(args, result, world), open);
    }
    if (!tag.startsWith(COMPLETE_TAG) || tag.slice(COMPLETE_TAG.length) !== line) return { entry };
    if (!result.ok) return { entry: { ...entry, note: result.error } };
    const { name, args } = splitCommand(line);
    const candidates = commandsFor(world).find((c) => c.name === name)?.completed?.(args, result.frame, world) ?? [];
    return { entry: completedWith(entry, name, args, candidates, "nothing to complete") };
  },
  paste: (entry, text) => ({ ...entry, field: paste(fieldOf(entry), text.replace(/[\r\n]+/g, " ")), selected: 0, note: undefined, step: undefined }),
  rows: (entry, world, width) =>
    paletteLines(entry, world).reduce((n, l) => n + (l.kind === "field" ? fieldRows(fieldProps(entry, width)) : l.wrap ? wrapped(l.text, width - 4) : cut(l.text)), 2),
  View: ({ entry, world, width }) => {
    const lines = paletteLines(entry, world);
    return (
      <Box flexDirection="column" borderStyle="single" borderColor="magenta" paddingX={1}>
        {lines.map((l, i) =>
          l.kind === "field" ? (
            <FieldText key={i} {...fieldProps(entry, width)} />
          ) : (
            <Text key={i} {...(l.wrap ? {} : { wrap: "truncate-end" as const })} inverse={l.kind === "selected"} color={l.kind === "note" ? "yellow" : l.kind === "hint" || l.kind === "more" ? "gray" : undefined}>
              {selectionMark(l.kind === "selected")}
              {l.text}
            </Text>
          ),
        )}
      </Box>
    );
  },
};

/** The palette's line: a long one (a pasted argument) shows a few rows around the cursor. */
const fieldProps = (entry: ViewEntry, width: number) => ({ ...fieldOf(entry), focus: true, maxRows: 3, width: Math.max(1, width - 4) });

type PaletteLine = { kind: "field" | "row" | "selected" | "more" | "note" | "hint"; text: string; wrap?: boolean };

/** What the palette draws, line by line: its height and its render both read this. */
function paletteLines(entry: ViewEntry, world: World): PaletteLine[] {
  const field = fieldOf(entry);
  const matches = paletteMatches(world, field.value);
  const selected = Math.min(entry.selected ?? 0, Math.max(0, matches.length - 1));
  const first = Math.max(0, Math.min(selected - PALETTE_ROWS + 1, matches.length - PALETTE_ROWS));
  const shown = matches.slice(first, first + PALETTE_ROWS);
  const nameWidth = Math.min(26, Math.max(0, ...shown.map((c) => c.name.length + (c.args ? c.args.length + 1 : 0))) + 1);
  const lines: PaletteLine[] = [{ kind: "field", text: field.value }];
  if (first > 0) lines.push({ kind: "more", text: `… ${first} above` });
  shown.forEach((c, j) => {
    const label = `/${c.name}${c.args ? ` ${c.args}` : ""}`;
    lines.push({ kind: first + j === selected ? "selected" : "row", text: `${sanitizeLine(label).padEnd(nameWidth + 1)} ${sanitizeLine(c.description)}` });
  });
  const after = matches.length - first - shown.length;
  if (after > 0) lines.push({ kind: "more", text: `… ${after} more` });
  if (matches.length === 0 && !entry.note) lines.push({ kind: "more", text: "no command matches" });
  if (entry.note) lines.push({ kind: "note", text: sanitizeLine(entry.note), wrap: true });
  lines.push({ kind: "hint", text: keyHints("palette"), wrap: true });
  return lines;
}
