import type { Delta } from "../protocol/deltas.js";
import { archiveHas } from "./archive.js";
import { own } from "./own.js";
import type { MemoryChangeKind, RuntimeState, TranscriptItem } from "./state.js";
import { addNotice, BLOCK_TEXT_LIMIT, getItem, upsertItem } from "./transcript.js";

// The agent's memory changing under a turn, as transcript lines (issue 15): one line per file of
// a memory commit, with its counts and its part of the diff, and the one trouble 0.32.18 gets
// into, said plainly: a file written into the memory folder outside the memory tool is left
// uncommitted, and from then on the memory tool refuses every change.

export interface MemoryFileChange {
  /** The file's path in the memory repository (its new path after a rename). */
  path: string;
  change: MemoryChangeKind;
  /** A rename's old path. */
  from?: string;
  added: number;
  removed: number;
  /** This file's part of the commit's unified diff, headers included. */
  diff: string;
}

/** The b/ path of a `diff --git a/X b/Y` line (a path with spaces keeps them: Y is after " b/"). */
export function gitDiffPath(header: string): string {
  const rest = header.slice("diff --git ".length);
  const at = rest.lastIndexOf(" b/");
  return at >= 0 ? rest.slice(at + 3) : rest.replace(/^a\//, "");
}

/** A commit's diff (`git show --format=`) cut into its files, each counted. */
export function memoryFileChanges(diff: string): MemoryFileChange[] {
  const starts: number[] = diff.startsWith("diff --git ") ? [0] : [];
  for (let at = diff.indexOf("\ndiff --git "); at >= 0; at = diff.indexOf("\ndiff --git ", at + 1)) starts.push(at + 1);
  return starts.map((start, i) => fileChange(diff.slice(start, starts[i + 1] ?? diff.length)));
}

function fileChange(section: string): MemoryFileChange {
  const lines = section.split("\n");
  let change: MemoryChangeKind = "changed";
  let from: string | undefined;
  let added = 0;
  let removed = 0;
  let inHunk = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith("@@")) inHunk = true;
    else if (inHunk && line.startsWith("+")) added++;
    else if (inHunk && line.startsWith("-")) removed++;
    else if (inHunk) continue;
    else if (line.startsWith("new file mode")) change = "created";
    else if (line.startsWith("deleted file mode")) change = "deleted";
    else if (line.startsWith("rename from ")) {
      change = "renamed";
      from = line.slice("rename from ".length);
    }
  }
  return { path: gitDiffPath(lines[0] ?? ""), change, ...(from !== undefined ? { from } : {}), added, removed, diff: section };
}

/** Where a memory commit's line for `path` is kept: the same commit seen twice is one line. */
export const memoryItemKey = (sha: string, path: string) => `memory:${sha.slice(0, 7)}:${path}`;

/** A turn is running: the line stays live (Ctrl+O opens it) until the turn ends. */
const turnRunning = (rt: RuntimeState) => rt.loop !== null && rt.loop.status !== "WAITING_ON_INPUT";

/** A diff too long to read in a terminal is cut like a command's block, saying so (its counts stay whole). */
function boundedDiff(diff: string): string {
  if (diff.length <= BLOCK_TEXT_LIMIT) return diff;
  return `${diff.slice(0, BLOCK_TEXT_LIMIT).replace(/\n[^\n]*$/, "")}\n… ${Math.round((diff.length - BLOCK_TEXT_LIMIT) / 1024)} KB more of this diff not kept`;
}

/** One line per file of the memory commit `sha`, unless that commit's lines are in already. */
export function addMemoryChanges(rt: RuntimeState, sha: string, diff: string): RuntimeState {
  let next = rt;
  for (const c of memoryFileChanges(diff)) {
    const key = memoryItemKey(sha, c.path);
    if (own(next.transcript.items, key) || archiveHas(next.transcript, key)) continue;
    const item: TranscriptItem = {
      kind: "memory",
      key,
      sha,
      path: c.path,
      change: c.change,
      ...(c.from !== undefined ? { from: c.from } : {}),
      added: c.added,
      removed: c.removed,
      diff: boundedDiff(c.diff),
      done: !turnRunning(rt),
    };
    next = upsertItem(next, item);
  }
  return next;
}

/** `path` is inside the agent's memory folder (the device status names it). */
export function inMemoryDir(memoryDir: string | null | undefined, path: string | undefined): string | undefined {
  if (!memoryDir || !path) return undefined;
  const dir = memoryDir.replace(/\/+$/, "");
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

/** What to do about a dirty memory repository, in words a person can act on (checked on 0.32.18). */
function remedy(memoryDir: string | null | undefined): string {
  const cd = memoryDir ? `cd '${memoryDir.replace(/'/g, "'\\''")}'` : "cd <the memory folder>";
  return `Fix: ${cd} && git add -A && git commit -m "memory edit" (or remove the file, or ask the agent to commit it); a write from /memory does not clear it.`;
}

/**
 * An agent tool wrote into the memory folder (file_ops): 0.32.18 commits only what the memory
 * tool and the memory commands change, so this file is left uncommitted, and the memory tool
 * refuses every change until it is committed.
 */
export function noteStrayMemoryWrite(rt: RuntimeState, path: string | undefined): RuntimeState {
  const memoryDir = rt.device?.memory_directory;
  const relative = inMemoryDir(memoryDir, path);
  if (relative === undefined) return rt;
  return addNotice(
    rt,
    "warning",
    `memory: ${relative} was written into the memory folder outside the memory tool and is not committed; until it is, ` +
      `the agent's memory tool refuses every change. ${remedy(memoryDir)}`,
  );
}

/** The memory tool refused because the repository has uncommitted changes: say why, and what to do. */
export function noteMemoryRefusal(rt: RuntimeState, d: Delta): RuntimeState {
  if (d.message_type !== "tool_return_message") return rt;
  const returns = d.tool_returns?.length ? d.tool_returns : [{ tool_call_id: d.tool_call_id ?? "", status: d.status, tool_return: d.tool_return }];
  let next = rt;
  for (const r of returns) {
    if (r.status !== "error" || typeof r.tool_return !== "string" || !/uncommitted changes/i.test(r.tool_return)) continue;
    // Only the memory tools (memory, memory_apply_patch…): git in a Bash may say the same words.
    if (!getItem(next, `tool:${r.tool_call_id}`, "tool")?.name.startsWith("memory")) continue;
    next = addNotice(
      next,
      "warning",
      `memory: the memory tool refused: the memory repository has uncommitted changes (a file written there outside ` +
        `the memory tool). ${remedy(next.device?.memory_directory)}`,
    );
  }
  return next;
}
