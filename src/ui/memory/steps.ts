import type { Key } from "ink";
import type { ReplyResult } from "../commands/command.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { actionFor, type KeyAction } from "../keymap.js";
import type { Effect, ViewEntry, World } from "../state/uiState.js";
import { activeRuntime } from "../views/panelList.js";
import type { ViewStep } from "../views/view.js";
import { fileAt, filesIn, MEMORY, refetch, request, stateOf, withState } from "./entry.js";
import { diffLines, oldRows } from "./diffLines.js";
import { changedPaths, filesOf } from "./files.js";
import { fileRowCount, maxScroll, VIEW_ROWS } from "./fileLines.js";
import type { HistoryScreen, MemoryScreen, MemoryState } from "./state.js";
import { treeRows } from "./tree.js";
import { unifiedDiffRows } from "../approval/unifiedDiff.js";
import { confirmKey, contextOf, createFromForm, deleteAsked, editAsked, restoreAsked, writeEdited, writeReply, type EditResult } from "./writes.js";

// The memory view's steps, pure: the tree, a file read, the history and its diffs, and the
// writes (writes.ts). Every change made here and every memory_updated is followed by a fresh
// list_memory: what is on screen is the server's, never our guess of it.

const noted = (entry: ViewEntry, m: MemoryState, note: string): ViewStep => ({ entry: withState(entry, { ...m, note }) });

export function memoryOpen(world: World): { entry: ViewEntry; effects: Effect[] } {
  const rt = activeRuntime(world);
  const agent = rt?.scope.agent_id ?? "";
  const m: MemoryState = { agent, agentName: rt?.agentName, files: agent ? "loading" : [], enabled: true, changed: [], collapsed: [], sel: 0, screen: { kind: "tree" }, ...(agent ? {} : { note: "memory belongs to an agent, and none is on screen" }) };
  const step = refetch({ id: MEMORY }, m);
  return { entry: step.entry!, effects: step.effects ?? [] };
}

export function memoryKey(entry: ViewEntry, input: string, key: Key, world: World): ViewStep {
  const m = stateOf(entry);
  const s = m.screen;
  const action = actionFor(contextOf(m).context, input, key);
  switch (s.kind) {
    case "tree":
      return m.enabled ? treeKey(entry, m, action) : offKey(entry, m, action);
    case "file":
      return fileKey(entry, m, s, action);
    case "history":
      return historyKey(entry, m, s, action);
    case "diff":
    case "old":
      return reviewKey(entry, m, s, action);
    case "confirm":
      return confirmKey(entry, m, s, action, world);
    case "form":
      return formKey(entry, m, s, action, input, key);
    case "wait":
      // The server or the editor has it; Esc gives up waiting (a late answer is then dropped).
      return action === "close" ? { entry: withState(entry, { ...m, screen: s.back, note: "left as it was" }) } : { entry };
  }
}

const scrolled = (scroll: number, action: KeyAction | undefined, count: number): number | undefined => {
  const max = maxScroll(count);
  if (action === "option-prev") return Math.max(0, Math.min(scroll, max) - 1);
  if (action === "option-next") return Math.min(max, scroll + 1);
  if (action === "page-prev") return Math.max(0, Math.min(scroll, max) - VIEW_ROWS);
  if (action === "page-next") return Math.min(max, scroll + VIEW_ROWS);
  return undefined;
};

const historyRequest = (m: MemoryState, path: string | undefined): Effect =>
  request({ type: "memory_history", agent_id: m.agent, ...(path !== undefined ? { file_path: path } : {}), limit: 50 }, "memory_history_response", "history");

function history(entry: ViewEntry, m: MemoryState, path: string | undefined): ViewStep {
  const screen: HistoryScreen = { kind: "history", ...(path !== undefined ? { path } : {}), commits: "loading", sel: 0 };
  return { entry: withState(entry, { ...m, screen, note: undefined }), effects: [historyRequest(m, path)] };
}

function treeKey(entry: ViewEntry, m: MemoryState, action: KeyAction | undefined): ViewStep {
  const rows = treeRows(filesIn(m), m.collapsed);
  const sel = Math.min(m.sel, rows.length - 1);
  const row = rows[sel];
  const file = row?.kind === "file" ? row.file : undefined;
  const needFile = (what: string) => noted(entry, m, `select a file to ${what}`);
  switch (action) {
    case "close":
      return { entry: null };
    case "option-prev":
      return { entry: withState(entry, { ...m, sel: Math.max(0, sel - 1) }) };
    case "option-next":
      return { entry: withState(entry, { ...m, sel: Math.min(rows.length - 1, sel + 1) }) };
    case "page-prev":
      return { entry: withState(entry, { ...m, sel: Math.max(0, sel - VIEW_ROWS) }) };
    case "page-next":
      return { entry: withState(entry, { ...m, sel: Math.min(rows.length - 1, sel + VIEW_ROWS) }) };
    case "option-pick":
      if (row?.kind === "folder") {
        const collapsed = row.open ? [...m.collapsed, row.path] : m.collapsed.filter((p) => p !== row.path);
        return { entry: withState(entry, { ...m, collapsed }) };
      }
      if (!file) return { entry };
      // Looked at: its mark goes.
      return { entry: withState(entry, { ...m, screen: { kind: "file", path: file.path, scroll: 0 }, changed: m.changed.filter((p) => p !== file.path), note: undefined }) };
    case "memory-history":
      return history(entry, m, file?.path);
    case "memory-edit":
      if (file?.kind === "image") return noted(entry, m, `${file.path} is an image: it is not edited here`);
      return file ? editAsked(entry, m, file.path) : needFile("edit");
    case "memory-delete":
      return file ? deleteAsked(entry, m, file.path) : needFile("delete");
    case "memory-new":
      return { entry: withState(entry, { ...m, screen: { kind: "form", stage: "path", field: { value: "", cursor: 0 } }, note: undefined }) };
    default:
      return { entry };
  }
}

/** Memory not enabled: y turns it on. */
function offKey(entry: ViewEntry, m: MemoryState, action: KeyAction | undefined): ViewStep {
  if (action === "close") return { entry: null };
  if (action !== "memory-enable" || m.fetch) return { entry };
  return { entry: withState(entry, { ...m, note: "enabling memory…" }), effects: [request({ type: "enable_memfs", agent_id: m.agent }, "enable_memfs_response", "enable")] };
}

function fileKey(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "file" }>, action: KeyAction | undefined): ViewStep {
  const file = fileAt(m, s.path);
  if (action === "close") return { entry: withState(entry, { ...m, screen: { kind: "tree" }, note: undefined }) };
  if (action === "memory-history") return history(entry, m, s.path);
  if (action === "memory-edit") return !file ? noted(entry, m, `${s.path} is gone`) : file.kind === "image" ? noted(entry, m, `${s.path} is an image: it is not edited here`) : editAsked(entry, m, s.path);
  const scroll = scrolled(s.scroll, action, file ? fileRowCount(file.body) : 0);
  // Read to the end while it changed: the mark does not come back for what is on screen.
  return scroll === undefined ? { entry } : { entry: withState(entry, { ...m, screen: { ...s, scroll }, changed: m.changed.filter((p) => p !== s.path) }) };
}

function historyKey(entry: ViewEntry, m: MemoryState, s: HistoryScreen, action: KeyAction | undefined): ViewStep {
  const commits = s.commits === "loading" ? [] : s.commits;
  const sel = Math.min(s.sel, Math.max(0, commits.length - 1));
  const commit = commits[sel];
  switch (action) {
    case "close":
      return { entry: withState(entry, { ...m, screen: s.path !== undefined && fileAt(m, s.path) ? { kind: "file", path: s.path, scroll: 0 } : { kind: "tree" }, note: undefined }) };
    case "option-prev":
      return { entry: withState(entry, { ...m, screen: { ...s, sel: Math.max(0, sel - 1) } }) };
    case "option-next":
      return { entry: withState(entry, { ...m, screen: { ...s, sel: Math.min(Math.max(0, commits.length - 1), sel + 1) } }) };
    case "option-pick":
      if (!commit) return { entry };
      return {
        entry: withState(entry, { ...m, screen: { kind: "diff", history: s, commit, rows: "loading", scroll: 0 }, note: undefined }),
        effects: [request({ type: "memory_commit_diff", agent_id: m.agent, sha: commit.sha }, "memory_commit_diff_response", "diff")],
      };
    case "memory-old": {
      if (!commit) return { entry };
      const path = s.path;
      if (path === undefined) return noted(entry, m, "a file as it was: open a file's history (h on the file)");
      return {
        entry: withState(entry, { ...m, screen: { kind: "old", history: { ...s, path, sel }, commit, content: "loading", scroll: 0 }, note: undefined }),
        effects: [request({ type: "memory_file_at_ref", agent_id: m.agent, file_path: path, ref: commit.sha }, "memory_file_at_ref_response", "old")],
      };
    }
    default:
      return { entry };
  }
}

/** A commit's diff or a file as it was: scroll, back, and (the old file) restore. */
function reviewKey(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "diff" | "old" }>, action: KeyAction | undefined): ViewStep {
  if (action === "close") return { entry: withState(entry, { ...m, screen: s.history, note: undefined }) };
  if (s.kind === "old" && action === "memory-restore") {
    if (s.content === "loading") return noted(entry, m, "still reading that version…");
    return restoreAsked(entry, m, s);
  }
  const rows = s.kind === "diff" ? s.rows : s.content === "loading" ? "loading" : oldRows(s.content);
  const count = rows === "loading" ? 0 : diffLines(rows, false).length;
  const scroll = scrolled(s.scroll, action, count);
  return scroll === undefined ? { entry } : { entry: withState(entry, { ...m, screen: { ...s, scroll } }) };
}


function formKey(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "form" }>, action: KeyAction | undefined, input: string, key: Key): ViewStep {
  if (action === "close") {
    if (s.stage === "description") return { entry: withState(entry, { ...m, screen: { kind: "form", stage: "path", field: { value: s.typedPath ?? "", cursor: (s.typedPath ?? "").length } }, note: undefined }) };
    return { entry: withState(entry, { ...m, screen: { kind: "tree" }, note: undefined }) };
  }
  if (action === "option-pick") return createFromForm(entry, m, s);
  const r = edit(s.field, input, key);
  return r.kind === "field" ? { entry: withState(entry, { ...m, screen: { ...s, field: r.field }, note: undefined }) } : { entry };
}

/** A paste goes into the new file's field, on one line. */
export function memoryPaste(entry: ViewEntry, text: string): ViewEntry {
  const m = stateOf(entry);
  if (m.screen.kind !== "form") return entry;
  const field: Field = paste(m.screen.field, text.replace(/[\r\n]+/g, " "));
  return withState(entry, { ...m, screen: { ...m.screen, field }, note: undefined });
}

export function memoryReply(entry: ViewEntry, tag: string, result: ReplyResult, world: World): ViewStep {
  const m = stateOf(entry);
  const s = m.screen;
  if (tag === "write" || tag === "delete" || tag === "read-edit" || tag === "read-restore") return writeReply(entry, m, tag, result, world);
  if (!result.ok) {
    const why = result.error;
    switch (tag) {
      case "list": {
        const step = { ...m, files: m.files === "loading" ? [] : m.files, fetch: undefined, note: `could not list the memory: ${why}` };
        return m.fetch === "again" ? refetch(entry, { ...step, fetch: undefined }) : { entry: withState(entry, step) };
      }
      case "history":
        return s.kind === "history" ? noted(entry, { ...m, screen: { ...s, commits: [] } }, `no history: ${why}`) : { entry };
      case "diff":
        return s.kind === "diff" ? noted(entry, { ...m, screen: { ...s, rows: [] } }, `no diff: ${why}`) : { entry };
      case "old":
        return s.kind === "old" ? noted(entry, { ...m, screen: s.history }, `could not read that version: ${why}`) : { entry };
      case "enable":
        return noted(entry, m, `the server could not enable memory: ${why}`);
      default:
        return { entry };
    }
  }
  const f = result.frame;
  switch (f.type) {
    case "list_memory_response": {
      const files = filesOf(f.entries);
      const prev = m.files === "loading" ? undefined : m.files;
      const changed = prev ? changedPaths(prev, files, m.changed, m.quiet) : [];
      const listed: MemoryState = { ...m, files, enabled: f.memfs_enabled !== false, changed, fetch: undefined, quiet: undefined, sel: Math.min(m.sel, treeRows(files, m.collapsed).length - 1) };
      return m.fetch === "again" ? refetch(entry, listed) : { entry: withState(entry, listed) };
    }
    case "memory_history_response":
      if (s.kind !== "history") return { entry };
      // Asked again (memory_updated): the same commit stays selected.
      const was = s.commits === "loading" ? undefined : s.commits[s.sel]?.sha;
      return { entry: withState(entry, { ...m, screen: { ...s, commits: f.commits, sel: Math.max(0, f.commits.findIndex((c) => c.sha === was)) } }) };
    case "memory_commit_diff_response":
      return s.kind === "diff" && f.sha === s.commit.sha ? { entry: withState(entry, { ...m, screen: { ...s, rows: unifiedDiffRows(f.diff ?? "") } }) } : { entry };
    case "memory_file_at_ref_response":
      return s.kind === "old" && f.ref === s.commit.sha ? { entry: withState(entry, { ...m, screen: { ...s, content: f.content ?? "" } }) } : { entry };
    case "enable_memfs_response":
      return refetch(entry, { ...m, note: `memory enabled${f.memory_directory ? ` in ${f.memory_directory}` : ""}` });
    default:
      return { entry };
  }
}

/** The editor gave a file back (or could not run). */
export function memoryEdited(entry: ViewEntry, tag: string, result: EditResult): ViewStep {
  return writeEdited(entry, stateOf(entry), tag, result);
}

/** memory_updated: the listing is fetched again (and what changed gets its mark), and a history on screen too. */
export function memoryBroadcast(entry: ViewEntry, frame: string): ViewStep {
  if (frame !== "memory_updated") return { entry };
  const m = stateOf(entry);
  const listed = refetch(entry, m);
  const s = m.screen;
  // A history still loading gets the new commit in its answer; one shown is asked again, and
  // stays on screen (with its selection) until the answer.
  if (s.kind !== "history" || s.commits === "loading") return listed;
  return { entry: listed.entry, effects: [...(listed.effects ?? []), historyRequest(m, s.path)] };
}
