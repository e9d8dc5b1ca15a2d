import type { ReplyResult } from "../commands/command.js";
import { isBusy } from "../../store/loop.js";
import type { KeyAction, KeyContext } from "../keymap.js";
import type { Effect, ViewEntry, World } from "../state/uiState.js";
import type { ViewStep } from "../views/view.js";
import { diffLines } from "./diffLines.js";
import { checkNewPath, newFileText } from "./frontMatter.js";
import { maxScroll, VIEW_ROWS } from "./fileLines.js";
import type { MemoryScreen, MemoryState, Pending } from "./state.js";
import { fileAt, filesIn, MEMORY, refetch, request, withState } from "./entry.js";
import { textDiffRows } from "./textDiff.js";

// The memory view's writes: edit in $EDITOR, create, delete, restore an old version. Each is
// shown before it happens (the diff, or the file's name for a delete) and waits for y.
//
// Writes while the agent's turn runs are REFUSED, not queued. 0.32.18 takes no lock around the
// memory repository: write_memory_file writes the file, then commits it (git add + commit of
// that path), while the agent's own memory tool first checks the repository is clean and then
// writes and commits. A write from here landing between those steps makes the agent's edit
// fail ("Memory repo has uncommitted changes") or sweeps our half-done file into its commit.
// Queueing would send the write later, when the person has moved on and may not see it land
// or fail; refusing keeps the confirm on screen, so y once the turn is over sends it as shown.

export interface EditResult {
  /** The editor that ran; undefined when there is none ($VISUAL and $EDITOR unset). */
  editor?: string | undefined;
  /** What was saved; undefined when the editor failed or could not run. */
  text?: string | undefined;
}

/** The keys each screen answers (the others do nothing there), for its hint line. */
const SCREEN_KEYS: Record<Exclude<MemoryScreen["kind"], "confirm" | "form">, readonly KeyAction[]> = {
  tree: ["option-prev", "page-prev", "option-pick", "memory-history", "memory-edit", "memory-new", "memory-delete", "close"],
  file: ["option-prev", "page-prev", "memory-history", "memory-edit", "close"],
  history: ["option-prev", "option-pick", "memory-old", "close"],
  diff: ["option-prev", "page-prev", "close"],
  old: ["option-prev", "page-prev", "memory-restore", "close"],
  wait: ["close"],
};

/** The keymap context of the screen the view is on, and the keys of it the screen answers. */
export function contextOf(m: MemoryState): { context: KeyContext; only?: readonly KeyAction[] } {
  const kind = m.screen.kind;
  if (kind === "confirm") return { context: "memory-confirm" };
  if (kind === "form") return { context: "memory-form" };
  return { context: "memory", only: kind === "tree" && !m.enabled ? ["memory-enable", "close"] : SCREEN_KEYS[kind] };
}

/** Whether a turn of this agent is running in any conversation we are attached to. */
export function agentAtWork(world: World, agent: string): boolean {
  return Object.values(world.app.runtimes).some((rt) => rt.scope.agent_id === agent && isBusy(rt.loop?.status));
}

const wait = (m: MemoryState, purpose: "edit" | "restore" | "create", path: string, what: string, extra: Partial<Extract<MemoryScreen, { kind: "wait" }>> = {}): MemoryState => ({
  ...m,
  screen: { kind: "wait", purpose, path, what, back: m.screen, ...extra },
  note: undefined,
});

/** A temp file name for the editor: the memory file's own name, in safe characters. */
const editName = (path: string) => (path.split("/").pop() ?? "memory").replace(/\.md$/, "").replace(/[^\w.-]/g, "_") || "memory";

const editEffect = (text: string, path: string, tag: string): Effect => ({ kind: "edit-text", text, suffix: ".md", name: editName(path), reply: { to: MEMORY, tag } });

/** e: the whole file (front matter and all) is read first: list_memory gives only the body. */
export function editAsked(entry: ViewEntry, m: MemoryState, path: string): ViewStep {
  return {
    entry: withState(entry, wait(m, "edit", path, `reading ${path}…`)),
    effects: [request({ type: "read_memory_file", agent_id: m.agent, path }, "read_memory_file_response", "read-edit")],
  };
}

export function deleteAsked(entry: ViewEntry, m: MemoryState, path: string): ViewStep {
  return { entry: withState(entry, { ...m, screen: { kind: "confirm", pending: { kind: "delete", path }, rows: [], scroll: 0, back: m.screen }, note: undefined }) };
}

/** r on an old version: the file as it is now is read, to show what restoring changes. */
export function restoreAsked(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "old" }>): ViewStep {
  const path = s.history.path;
  const old = s.content === "loading" ? "" : s.content;
  return {
    entry: withState(entry, wait(m, "restore", path, `reading ${path} as it is now…`, { old, message: `Restore ${path} as of ${s.commit.sha.slice(0, 7)}` })),
    effects: [request({ type: "read_memory_file", agent_id: m.agent, path }, "read_memory_file_response", "read-restore")],
  };
}

/** Enter in the new-file form: the path, then the description, then the editor. */
export function createFromForm(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "form" }>): ViewStep {
  if (s.stage === "path") {
    const checked = checkNewPath(s.field.value, filesIn(m).map((f) => f.path));
    if (!checked.ok) return { entry: withState(entry, { ...m, note: checked.why }) };
    return { entry: withState(entry, { ...m, screen: { kind: "form", stage: "description", field: { value: "", cursor: 0 }, path: checked.path, typedPath: s.field.value }, note: undefined }) };
  }
  const description = s.field.value.trim();
  if (!description) return { entry: withState(entry, { ...m, note: "a description says what the file is for: the agent reads it in its memory's index" }) };
  const path = s.path ?? "";
  const text = newFileText(description);
  return { entry: withState(entry, wait({ ...m, screen: { kind: "tree" } }, "create", path, `writing ${path} in the editor…`, { original: text })), effects: [editEffect(text, path, "edited")] };
}

function confirm(m: MemoryState, pending: Pending, before: string, back: MemoryScreen): MemoryState {
  const rows = pending.kind === "write" ? textDiffRows(pending.path, before, pending.content) : [];
  return { ...m, screen: { kind: "confirm", pending, rows, scroll: 0, back }, note: undefined };
}

/** The editor came back: unchanged is nothing to do; else the diff, to confirm. */
export function writeEdited(entry: ViewEntry, m: MemoryState, tag: string, result: EditResult): ViewStep {
  const s = m.screen;
  if (tag !== "edited" || s.kind !== "wait" || (s.purpose !== "edit" && s.purpose !== "create")) return { entry };
  const original = s.original ?? "";
  const back = s.back;
  if (result.text === undefined) {
    // A new file without an editor: its front matter and an empty body, still shown first.
    if (s.purpose === "create" && !result.editor) return { entry: withState(entry, confirm(m, { kind: "write", path: s.path, content: original, message: `Create ${s.path}`, created: true }, "", back)) };
    const why = result.editor ? `the editor (${result.editor}) failed or could not start` : "no editor: set $VISUAL or $EDITOR to edit memory files";
    return { entry: withState(entry, { ...m, screen: back, note: `${why}; ${s.path} is unchanged` }) };
  }
  if (s.purpose === "edit" && result.text === original) return { entry: withState(entry, { ...m, screen: back, note: `no change to ${s.path}` }) };
  const pending: Pending = s.purpose === "create" ? { kind: "write", path: s.path, content: result.text, message: `Create ${s.path}`, created: true } : { kind: "write", path: s.path, content: result.text, message: `Edit ${s.path}` };
  return { entry: withState(entry, confirm(m, pending, s.purpose === "create" ? "" : original, back)) };
}

export function confirmKey(entry: ViewEntry, m: MemoryState, s: Extract<MemoryScreen, { kind: "confirm" }>, action: KeyAction | undefined, world: World): ViewStep {
  switch (action) {
    case "close":
      return s.sending ? { entry } : { entry: withState(entry, { ...m, screen: s.back, note: s.pending.kind === "delete" ? `kept ${s.pending.path}` : "nothing written" }) };
    case "confirm-yes": {
      if (s.sending) return { entry };
      if (agentAtWork(world, m.agent))
        return { entry: withState(entry, { ...m, note: "the agent is at work: memory is not written during its turn (a write now could break the agent's own memory edit). y again once the turn is over" }) };
      const p = s.pending;
      const effect =
        p.kind === "write"
          ? request({ type: "write_memory_file", agent_id: m.agent, path: p.path, content: p.content, commit_message: p.message }, "write_memory_file_response", "write")
          : request({ type: "delete_memory_file", agent_id: m.agent, path: p.path, commit_message: `Delete ${p.path}` }, "delete_memory_file_response", "delete");
      // The memory_updated of our own write comes before its answer: its listing marks nothing.
      return { entry: withState(entry, { ...m, screen: { ...s, sending: true }, quiet: p.path, note: p.kind === "write" ? `writing ${p.path}…` : `deleting ${p.path}…` }), effects: [effect] };
    }
    case "option-prev":
    case "option-next":
    case "page-prev":
    case "page-next": {
      const max = maxScroll(diffLines(s.rows, false).length);
      const by = action === "option-prev" ? -1 : action === "option-next" ? 1 : action === "page-prev" ? -VIEW_ROWS : VIEW_ROWS;
      return { entry: withState(entry, { ...m, screen: { ...s, scroll: Math.max(0, Math.min(max, Math.min(s.scroll, max) + by)) } }) };
    }
    default:
      return { entry };
  }
}

const shortSha = (sha: string | undefined) => (sha ? ` (commit ${sha.slice(0, 7)})` : "");

/** Answers to the reads before a write, and to the write itself. */
export function writeReply(entry: ViewEntry, m: MemoryState, tag: string, result: ReplyResult, _world: World): ViewStep {
  const s = m.screen;
  if (tag === "read-edit" || tag === "read-restore") {
    if (s.kind !== "wait") return { entry };
    const frame = result.frame?.type === "read_memory_file_response" ? result.frame : undefined;
    if (tag === "read-edit") {
      if (!result.ok || typeof frame?.content !== "string") return { entry: withState(entry, { ...m, screen: s.back, note: `could not read ${s.path}: ${result.ok ? "no content" : result.error}` }) };
      return { entry: withState(entry, { ...m, screen: { ...s, what: `editing ${s.path} in the editor…`, original: frame.content } }), effects: [editEffect(frame.content, s.path, "edited")] };
    }
    // Restoring a file deleted since: it is compared with nothing, and written back whole.
    const gone = !result.ok && /ENOENT|no such file/i.test(result.error);
    if (!gone && (!result.ok || typeof frame?.content !== "string")) return { entry: withState(entry, { ...m, screen: s.back, note: `could not read ${s.path}: ${result.ok ? "no content" : result.error}` }) };
    const now = gone ? "" : (frame?.content ?? "");
    const old = s.old ?? "";
    if (now === old) return { entry: withState(entry, { ...m, screen: s.back, note: `${s.path} is already as it was then` }) };
    return { entry: withState(entry, confirm(m, { kind: "write", path: s.path, content: old, message: s.message ?? `Restore ${s.path}` }, now, s.back)) };
  }
  if (s.kind !== "confirm" || !s.sending) return { entry };
  const p = s.pending;
  if (!result.ok) return { entry: withState(entry, { ...m, screen: { ...s, sending: false }, quiet: undefined, note: `the server refused it: ${result.error}. y tries again` }) };
  const f = result.frame;
  const sha = f.type === "write_memory_file_response" || f.type === "delete_memory_file_response" ? f.commit_sha : undefined;
  if (p.kind === "delete") {
    const note = f.type === "delete_memory_file_response" && f.committed === false ? `${p.path} was gone already` : `deleted ${p.path}${shortSha(sha)}`;
    return refetch(entry, { ...m, screen: { kind: "tree" }, note });
  }
  // After a write: the file, as the server now lists it.
  const after: MemoryScreen = { kind: "file", path: p.path, scroll: 0 };
  const note = `${p.created ? "created" : "wrote"} ${p.path}${shortSha(sha)}`;
  return refetch(entry, { ...m, screen: fileAt(m, p.path) || p.created ? after : { kind: "tree" }, note });
}
