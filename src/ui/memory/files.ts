import type { MemoryEntry } from "../../protocol/responses-memory.js";

// The memory's files as the view keeps them: what list_memory said of each, in our names.
// `body` is the file without its front matter (list_memory's `content`): what the agent reads
// and what the view renders; the raw file (front matter and all) is read only to edit it.

export interface MemoryFile {
  readonly path: string;
  readonly system: boolean;
  readonly description: string | null;
  /** The body's length in characters, as the server counts it. */
  readonly size: number;
  /** "markdown" or "image" on 0.32.18. */
  readonly kind: string;
  readonly body: string;
}

export function filesOf(entries: readonly MemoryEntry[]): MemoryFile[] {
  return entries.map((e) => ({
    path: e.relative_path,
    system: e.is_system ?? (e.relative_path.startsWith("system/") || e.relative_path.startsWith("system\\")),
    description: e.description ?? null,
    size: e.size ?? e.content?.length ?? 0,
    kind: e.kind ?? "markdown",
    body: e.content ?? "",
  }));
}

/**
 * Paths whose file is new or whose body or description differs in `next`, besides those already
 * marked: a mark stays until the file is looked at (`seen`). `quiet` is a path the person just
 * wrote from the view: their own change is no news to them.
 */
export function changedPaths(prev: readonly MemoryFile[], next: readonly MemoryFile[], marked: readonly string[], quiet?: string): string[] {
  const before = new Map(prev.map((f) => [f.path, f]));
  const still = new Set(next.map((f) => f.path));
  const out = marked.filter((p) => still.has(p));
  for (const f of next) {
    if (f.path === quiet || out.includes(f.path)) continue;
    const old = before.get(f.path);
    if (!old || old.body !== f.body || old.description !== f.description) out.push(f.path);
  }
  return out;
}

/** 1234 -> "1.2k chars"; the server's size is the body's length in characters. */
export function sizeWords(size: number): string {
  if (size < 1000) return `${size} chars`;
  if (size < 1_000_000) return `${(size / 1000).toFixed(size < 10_000 ? 1 : 0)}k chars`;
  return `${(size / 1_000_000).toFixed(1)}M chars`;
}
