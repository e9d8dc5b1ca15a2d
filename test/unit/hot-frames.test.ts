import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KnownDeltaSchema, parseDelta } from "../../src/protocol/deltas.js";
import { KnownFrameSchema } from "../../src/protocol/frames.js";
import { fastFrame, hotKeyNames, isExactDelta } from "../../src/protocol/hotFrames.js";
import { MAX_DEPTH } from "../../src/protocol/depth.js";
import { readFrame } from "../../src/protocol/parse.js";
import { loadRecording, recordingNames } from "./recordings.js";

// The fast path (hotFrames.ts) may only ever say yes to what the full zod schema says yes to,
// and the frame it hands on must be exactly what zod would have returned.

const recorded: Record<string, unknown>[] = recordingNames().flatMap((name) =>
  loadRecording(name)
    .filter((l) => l.dir === "recv" && l.frame)
    .map((l) => l.frame!),
);
const hotChunk = recorded.find((f) => (f.delta as { message_type?: unknown } | undefined)?.message_type === "assistant_message")!;
const reasoningChunk = { ...hotChunk, delta: { ...(hotChunk.delta as object), message_type: "reasoning_message", content: undefined, reasoning: "hm " } };
const bases = [...recorded, JSON.parse(JSON.stringify(reasoningChunk)) as Record<string, unknown>];

function depth(value: unknown): number {
  return typeof value === "object" && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0;
}

/** Every path to an object or array inside `value` (the root included). */
function containers(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const out = [at];
  for (const [k, v] of Object.entries(value)) out.push(...containers(v, [...at, Array.isArray(value) ? Number(k) : k]));
  return out;
}

const PROTO = "__PROTO_KEY__";
const key = fc.constantFrom("type", "text", "content", "reasoning", "message_type", "runtime", "delta", "event_seq", "id", "token", "apiKey", "Authorization", PROTO, "extra", "seq_id", "status");
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom("assistant_message", "reasoning_message", "stream_delta", "update_loop_status"));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(key, tie("node"), { maxKeys: 3 })),
})).node;
const mutation = fc.oneof(
  fc.record({ op: fc.constant("set" as const), pick: fc.nat(), key, value }),
  // On a key the frame has: the n-th of its container's keys.
  fc.record({ op: fc.constant("delete" as const), pick: fc.nat(), nth: fc.nat() }),
  fc.record({ op: fc.constant("replace" as const), pick: fc.nat(), nth: fc.nat(), value }),
  fc.record({ op: fc.constant("deep" as const), pick: fc.nat(), key, levels: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ op: fc.constant("infinite" as const), pick: fc.nat(), key }),
);

/** A recorded frame changed by a few random edits, as the text a socket would carry. */
const frameText = fc.tuple(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { maxLength: 3 })).map(([i, edits]) => {
  const frame = structuredClone(bases[i]!) as Record<string, unknown>;
  let infinite = false;
  for (const edit of edits) {
    const paths = containers(frame);
    const path = paths[edit.pick % paths.length]!;
    let node = frame as Record<string | number, unknown>;
    for (const p of path) node = node[p] as Record<string | number, unknown>;
    if (edit.op === "delete" || edit.op === "replace") {
      const own = Object.keys(node);
      if (own.length === 0) continue;
      const victim = own[edit.nth % own.length]!;
      if (edit.op === "replace") node[victim] = edit.value;
      else if (Array.isArray(node)) node.splice(Number(victim), 1);
      else delete node[victim];
      continue;
    }
    const k = Array.isArray(node) ? Math.min(Number.isNaN(Number(edit.key)) ? 0 : Number(edit.key), node.length) : edit.key;
    if (edit.op === "set") node[k] = edit.value;
    else if (edit.op === "deep") node[k] = JSON.parse(`${"[".repeat(edit.levels)}1${"]".repeat(edit.levels)}`);
    else {
      node[k] = "__INFINITE__";
      infinite = true;
    }
  }
  let text = JSON.stringify(frame).replaceAll(`"${PROTO}"`, '"__proto__"');
  if (infinite) text = text.replaceAll('"__INFINITE__"', "1e400");
  return text;
});

describe("the fast path for frames", () => {
  it("takes the text chunks of a reply, the status snapshots and most recorded frames", () => {
    const verdicts = recorded.map((f) => fastFrame(structuredClone(f)));
    expect(fastFrame(structuredClone(hotChunk))).toBe("known-keys");
    expect(fastFrame(JSON.parse(JSON.stringify(reasoningChunk)) as Record<string, unknown>)).toBe("known-keys");
    expect(recorded.filter((f) => f.type === "update_loop_status").every((f) => fastFrame(structuredClone(f)) === "exact")).toBe(true);
    expect(verdicts.filter(Boolean).length / verdicts.length).toBeGreaterThan(0.8);
  });

  it("accepts only what the full schema accepts, and hands on exactly what it returns", () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const obj = JSON.parse(text) as Record<string, unknown>;
        const verdict = fastFrame(obj);
        if (!verdict) return;
        // The fast path left the object as it came: compare with zod on a fresh parse of the text.
        expect(obj).toStrictEqual(JSON.parse(text));
        const full = KnownFrameSchema.safeParse(JSON.parse(text));
        expect(full.success).toBe(true);
        expect(obj).toStrictEqual(full.data);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with the full schema when any one value of a recorded frame is changed", () => {
    // Exhaustive where the random edits are thin: every leaf of one frame of each shape (its
    // set of key paths), so nested parts like diff previews are reached too.
    const leaves = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      typeof v === "object" && v !== null ? Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, Array.isArray(v) ? Number(k) : k])) : [at];
    const shapes = new Set<string>();
    const sample = bases.filter((f) => {
      const shape = [...new Set(leaves(f).map((p) => p.filter((x) => typeof x === "string").join(".")))].sort().join(",");
      if (shapes.has(shape)) return false;
      shapes.add(shape);
      return true;
    });
    let checked = 0;
    for (const base of sample) {
      for (const path of leaves(base)) {
        for (const replacement of ["bogus", null, 7, true, [], {}]) {
          const frame = structuredClone(base);
          let node = frame as Record<string | number, unknown>;
          for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
          node[path.at(-1)!] = replacement;
          if (!fastFrame(frame)) continue;
          checked++;
          const full = KnownFrameSchema.safeParse(structuredClone(frame));
          expect(full.success, `${JSON.stringify(path)} = ${JSON.stringify(replacement)} in ${String(base.type)}`).toBe(true);
          expect(frame).toStrictEqual(full.data);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("gives readFrame the same result as the full parse, for every frame it takes or not", () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const { parsed } = readFrame(text);
        const full = KnownFrameSchema.safeParse(JSON.parse(text));
        if (parsed.kind === "frame" && !parsed.cut) expect(parsed.frame).toStrictEqual(full.data);
        // A frame zod takes is never refused by the fast path, and a deep one is still cut.
        if (full.success && parsed.kind !== "frame") expect.unreachable(`refused: ${text}`);
        if (parsed.kind === "frame" && depth(JSON.parse(text)) > MAX_DEPTH) expect(parsed.cut).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it("says known-keys only for a frame whose every key is a name the hot schemas use", () => {
    const names = hotKeyNames();
    const keysOf = (v: unknown): string[] =>
      typeof v === "object" && v !== null ? Object.entries(v).flatMap(([k, x]) => [...(Array.isArray(v) ? [] : [k]), ...keysOf(x)]) : [];
    fc.assert(
      fc.property(frameText, (text) => {
        const { keysKnown, parsed } = readFrame(text);
        if (!keysKnown) return;
        expect(parsed.kind).toBe("frame");
        for (const k of keysOf(JSON.parse(text))) expect(names.has(k), k).toBe(true);
      }),
      { numRuns: 1500 },
    );
    // None of those names is one the transport log redacts by key.
    for (const name of names) expect(name.toLowerCase().replace(/[-_]/g, "")).not.toMatch(/^(authorization|token|apikey|password)$/);
  });
});

describe("the fast path for deltas", () => {
  it("accepts only what KnownDeltaSchema accepts, exactly as it returns it", () => {
    const deltaText = frameText.map((t) => JSON.stringify((JSON.parse(t) as { delta?: unknown }).delta ?? null));
    fc.assert(
      fc.property(deltaText, (text) => {
        const raw: unknown = JSON.parse(text);
        if (!isExactDelta(raw)) return;
        const full = KnownDeltaSchema.safeParse(JSON.parse(text));
        expect(full.success).toBe(true);
        expect(raw).toStrictEqual(full.data);
        expect(parseDelta(raw)).toBe(raw);
      }),
      { numRuns: 3000 },
    );
  });
});
