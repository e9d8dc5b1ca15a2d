import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { parseFrame } from "../../src/protocol/parse.js";
import { reduce } from "../../src/store/reducer.js";
import { DEBUG_LOG_LIMIT, type AppState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";
import { messageText } from "../../src/transport/intake.js";
import { App } from "../../src/ui/App.js";
import { jsonArb, mutate, SESSIONS } from "./arbitraries.js";
import { fakeActions } from "./ui-harness.js";

// 100 000 frames as the socket hands them over (bytes, decoded as the client decodes them):
// recorded ones, mutated ones, nested thousands of levels deep, megabytes long, with invalid
// UTF-8, cut short, with fields of the wrong type. All of them go through parse and reduce on
// one state, as one long session would, and every SAMPLE_EVERY-th state through the real <App>.
// Nothing may throw, and what the state holds after it all stays bounded.

const FRAMES = 100_000;
const SAMPLE_EVERY = 1_000;
const BATCH = 1_000;
const SEED = 20_261_206;
/**
 * Heap growth after a full GC, all frames done: the session's history grows by a few hundred
 * bytes per frame (notices for unknown deltas, tool rows), never by the size of a frame.
 */
const HEAP_GROWTH_MB = 150;

type Frame = Record<string, unknown>;

const session = SESSIONS.reduce((a, b) => (b.frames.length > a.frames.length ? b : a));
const real: Frame[] = SESSIONS.flatMap((s) => s.frames);
const scope = session.scopes[0]!;

/** A recorded frame's JSON with `insert` spliced in as one more field of its delta (or itself). */
function spliced(frame: Frame, insert: string): string {
  const text = JSON.stringify(frame);
  const at = text.indexOf('"delta":{');
  return at === -1 ? `${text.slice(0, -1)},"x":${insert}}` : `${text.slice(0, at + 9)}"x":${insert},${text.slice(at + 9)}`;
}

const deep = (levels: number, open: "[" | "{") => (open === "[" ? "[".repeat(levels) + "]".repeat(levels) : '{"a":'.repeat(levels) + "1" + "}".repeat(levels));

/** One socket message, as bytes: what the server might send. */
const messageArb: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 200, arbitrary: fc.constantFrom(...real).map((f) => Buffer.from(JSON.stringify(f))) },
  {
    weight: 400,
    arbitrary: fc
      .tuple(fc.constantFrom(...real), fc.nat(), fc.option(jsonArb(session.ids, { prototypeNames: true }), { nil: undefined, freq: 4 }))
      .map(([f, which, by]) => Buffer.from(JSON.stringify(mutate(f, which, by)))),
  },
  {
    weight: 80,
    arbitrary: fc
      .tuple(fc.constantFrom(...real), fc.integer({ min: 100, max: 20_000 }), fc.constantFrom("[" as const, "{" as const), fc.boolean())
      // Half of them with a delta type nobody knows: unknown deltas are written to the debug log.
      .map(([f, levels, open, unknown]) => {
        const text = spliced(f, deep(levels, open));
        return Buffer.from(unknown ? text.replace('"message_type":"', '"message_type":"x_') : text);
      }),
  },
  {
    weight: 80,
    // Cut short anywhere: the tail of a frame a proxy or a crash lost.
    arbitrary: fc.tuple(fc.constantFrom(...real), fc.nat()).map(([f, at]) => {
      const b = Buffer.from(JSON.stringify(f));
      return b.subarray(0, at % Math.max(1, b.length));
    }),
  },
  {
    weight: 80,
    // Bytes that are not UTF-8 (lone continuation bytes, overlongs, surrogates) in a real frame.
    arbitrary: fc
      .tuple(fc.constantFrom(...real), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([f, at, bytes]) => {
        const b = Buffer.from(JSON.stringify(f));
        const i = at % Math.max(1, b.length);
        return Buffer.concat([b.subarray(0, i), Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xff]), Buffer.from(bytes), b.subarray(i)]);
      }),
  },
  {
    weight: 80,
    // A wrong type for one field of a recorded frame: numbers, arrays, objects, null.
    arbitrary: fc
      .tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom<unknown>(42, -1, 1e308, [], [1, [2]], {}, { a: {} }, null, true, "", "\u001b[2J"))
      .map(([f, which, by]) => Buffer.from(JSON.stringify(mutate(f, which, by as never)))),
  },
  {
    weight: 1,
    // Huge strings (about one frame in a thousand): a reply, a tool output, an unknown type, up to 3 MB each.
    arbitrary: fc
      .tuple(fc.integer({ min: 100_000, max: 3_000_000 }), fc.constantFrom("assistant_message", "tool_return_message", "mystery"), fc.string({ minLength: 1, maxLength: 4 }))
      .map(([size, kind, unit]) => {
        const big = unit.repeat(Math.ceil(size / unit.length));
        const delta =
          kind === "assistant_message"
            ? { message_type: kind, id: "huge", content: big }
            : kind === "tool_return_message"
              ? { message_type: kind, id: "huge-r", tool_call_id: "huge-t", status: "success", tool_return: big }
              : { message_type: big.slice(0, 100_000), id: "m" };
        return Buffer.from(JSON.stringify({ type: "stream_delta", runtime: scope, event_seq: 1, delta }));
      }),
  },
);

function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** Draw `state` through the real App once, as the screen would show it. */
function draw(state: AppState): string {
  const ui = render(<App store={createStore(state)} actions={fakeActions()} />);
  const frame = ui.lastFrame() ?? "";
  ui.unmount();
  return frame;
}

describe("fuzzed frames", () => {
  it(`${FRAMES} fuzzed frames through parse, reduce and (a sample) render: nothing throws, memory stays bounded`, { timeout: 600_000 }, () => {
    console.log(`fuzz-frames: seed ${SEED}, ${FRAMES} frames, every ${SAMPLE_EVERY}th state drawn`);
    let state = session.states.at(-1)!;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const counts = { frame: 0, unknown: 0, malformed: 0, drawn: 0 };
    for (let batch = 0; batch < FRAMES / BATCH; batch++) {
      const messages = fc.sample(messageArb, { seed: SEED + batch, numRuns: BATCH });
      for (let i = 0; i < messages.length; i++) {
        const parsed = parseFrame(messageText(messages[i]!, false)!);
        counts[parsed.kind]++;
        state = reduce(state, { type: "frame", parsed });
        if ((batch * BATCH + i) % SAMPLE_EVERY === 0) {
          draw(state);
          counts.drawn++;
        }
      }
    }
    gc();
    const heapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
    console.log(`fuzz-frames: ${JSON.stringify(counts)}; heap growth after GC ${heapMb} MB`);
    expect(counts.frame + counts.unknown + counts.malformed).toBe(FRAMES);
    // Every kind of input was really tried.
    expect(Math.min(counts.frame, counts.unknown, counts.malformed)).toBeGreaterThan(1000);
    expect(state.debug.length).toBeLessThanOrEqual(DEBUG_LOG_LIMIT);
    expect(draw(state)).toContain("Message the agent");
    expect(heapMb).toBeLessThan(HEAP_GROWTH_MB);
  });
});
