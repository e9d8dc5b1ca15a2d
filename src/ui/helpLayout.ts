import { COMMANDS } from "./commands/registry.js";
import { CONTEXT_TITLES, shownBindings, type KeyContext } from "./keymap.js";

// The help overlay lives in Ink's live region, which must fit on screen (or Ink clears and
// redraws everything). So its lines are laid out to the terminal: side by side in columns
// when the width allows, then in pages turned with the arrows.

const ORDER: KeyContext[] = ["input", "approval", "confirm-always", "question", "deny-reason", "edit", "ask", "queue", "global", "offline", "confirm-quit", "picker", "palette", "mention", "agents", "agent-form", "panel", "cron", "cron-form", "cron-confirm", "skills", "skills-form", "tasks", "reader", "reader-search", "memory", "memory-confirm", "memory-form", "help"];

export type HelpLine = { kind: "title"; text: string } | { kind: "key"; label: string; description: string } | { kind: "gap" };

/** A column is wide enough for the longest label and a typical description. */
const COLUMN_MIN = 58;

/** Every binding of the keymap, section by section, in reading order. */
export function helpLines(): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const context of ORDER) {
    const bindings = shownBindings(context);
    if (bindings.length === 0) continue;
    if (lines.length) lines.push({ kind: "gap" });
    lines.push({ kind: "title", text: CONTEXT_TITLES[context] });
    for (const { label, binding } of bindings) lines.push({ kind: "key", label, description: binding.description });
  }
  // The palette's own table: what it runs is what help lists.
  lines.push({ kind: "gap" }, { kind: "title", text: "Commands (type / on an empty line; the server's own are listed there too)" });
  for (const c of COMMANDS) lines.push({ kind: "key", label: `/${c.name}${c.args ? ` ${c.args}` : ""}`, description: c.description });
  return lines;
}

export interface HelpLayout {
  /** pages → columns → lines */
  pages: HelpLine[][][];
  columnWidth: number;
}

/** Lay `lines` out in columns of at most `height` lines across `width` cells, then in pages. */
export function layoutHelp(lines: readonly HelpLine[], width: number, height: number): HelpLayout {
  const perPage = Math.max(1, Math.min(3, Math.floor(width / COLUMN_MIN)));
  const h = Math.max(3, height);
  const columns: HelpLine[][] = [];
  let column: HelpLine[] = [];
  for (const line of lines) {
    // A column neither starts with a gap nor ends with a title cut off from its keys.
    if (column.length === 0 && line.kind === "gap") continue;
    if (column.length === h - 1 && line.kind === "title") {
      columns.push(column);
      column = [];
    }
    column.push(line);
    if (column.length === h) {
      columns.push(column);
      column = [];
    }
  }
  if (column.length) columns.push(column);
  const pages: HelpLine[][][] = [];
  for (let i = 0; i < columns.length; i += perPage) pages.push(columns.slice(i, i + perPage));
  return { pages: pages.length ? pages : [[]], columnWidth: Math.floor(width / perPage) };
}
