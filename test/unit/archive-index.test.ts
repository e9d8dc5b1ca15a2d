import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, allItems, amendArchive, archiveHas, hasKey, lookup, settle } from "../../src/store/archive.js";
import { EMPTY_TRANSCRIPT, type Transcript, type TranscriptItem } from "../../src/store/state.js";
import { deepFreeze } from "./arbitraries.js";

// Issue 13: a key is found in the archive through an index, not by scanning every chunk. The
// index must agree with the plain scan whatever was appended, settled in batches or amended.

const item = (key: string, text = key, done = true): TranscriptItem => ({ kind: "notice", key, level: "info", text, done });

/** The answer the index must give: every item, archive then live, read one by one. */
function scan(t: Transcript, key: string): TranscriptItem | undefined {
  return allItems(t).find((it) => it.key === key);
}

/** `t` with `items` added to its live tail, all or some finished, then settled. */
function add(t: Transcript, items: readonly TranscriptItem[]): Transcript {
  const order = [...t.order, ...items.map((it) => it.key)];
  const byKey = { ...t.items, ...Object.fromEntries(items.map((it) => [it.key, it])) };
  return settle({ ...t, order, items: byKey });
}

type Op = { kind: "append"; count: number; open: boolean } | { kind: "finish" } | { kind: "amend"; picks: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  // Batches past one chunk and odd sizes, so chunks fill unevenly before a history load.
  fc.record({ kind: fc.constant("append" as const), count: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 * CHUNK_SIZE + 3 })), open: fc.boolean() }),
  fc.record({ kind: fc.constant("finish" as const) }),
  fc.record({ kind: fc.constant("amend" as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }) }),
);

describe("archive key index", () => {
  it("finds exactly what a scan of every item finds, after random appends, settles and amends", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.array(fc.nat(), { minLength: 10, maxLength: 30 }), (ops, probes) => {
        let t: Transcript = EMPTY_TRANSCRIPT;
        let next = 0;
        for (const o of ops) {
          if (o.kind === "append") {
            // The last one left open keeps the tail (and what follows it) out of the archive.
            const batch = Array.from({ length: o.count }, (_, i) => item(`k${next++}`, "", !(o.open && i === o.count - 1)));
            t = deepFreeze(add(t, batch));
          } else if (o.kind === "finish") {
            t = deepFreeze(settle({ ...t, items: Object.fromEntries(Object.entries(t.items).map(([k, it]) => [k, { ...it, done: true }])) }));
          } else if (t.archived > 0) {
            const archived = allItems(t).slice(0, t.archived);
            const changed = [...new Set(o.picks.map((p) => archived[p % archived.length]!))].map((it) => ({ ...it, text: `${it.key} corrected` }));
            t = deepFreeze(amendArchive(t, changed));
          }
        }
        // Keys that exist (archived or live) and keys that never did.
        const keys = [...probes.map((p) => `k${p % Math.max(1, next)}`), ...probes.map((p) => `k${next + p}`), "", "user:k1"];
        for (const key of keys) {
          const want = scan(t, key);
          expect(lookup(t, key)).toBe(want);
          expect(hasKey(t, key)).toBe(want !== undefined);
          expect(archiveHas(t, key)).toBe(want !== undefined && t.items[key] === undefined);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("indexes an archive built without one the first time it grows", () => {
    // A transcript assembled by hand (as some tests do) has chunks but no index.
    const first = Array.from({ length: CHUNK_SIZE }, (_, i) => item(`h${i}`));
    const byHand: Transcript = { archive: [{ items: first }], archived: CHUNK_SIZE, order: [], items: {} };
    expect(lookup(byHand, "h7")).toBe(first[7]);
    const grown = add(byHand, [item("new")]);
    expect(grown.index).toBeDefined();
    for (const key of ["h0", "h7", `h${CHUNK_SIZE - 1}`, "new"]) expect(lookup(grown, key)?.key).toBe(key);
    expect(hasKey(grown, "missing")).toBe(false);
  });

  it("shares the index between states: growing one never changes what an older state finds", () => {
    const a = deepFreeze(add(EMPTY_TRANSCRIPT, Array.from({ length: 300 }, (_, i) => item(`a${i}`))));
    const b = add(a, [item("b")]);
    const c = add(a, [item("c")]);
    expect(hasKey(a, "b") || hasKey(a, "c")).toBe(false);
    expect([hasKey(b, "b"), hasKey(b, "c"), hasKey(c, "c"), hasKey(c, "b")]).toEqual([true, false, true, false]);
    expect(lookup(b, "b")).toBe(b.archive.at(-1)!.items.at(-1));
  });
});
