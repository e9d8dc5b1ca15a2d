import { afterEach, describe, expect, it, vi } from "vitest";
import { parseFrame, type ParsedFrame } from "../../src/protocol/parse.js";
import { SeqMerger, eventSeqOf, type MergeAnomaly, type SeqMergerOptions } from "../../src/transport/merge.js";

const runtime = { agent_id: "agent-1", conversation_id: "conv-1" };

/** A manual clock: timers fire only inside advance(), in deadline order. */
function fakeClock() {
  let t = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++nextId, { at: t + ms, fn });
      return nextId;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    pending: () => timers.size,
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= end && (!due || e[1].at < due[1].at)) due = e;
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
      }
      t = end;
    },
  };
}

function ev(seq: number, key = `update_loop_status:${seq}:k`): ParsedFrame {
  return parseFrame(
    JSON.stringify({ type: "update_loop_status", runtime, event_seq: seq, emitted_at: "t", idempotency_key: key, loop_status: { status: "WAITING_ON_INPUT" } }),
  );
}
const resp = (id: string) => parseFrame(JSON.stringify({ type: "runtime_start_response", request_id: id, success: true, runtime }));

function label(f: ParsedFrame): string {
  if (f.kind === "malformed") return "malformed";
  const raw = (f.kind === "frame" ? f.frame : f.raw) as Record<string, unknown>;
  return String(raw.request_id ?? raw.type);
}

function setup(opts: SeqMergerOptions = {}) {
  const clock = fakeClock();
  const out: ParsedFrame[] = [];
  const anomalies: MergeAnomaly[] = [];
  const m = new SeqMerger((f) => out.push(f), { ...clock, onAnomaly: (a) => anomalies.push(a), ...opts });
  /** What came out: seq numbers, else request_id, else the frame type (or "malformed"). */
  const released = () => out.map((f) => eventSeqOf(f) ?? label(f));
  return { m, clock, released, anomalies };
}

describe("SeqMerger", () => {
  it("passes frames that are already in order straight through, with no timer", () => {
    const { m, clock, released } = setup();
    for (const s of [1, 2, 3]) m.push(ev(s));
    expect(released()).toEqual([1, 2, 3]);
    expect(m.heldCount).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("joins mid-stream: holds the first frames once, then starts from the lowest seen", () => {
    const { m, clock, released, anomalies } = setup();
    m.push(ev(43));
    m.push(ev(41));
    clock.advance(100);
    m.push(ev(42));
    expect(released()).toEqual([]);
    clock.advance(50);
    expect(released()).toEqual([41, 42, 43]);
    m.push(ev(44));
    expect(released()).toEqual([41, 42, 43, 44]);
    expect(anomalies).toEqual([]);
  });

  it("lets the counter's first number start the sequence even if a later one arrived first", () => {
    const { m, clock, released } = setup();
    m.push(ev(4)); // e.g. a control_request that overtook the replay on the stream socket
    m.push(ev(1));
    expect(released()).toEqual([1]);
    m.push(ev(2));
    m.push(ev(3));
    expect(released()).toEqual([1, 2, 3, 4]);
    expect(clock.pending()).toBe(0);
  });

  it("restores emission order from two sockets that each see gaps", () => {
    const { m, released, anomalies } = setup();
    // Emission 1..9; control carries 4 and 8, stream the rest, and control runs ahead.
    const arrival = [1, 2, 4, 3, 8, 5, 6, 7, 9];
    const seen: number[][] = [];
    for (const s of arrival) {
      m.push(ev(s));
      seen.push(released() as number[]);
    }
    expect(released()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen[2]).toEqual([1, 2]); // 4 is held until 3 shows up
    expect(seen[4]).toEqual([1, 2, 3, 4]); // 8 is held
    expect(anomalies).toEqual([]);
  });

  it("gives up on a gap that never fills after holdMs, then releases late frames at once", () => {
    const { m, clock, released, anomalies } = setup();
    m.push(ev(1));
    m.push(ev(3));
    m.push(ev(4));
    clock.advance(149);
    expect(released()).toEqual([1]);
    clock.advance(1);
    expect(released()).toEqual([1, 3, 4]);
    expect(anomalies).toEqual([{ kind: "gap", from: 2, to: 2 }]);
    expect(clock.pending()).toBe(0);
    m.push(ev(2)); // the lost frame finally arrives: late, but not lost
    m.push(ev(5));
    expect(released()).toEqual([1, 3, 4, 2, 5]);
    expect(anomalies[1]).toEqual({ kind: "late", seq: 2, expected: 5 });
  });

  it("measures the hold from each frame's own arrival", () => {
    const { m, clock, released } = setup({ holdMs: 100 });
    m.push(ev(1));
    m.push(ev(3));
    clock.advance(60);
    m.push(ev(5));
    clock.advance(40); // 3 has waited 100 ms, 5 only 40
    expect(released()).toEqual([1, 3]);
    clock.advance(59);
    expect(released()).toEqual([1, 3]);
    clock.advance(1);
    expect(released()).toEqual([1, 3, 5]);
  });

  it("releases a long-waiting frame together with the lower numbers that arrived after it", () => {
    const { m, clock, released } = setup({ holdMs: 100 });
    m.push(ev(1));
    m.push(ev(5));
    clock.advance(50);
    m.push(ev(3)); // lower than 5 but younger: it must not be overtaken by 5
    clock.advance(50);
    expect(released()).toEqual([1, 3, 5]);
  });

  it("never delays direct responses, malformed text or unsequenced frames", () => {
    const { m, released } = setup();
    m.push(ev(1));
    m.push(ev(3));
    m.push(resp("rs-1"));
    m.push(parseFrame("{oops"));
    m.push(parseFrame(JSON.stringify({ type: "skills_updated" })));
    expect(released()).toEqual([1, "rs-1", "malformed", "skills_updated"]);
    m.push(ev(2));
    expect(released()).toEqual([1, "rs-1", "malformed", "skills_updated", 2, 3]);
  });

  it("orders unknown enveloped frame types too, since they use up numbers", () => {
    const { m, released } = setup();
    m.push(ev(1));
    m.push(ev(3));
    m.push(parseFrame(JSON.stringify({ type: "memory_updated", runtime, event_seq: 2, idempotency_key: "m:2" })));
    expect(released()).toEqual([1, 2, 3]);
  });

  it("drops an exact duplicate (same idempotency_key) but keeps a distinct frame", () => {
    const { m, released, anomalies } = setup();
    m.push(ev(1, "a"));
    m.push(ev(3, "c"));
    m.push(ev(3, "c")); // same emission twice while held
    m.push(ev(1, "a")); // same emission twice after release
    m.push(ev(2, "b"));
    expect(released()).toEqual([1, 2, 3]);
    expect(anomalies.map((a) => a.kind)).toEqual(["duplicate", "duplicate"]);
    m.push(ev(3, "c-other")); // a different frame claiming a passed number
    expect(released()).toEqual([1, 2, 3, 3]);
  });

  it("bounds memory: past maxHeld it gives up the lowest gap without waiting", () => {
    const { m, released, anomalies } = setup({ maxHeld: 3 });
    m.push(ev(1));
    for (const s of [3, 4, 6]) m.push(ev(s));
    expect(released()).toEqual([1]);
    m.push(ev(7));
    expect(released()).toEqual([1, 3, 4]);
    expect(anomalies).toEqual([{ kind: "overflow", held: 4 }, { kind: "gap", from: 2, to: 2 }]);
    expect(m.heldCount).toBe(2);
  });

  it("holds at most 1000 frames by default", () => {
    const { m, released } = setup();
    m.push(ev(1));
    for (let s = 3; s <= 1003; s++) m.push(ev(s));
    expect(m.heldCount).toBe(0);
    expect(released()).toEqual([1, ...Array.from({ length: 1001 }, (_, i) => i + 3)]);
  });

  it("flush releases everything in order and keeps the expectation", () => {
    const { m, clock, released } = setup();
    m.push(ev(1));
    m.push(ev(5));
    m.push(ev(3));
    m.flush();
    expect(released()).toEqual([1, 3, 5]);
    expect(clock.pending()).toBe(0);
    m.push(ev(6));
    expect(released()).toEqual([1, 3, 5, 6]);
  });

  it("reset flushes held frames and lets the next frame set a new expectation", () => {
    const { m, clock, released, anomalies } = setup();
    m.push(ev(10));
    m.push(ev(12));
    m.reset();
    expect(released()).toEqual([10, 12]);
    expect(m.expectedSeq).toBeUndefined();
    m.push(ev(1, "new-1")); // a fresh runtime counts from the start again
    m.push(ev(2, "new-2"));
    expect(released()).toEqual([10, 12, 1, 2]);
    expect(anomalies.filter((a) => a.kind === "late")).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it("dispose drops held frames, cancels the timer and ignores later frames", () => {
    const { m, clock, released } = setup();
    m.push(ev(1));
    m.push(ev(3));
    m.dispose();
    expect(clock.pending()).toBe(0);
    clock.advance(1000);
    m.push(ev(2));
    m.push(resp("late"));
    expect(released()).toEqual([1]);
  });
});

describe("SeqMerger with its default timers", () => {
  afterEach(() => void vi.useRealTimers());

  it("uses setTimeout and performance.now", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const out: ParsedFrame[] = [];
    const m = new SeqMerger((f) => out.push(f), { holdMs: 50 });
    m.push(ev(1));
    m.push(ev(3));
    vi.advanceTimersByTime(49);
    expect(out.map(eventSeqOf)).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(out.map(eventSeqOf)).toEqual([1, 3]);
  });
});
