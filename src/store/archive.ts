import type { ArchiveChunk, Transcript, TranscriptItem } from "./state.js";
import { EMPTY_INDEX, indexAdd, indexGet, type KeyIndex } from "./keyIndex.js";

export { EMPTY_TRANSCRIPT, type ArchiveChunk } from "./state.js";

// The transcript is an archive of finished items plus a short live tail. Finished items never
// change, so they are stored in fixed-size chunks: appending copies one chunk (at most
// CHUNK_SIZE items) instead of the whole history, which keeps the cost of a streamed delta flat
// however long the session gets (see bench/reducer-scale.mjs).

export const CHUNK_SIZE = 256;


/** Where `key` is in the archive: chunk and item, read from the index in O(1). */
function locate(t: Transcript, key: string): TranscriptItem | undefined {
  if (t.archive.length === 0) return undefined;
  if (!t.index) {
    // Built by hand (tests): no index to read, so the chunks are scanned, newest first.
    for (let i = t.archive.length - 1; i >= 0; i--) {
      const found = t.archive[i]!.items.find((it) => it.key === key);
      if (found) return found;
    }
    return undefined;
  }
  const at = indexGet(t.index, key);
  if (at === undefined) return undefined;
  // Every chunk but the last is full (append), so a position is a chunk and an offset.
  return t.archive[Math.floor(at / CHUNK_SIZE)]?.items[at % CHUNK_SIZE];
}

/** The position of an archived key (0: the oldest item), if it is archived. */
export function archivedAt(t: Transcript, key: string): number | undefined {
  if (t.index) return indexGet(t.index, key);
  const at = allItems(t).findIndex((it, i) => i < t.archived && it.key === key);
  return at === -1 ? undefined : at;
}

export function archiveHas(t: Transcript, key: string): boolean {
  return locate(t, key) !== undefined;
}

/** A live item by key, or a finished one (read-only). */
export function lookup(t: Transcript, key: string): TranscriptItem | undefined {
  return t.items[key] ?? locate(t, key);
}

export function hasKey(t: Transcript, key: string): boolean {
  return t.items[key] !== undefined || archiveHas(t, key);
}

function append(archive: readonly ArchiveChunk[], moved: readonly TranscriptItem[]): ArchiveChunk[] {
  const chunks = archive.slice();
  let rest = moved;
  const last = chunks.at(-1);
  if (last && last.items.length < CHUNK_SIZE) {
    const room = CHUNK_SIZE - last.items.length;
    const fill = rest.slice(0, room);
    rest = rest.slice(room);
    chunks[chunks.length - 1] = { items: [...last.items, ...fill] };
  }
  for (let i = 0; i < rest.length; i += CHUNK_SIZE) chunks.push({ items: rest.slice(i, i + CHUNK_SIZE) });
  return chunks;
}

/** The index of `t`'s archive with `moved` appended at its end (built whole if `t` had none). */
function extendIndex(t: Transcript, moved: readonly TranscriptItem[]): KeyIndex {
  const from = t.index ? t.archived : 0;
  const added = t.index ? moved : [...archivedFrom(t, 0), ...moved];
  return indexAdd(t.index ?? EMPTY_INDEX, added.map((it, i) => [it.key, from + i] as const));
}

/** Move the finished prefix of the live tail into the archive, where the view prints it once. */
export function settle(t: Transcript): Transcript {
  let n = 0;
  while (n < t.order.length && t.items[t.order[n]!]!.done) n++;
  if (n === 0) return t;
  const moved = t.order.slice(0, n).map((k) => t.items[k]!);
  const items = { ...t.items };
  for (const it of moved) delete items[it.key];
  return { ...t, archive: append(t.archive, moved), index: extendIndex(t, moved), archived: t.archived + n, order: t.order.slice(n), items };
}

/** Finished items from index `from` on, oldest first: what the view has not printed yet. */
export function archivedFrom(t: Transcript, from: number): TranscriptItem[] {
  const out: TranscriptItem[] = [];
  let offset = 0;
  for (const chunk of t.archive) {
    const end = offset + chunk.items.length;
    if (end > from) out.push(...chunk.items.slice(Math.max(0, from - offset)));
    offset = end;
  }
  return out;
}

/** Every item, finished then live, oldest first (tests and history; O(n)). */
export function allItems(t: Transcript): TranscriptItem[] {
  return [...archivedFrom(t, 0), ...t.order.map((k) => t.items[k]!)];
}

export function liveItems(t: Transcript): TranscriptItem[] {
  return t.order.map((k) => t.items[k]!);
}

/** How many corrected items Transcript.revised keeps for the view to print again. */
export const REVISED_LIMIT = 64;

/**
 * Replace archived items by key (the server's history corrected them after a gap). Only the
 * chunks that hold one are copied; each replaced item is listed in `revised`, so the view,
 * which printed the old version for good, can print the new one after it.
 */
export function amendArchive(t: Transcript, changed: readonly TranscriptItem[]): Transcript {
  if (changed.length === 0) return t;
  const archive = t.archive.slice();
  const copied = new Set<number>();
  for (const it of changed) {
    const at = archivedAt(t, it.key);
    if (at === undefined) continue;
    const c = Math.floor(at / CHUNK_SIZE);
    // Each chunk holding a changed item is copied once, however many it holds.
    const items = copied.has(c) ? (archive[c]!.items as TranscriptItem[]) : archive[c]!.items.slice();
    copied.add(c);
    items[at % CHUNK_SIZE] = it;
    archive[c] = { items };
  }
  const revised = [...(t.revised ?? []), ...changed].slice(-REVISED_LIMIT);
  return { ...t, archive, revised, revisedCount: (t.revisedCount ?? 0) + changed.length };
}
