// Where each archived key is: its position in the archive, found in O(1) however long the
// transcript. A persistent two-level hash table: adding a key copies the root (256 slots), one
// node (256 slots) and one small bucket, never the whole index, so states before and after an
// append share all the rest (the reducer keeps every state immutable).

const FANOUT = 256;

/** Buckets: [key, position, key, position, …] of keys whose hashes share both levels. */
type Bucket = readonly (string | number)[];
type Node = readonly (Bucket | undefined)[];

export interface KeyIndex {
  readonly root: readonly (Node | undefined)[];
  readonly size: number;
}

export const EMPTY_INDEX: KeyIndex = { root: [], size: 0 };

/** FNV-1a, 32 bits: keys are short ids, so hashing them costs less than one Set lookup chain. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The position recorded for `key`, if any. */
export function indexGet(index: KeyIndex, key: string): number | undefined {
  const h = hash(key);
  const bucket = index.root[h & 0xff]?.[(h >>> 8) & 0xff];
  if (!bucket) return undefined;
  for (let i = 0; i < bucket.length; i += 2) if (bucket[i] === key) return bucket[i + 1] as number;
  return undefined;
}

/**
 * `index` with each key recorded at its position (a key already there moves). The root and each
 * node touched are copied once per call, however many keys land in them.
 */
export function indexAdd(index: KeyIndex, entries: Iterable<readonly [string, number]>): KeyIndex {
  const root = index.root.slice();
  if (root.length < FANOUT) root.length = FANOUT;
  const copied = new Set<Node>();
  let size = index.size;
  for (const [key, position] of entries) {
    const h = hash(key);
    const hi = h & 0xff;
    const lo = (h >>> 8) & 0xff;
    let node = root[hi];
    if (!node || !copied.has(node)) {
      const fresh: (Bucket | undefined)[] = node ? node.slice() : new Array<Bucket | undefined>(FANOUT);
      copied.add(fresh);
      root[hi] = node = fresh;
    }
    const bucket = node[lo] ?? [];
    const at = bucket.findIndex((v, i) => i % 2 === 0 && v === key);
    const next = bucket.slice();
    if (at === -1) {
      next.push(key, position);
      size++;
    } else next[at + 1] = position;
    (node as (Bucket | undefined)[])[lo] = next;
  }
  return { root, size };
}
