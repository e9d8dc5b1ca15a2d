import type { MemoryCommit } from "../../protocol/responses-memory.js";
import type { DiffRow } from "../approval/diffRows.js";
import { keyHints } from "../keymap.js";
import { sizeWords } from "../memory/files.js";
import { diffLines, oldRows } from "../memory/diffLines.js";
import { renderedLines, windowRows } from "../memory/fileLines.js";
import { relativeTime } from "../memory/relativeTime.js";
import type { MemoryScreen, MemoryState } from "../memory/state.js";
import { diffCounts } from "../memory/textDiff.js";
import { treeRows, type TreeRow } from "../memory/tree.js";
import { contextOf } from "../memory/writes.js";
import { fileAt, filesIn } from "../memory/entry.js";
import { sanitizeLine } from "../sanitize.js";
import type { PanelLine } from "./panelLines.js";

// What the memory view draws, line by line: its height (ViewDef.rows) and its render both read
// this, so they cannot disagree. Every list and text is windowed: the lines built are the ones
// on screen, however big the memory. Server strings pass through sanitizeLine; the markdown
// and diff renderers sanitise what they draw themselves.

/** Tree rows and commits listed at once; the selection scrolls. */
const LIST_ROWS = 12;

export interface DrawOptions {
  width: number;
  color: boolean;
  now: number;
}

/** The panel's inner width: its border and padding take four columns. */
const innerOf = (width: number) => Math.max(1, width - 4);

function windowOf<T>(items: readonly T[], sel: number, size = LIST_ROWS): { first: number; shown: readonly T[]; after: number } {
  const first = Math.max(0, Math.min(sel - size + 1, items.length - size));
  const shown = items.slice(first, first + size);
  return { first, shown, after: items.length - first - shown.length };
}

/** The selected row in inverse video and with a pointer: without colour (NO_COLOR, a pipe) inverse is lost. */
const pointed = (selected: boolean, text: string): PanelLine => ({ kind: selected ? "selected" : "row", text: `${selected ? "›" : " "} ${text}` });

function treeLine(row: TreeRow, m: MemoryState): string {
  switch (row.kind) {
    case "root":
      return `◆ the whole memory · ${row.count} file${row.count === 1 ? "" : "s"}`;
    case "folder":
      return `${"  ".repeat(row.depth)}${row.open ? "▾" : "▸"} ${sanitizeLine(row.name)}/ (${row.count})`;
    case "file": {
      const f = row.file;
      const mark = m.changed.includes(f.path) ? "● " : "  ";
      const about = f.kind === "image" ? "image" : f.description ? sanitizeLine(f.description) : "no description";
      return `${"  ".repeat(row.depth)}${mark}${sanitizeLine(row.name)} · ${sizeWords(f.size)} · ${about}`;
    }
  }
}

function treeLines(m: MemoryState): PanelLine[] {
  const files = filesIn(m);
  const changed = m.changed.length ? ` · ● ${m.changed.length} changed` : "";
  const lines: PanelLine[] = [{ kind: "title", text: `Memory of ${sanitizeLine(m.agentName ?? (m.agent || "this agent"))}${m.files === "loading" ? "" : ` · ${files.length} file${files.length === 1 ? "" : "s"}`}${changed}` }];
  if (m.files === "loading") return [...lines, { kind: "dim", text: "loading…" }, ...tail(m)];
  if (!m.enabled) {
    return [
      ...lines,
      { kind: "row", text: "Memory is not enabled for this agent: no memory files, no history, and its memory tool has nothing to work on." },
      { kind: "dim", text: "Enabling it (enable_memfs) makes the agent's memory folder, a git repository, on the server's machine." },
      ...tail(m),
    ];
  }
  if (files.length === 0) lines.push({ kind: "dim", text: "no memory files yet: n makes one" });
  const rows = treeRows(files, m.collapsed);
  const sel = Math.min(m.sel, rows.length - 1);
  const { first, shown, after } = windowOf(rows, sel);
  if (first > 0) lines.push({ kind: "dim", text: `… ${first} above` });
  shown.forEach((r, j) => lines.push(pointed(first + j === sel, treeLine(r, m))));
  if (after > 0) lines.push({ kind: "dim", text: `… ${after} more` });
  return [...lines, ...tail(m)];
}

/** The note (if any) and the key hints of the screen, under every screen. */
function tail(m: MemoryState): PanelLine[] {
  const out: PanelLine[] = [];
  if (m.note) out.push({ kind: "note", text: sanitizeLine(m.note) });
  const { context, only } = contextOf(m);
  out.push({ kind: "dim", text: keyHints(context, only) });
  return out;
}

/** Rows of text in a window with "↑ n above" / "↓ n below" lines (always both, so the height holds still). */
function windowed(rows: readonly string[], above: number, below: number, unit: string): PanelLine[] {
  return [
    { kind: "dim", text: above > 0 ? `↑ ${above} ${unit} above` : " " },
    ...rows.map((text): PanelLine => ({ kind: "row", text })),
    { kind: "dim", text: below > 0 ? `↓ ${below} ${unit} below` : " " },
  ];
}

function diffWindow(rows: readonly DiffRow[], scroll: number, o: DrawOptions): PanelLine[] {
  const w = windowRows(diffLines(rows, o.color), scroll, innerOf(o.width));
  return windowed(w.rows, w.above, w.below, "lines");
}

const commitWords = (c: MemoryCommit, now: number) =>
  `${c.sha.slice(0, 7)} · ${sanitizeLine(c.message || "(no message)")} · ${sanitizeLine(c.author_name ?? "unknown author")} · ${relativeTime(c.timestamp, now)}`;

function screenLines(m: MemoryState, s: Exclude<MemoryScreen, { kind: "tree" }>, o: DrawOptions): PanelLine[] {
  const inner = innerOf(o.width);
  switch (s.kind) {
    case "file": {
      const f = fileAt(m, s.path);
      if (!f) return [{ kind: "title", text: sanitizeLine(s.path) }, { kind: "dim", text: "this file is gone from the memory" }];
      const lines: PanelLine[] = [
        { kind: "title", text: `${sanitizeLine(f.path)} · ${sizeWords(f.size)}${m.changed.includes(f.path) ? " · ● changed" : ""}` },
        { kind: "dim", text: f.description ? sanitizeLine(f.description) : "no description" },
      ];
      if (f.kind === "image") return [...lines, { kind: "dim", text: "an image: not drawn in a terminal" }];
      const w = windowRows(renderedLines(f.body, inner, o.color), s.scroll, inner);
      return [...lines, ...windowed(w.rows, w.above, w.below, "lines")];
    }
    case "history": {
      const what = s.path !== undefined ? sanitizeLine(s.path) : "the whole memory";
      if (s.commits === "loading") return [{ kind: "title", text: `History of ${what}` }, { kind: "dim", text: "loading…" }];
      const lines: PanelLine[] = [{ kind: "title", text: `History of ${what} · ${s.commits.length} commit${s.commits.length === 1 ? "" : "s"}${s.commits.length === 50 ? " (the last 50)" : ""}` }];
      if (s.commits.length === 0) lines.push({ kind: "dim", text: "no commits" });
      const sel = Math.min(s.sel, Math.max(0, s.commits.length - 1));
      const { first, shown, after } = windowOf(s.commits, sel);
      if (first > 0) lines.push({ kind: "dim", text: `… ${first} newer` });
      shown.forEach((c, j) => lines.push(pointed(first + j === sel, commitWords(c, o.now))));
      if (after > 0) lines.push({ kind: "dim", text: `… ${after} older` });
      return lines;
    }
    case "diff": {
      const head: PanelLine = { kind: "title", text: `Commit ${commitWords(s.commit, o.now)}` };
      if (s.rows === "loading") return [head, { kind: "dim", text: "loading…" }];
      if (s.rows.length === 0) return [head, { kind: "dim", text: "no changes in this commit" }];
      return [head, ...diffWindow(s.rows, s.scroll, o)];
    }
    case "old": {
      const head: PanelLine = { kind: "title", text: `${sanitizeLine(s.history.path)} as of ${commitWords(s.commit, o.now)}` };
      if (s.content === "loading") return [head, { kind: "dim", text: "loading…" }];
      return [head, ...diffWindow(oldRows(s.content), s.scroll, o)];
    }
    case "confirm": {
      const p = s.pending;
      if (p.kind === "delete")
        return [
          { kind: "title", text: `Delete ${sanitizeLine(p.path)} from the agent's memory?` },
          { kind: "dim", text: "It stays in the memory's history: h on the first row, then v on a commit before this one, r restores it." },
        ];
      const { added, removed } = diffCounts(s.rows);
      return [{ kind: "title", text: `${p.created ? "Create" : "Write"} ${sanitizeLine(p.path)}? +${added} −${removed} · commit "${sanitizeLine(p.message)}"` }, ...diffWindow(s.rows, s.scroll, o)];
    }
    case "form":
      return s.stage === "path"
        ? [
            { kind: "title", text: "New memory file: its path" },
            { kind: "field", field: s.field, placeholder: "e.g. notes/project.md (under the memory folder; .md is added)" },
            { kind: "dim", text: "system/ files are always in the agent's context; others it reads when it needs them" },
          ]
        : [
            { kind: "title", text: `New memory file ${sanitizeLine(s.path ?? "")}: what is it for?` },
            { kind: "field", field: s.field, placeholder: "a line the agent reads in its memory's index" },
            { kind: "dim", text: "then $VISUAL / $EDITOR opens on it (without one it is made with an empty body)" },
          ];
    case "wait":
      return [{ kind: "title", text: sanitizeLine(s.path) }, { kind: "dim", text: sanitizeLine(s.what) }];
  }
}

export function memoryLines(m: MemoryState, o: DrawOptions): PanelLine[] {
  const s = m.screen;
  return s.kind === "tree" ? treeLines(m) : [...screenLines(m, s, o), ...tail(m)];
}
