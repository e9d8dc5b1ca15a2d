import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allItems } from "../../src/store/archive.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState } from "../../src/store/state.js";
import { MAX_REPLAY_WAIT_MS, readTransportLog, schedule, type ReplayClock, type ReplayRecord } from "../../src/transport/replayLog.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "logs", "approve.ndjson");
const RUNTIME = { agent_id: "agent-1", conversation_id: "conv-1" };
const T0 = Date.parse("2026-11-21T06:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const line = (ms: number, rest: Record<string, unknown>) => JSON.stringify({ t: at(ms), ...rest });
const eventsOf = (...lines: string[]) => readTransportLog(lines.join("\n")).records.map((r) => r.event);

describe("readTransportLog on a real session log", () => {
  const { records, skipped } = readTransportLog(readFileSync(FIXTURE, "utf8"));
  const events = records.map((r) => r.event);

  it("reads every line, with times relative to the first record and never going back", () => {
    expect(skipped).toBe(0);
    expect(records[0]?.at).toBe(0);
    expect(records.every((r, i) => i === 0 || r.at >= records[i - 1]!.at)).toBe(true);
    expect(events[0]).toMatchObject({ type: "connection", status: "connected", url: expect.stringMatching(/^ws:\/\//) });
    expect(events.at(-1)).toMatchObject({ type: "connection", status: "closed" });
  });

  it("turns our own sends into the local events the controller dispatched", () => {
    const sent = events.find((e) => e.type === "message_sent");
    expect(sent).toMatchObject({ text: "Please run it. [[bash:echo approved-by-replay > replayed.txt]]", scope: { conversation_id: "local-conv-1" } });
    const approval = events.find((e) => e.type === "approval_sent");
    expect(approval).toMatchObject({ behavior: "allow", approvalId: expect.stringMatching(/^perm-/) });
    expect(events.some((e) => e.type === "history")).toBe(true);
  });

  it("rebuilds the session's final state: the message, the tool that ran, the reply", () => {
    const state = events.reduce(reduce, initialState());
    const rt = state.runtimes[state.active!]!;
    const items = allItems(rt.transcript);
    expect(items.find((i) => i.kind === "user")).toMatchObject({ state: "started", done: true });
    expect(items.find((i) => i.kind === "tool")).toMatchObject({ name: "Bash", status: "success" });
    expect(items.find((i) => i.kind === "assistant")).toMatchObject({ text: "Tool finished. Result: (Command completed with no output)" });
    expect(rt.approvals.order).toEqual([]);
    expect(rt.pendingInputs).toEqual({});
    expect(state.debug).toEqual([]);
  });
});

describe("readTransportLog tolerance", () => {
  it("skips and counts lines that are not records, and still reads the rest", () => {
    const good = line(0, { dir: "recv", frame: { type: "app_server_info_response", request_id: "r1", success: true } });
    const text = [
      "not json",
      "[1,2]",
      "{}",
      JSON.stringify({ t: "yesterday", dir: "recv", frame: {} }),
      JSON.stringify({ t: at(0), dir: "sideways", frame: {} }),
      good.slice(0, 30), // a torn last write
      "",
      "   ",
      good,
    ].join("\n");
    const { records, skipped } = readTransportLog(text);
    expect(skipped).toBe(6);
    expect(records).toHaveLength(1);
    expect(records[0]?.event).toMatchObject({ type: "frame", parsed: { kind: "frame" } });
  });

  // The contract (readTransportLog's doc): blank lines are ignored, a line that is not a record
  // counts once in `skipped`, and a record plays as the events it converts to. Junk is mixed
  // with records that convert to exactly one event each, so every non-empty line must be
  // accounted for exactly once: junk in `skipped`, records as their events, in order.
  it("never throws, and counts every non-empty line exactly once, as skipped or as its record", () => {
    // Junk that cannot be a record: any text, or JSON that is not an object with both t and dir.
    const notRecord = (v: unknown) => !(typeof v === "object" && v !== null && "t" in v && "dir" in v);
    const junk = fc.oneof(fc.string(), fc.jsonValue().filter(notRecord).map((v) => JSON.stringify(v) ?? "null"));
    const blank = fc.constantFrom("", " ", "\t", "  \r");
    type Gen = { kind: "junk" | "blank"; text: string } | { kind: "record"; n: number };
    const gen: fc.Arbitrary<Gen> = fc.oneof(
      junk.map((text) => ({ kind: "junk" as const, text })),
      blank.map((text) => ({ kind: "blank" as const, text })),
      fc.nat(1000).map((n) => ({ kind: "record" as const, n })),
    );
    fc.assert(
      fc.property(fc.array(gen, { maxLength: 30 }), (gens) => {
        const text = gens.map((g, i) => (g.kind === "record" ? line(i, { dir: "recv", frame: { type: `mystery_${g.n}` } }) : g.text)).join("\n");
        const { records, skipped } = readTransportLog(text);
        const wanted = gens.flatMap((g) => (g.kind === "record" ? [`mystery_${g.n}`] : []));
        const nonEmpty = text.split("\n").filter((l) => l.trim()).length;
        expect(skipped).toBe(gens.filter((g) => g.kind === "junk" && g.text.trim()).length);
        expect(records.map((r) => (r.event.type === "frame" && r.event.parsed.kind === "unknown" ? r.event.parsed.type : "?"))).toEqual(wanted);
        expect(records.length + skipped).toBe(nonEmpty);
      }),
      { numRuns: 200 },
    );
  });

  it("a record with nothing to replay is neither skipped nor played", () => {
    const { records, skipped } = readTransportLog([line(0, { dir: "send" }), line(1, { dir: "event", name: "heartbeat_timeout" })].join("\n"));
    expect({ records, skipped }).toEqual({ records: [], skipped: 0 });
  });

  it("clamps a clock that stepped back to no delay", () => {
    const { records } = readTransportLog([line(1000, { dir: "event", name: "connect" }), line(0, { dir: "event", name: "close" })].join("\n"));
    expect(records.map((r) => r.at)).toEqual([0, 0]);
  });
});

describe("readTransportLog conversions", () => {
  it("passes raw text through the frame parser, so it reaches the debug view as it did live", () => {
    const [notJson, binary, truncated, whole] = eventsOf(
      line(0, { dir: "recv", raw: "not json", bytes: 8 }),
      line(1, { dir: "recv", raw: "(binary frame)", bytes: 14 }),
      line(2, { dir: "recv", raw: '{"type":"turn_fini', bytes: 2_000_000, truncated: true }),
      line(3, { dir: "recv", raw: '{"type":"brand_new_frame"}', bytes: 26 }),
    );
    expect(notJson).toMatchObject({ type: "frame", parsed: { kind: "malformed", sample: "not json" } });
    expect(binary).toEqual({ type: "frame", parsed: { kind: "malformed", error: "binary frame", sample: "" } });
    expect(truncated).toMatchObject({ type: "frame", parsed: { kind: "malformed" } });
    expect(whole).toMatchObject({ type: "frame", parsed: { kind: "unknown", type: "brand_new_frame" } });
  });

  it("turns sent messages and approval answers into message_sent and approval_sent", () => {
    const input = (request_id: string, payload: Record<string, unknown>) => line(0, { dir: "send", frame: { type: "input", request_id, runtime: RUNTIME, payload } });
    const events = eventsOf(
      input("in-1", { kind: "create_message", messages: [{ role: "user", content: "hello", client_message_id: "cm-1" }] }),
      input("in-2", {
        kind: "create_message",
        messages: [{ role: "user", content: [{ type: "text", text: "look" }, { type: "image", source: {} }], client_message_id: "cm-2" }],
      }),
      input("ap-1", { kind: "approval_response", request_id: "perm-a", decision: { behavior: "allow" } }),
      input("ap-2", { kind: "approval_response", request_id: "perm-b", decision: { behavior: "deny", message: "no" } }),
      input("ap-3", { kind: "approval_response", request_id: "perm-c", error: "tool failed" }),
    );
    expect(events).toEqual<StoreEvent[]>([
      { type: "message_sent", scope: RUNTIME, requestId: "in-1", clientMessageId: "cm-1", text: "hello" },
      { type: "message_sent", scope: RUNTIME, requestId: "in-2", clientMessageId: "cm-2", text: "look\n[image]" },
      { type: "approval_sent", scope: RUNTIME, requestId: "ap-1", approvalId: "perm-a", behavior: "allow" },
      { type: "approval_sent", scope: RUNTIME, requestId: "ap-2", approvalId: "perm-b", behavior: "deny" },
      // An answer without a decision is a deny on the server.
      { type: "approval_sent", scope: RUNTIME, requestId: "ap-3", approvalId: "perm-c", behavior: "deny" },
    ]);
  });

  it("ignores other sends, sent raw text, and inputs without a runtime", () => {
    expect(
      eventsOf(
        line(0, { dir: "send", frame: { type: "sync", request_id: "s1", runtime: RUNTIME } }),
        line(0, { dir: "send", raw: "ping", bytes: 4 }),
        line(0, { dir: "send", frame: { type: "input", request_id: "in-1", payload: { kind: "create_message", messages: [] } } }),
        line(0, { dir: "send", error: "frame could not be serialised" }),
      ),
    ).toEqual([]);
  });

  it("never shows a URL password from a log written before passwords were masked", () => {
    const events = eventsOf(
      line(0, { dir: "event", name: "connect", detail: { url: "ws://alice:hunter2@h:1/ws" } }),
      line(1, { dir: "event", name: "offline", detail: { error: "ws://alice:hunter2@h:1/ws refused the credentials" } }),
    );
    expect(JSON.stringify(events)).not.toContain("hunter2");
    expect(events[0]).toEqual({ type: "connection", status: "connected", url: "ws://alice:***@h:1/ws" });
  });

  it("maps connection life to connection events and drops diagnostics", () => {
    const events = eventsOf(
      line(0, { dir: "event", name: "connect", detail: { url: "ws://h:1/ws" } }),
      line(1, { dir: "event", name: "heartbeat_timeout" }),
      line(2, { dir: "event", name: "lost", detail: { code: 1006, reason: "" } }),
      line(3, { dir: "event", name: "reconnect_attempt", detail: { attempt: 1 } }),
      line(4, { dir: "event", name: "reconnected" }),
      line(5, { dir: "event", name: "offline", detail: { error: "gone" } }),
      line(6, { dir: "event", name: "close", detail: { by: "client" } }),
      line(7, { dir: "event", name: "connect_failed", detail: { error: "refused" } }),
    );
    expect(events).toEqual<StoreEvent[]>([
      { type: "connection", status: "connected", url: "ws://h:1/ws" },
      { type: "connection", status: "reconnecting", url: "ws://h:1/ws", error: "connection lost (1006)" },
      { type: "connection", status: "connected", url: "ws://h:1/ws" },
      { type: "connection", status: "offline", url: "ws://h:1/ws", error: "gone" },
      { type: "connection", status: "closed", url: "ws://h:1/ws" },
      { type: "connection", status: "failed", url: "ws://h:1/ws", error: "refused" },
    ]);
  });
});

describe("readTransportLog after a gap", () => {
  it("ends a resync where the controller did, so a reply the gap cut off is settled, not left open", () => {
    const recv = (ms: number, frame: Record<string, unknown>) => line(ms, { dir: "recv", frame });
    const history = (ms: number, id: string, messages: unknown[]) => [
      line(ms, { dir: "send", frame: { type: "conversation_messages_list", request_id: id, conversation_id: "conv-1", query: { limit: 50, order: "desc" } } }),
      recv(ms + 1, { type: "conversation_messages_list_response", request_id: id, success: true, messages }),
    ];
    const user = { id: "ui-msg-1", date: "2026-12-06T15:31:34.255Z", otid: "cm-1", message_type: "user_message", content: [{ type: "text", text: "hi" }] };
    const events = eventsOf(
      line(0, { dir: "event", name: "connect", detail: { url: "ws://h:1/ws" } }),
      recv(1, { type: "runtime_start_response", request_id: "rt-1", success: true, runtime: RUNTIME }),
      ...history(2, "hist-1", []),
      recv(4, { type: "stream_delta", runtime: RUNTIME, delta: { message_type: "user_message", id: "u", otid: "cm-1", content: "hi" } }),
      recv(5, { type: "update_loop_status", runtime: RUNTIME, loop_status: { status: "PROCESSING_API_RESPONSE" } }),
      recv(6, { type: "stream_delta", runtime: RUNTIME, delta: { message_type: "assistant_message", id: "ui-msg-2", content: "tick1 tick2" } }),
      line(7, { dir: "event", name: "lost", detail: { code: 1006, reason: "" } }),
      line(8, { dir: "event", name: "reconnected" }),
      recv(9, { type: "update_loop_status", runtime: RUNTIME, loop_status: { status: "WAITING_ON_INPUT" } }),
      ...history(10, "hist-2", [user]),
    );
    expect(events.filter((e) => e.type === "resynced")).toEqual([{ type: "resynced", scope: RUNTIME, reconnected: true }]);
    // As live (controller.ts): only the attach's read is not after a gap (history.ts, afterGap).
    expect(events.flatMap((e) => (e.type === "history" ? [e.afterGap] : []))).toEqual([false, true]);
    const rt = Object.values(events.reduce(reduce, initialState()).runtimes)[0]!;
    expect(allItems(rt.transcript).find((i) => i.key === "assistant:ui-msg-2")).toMatchObject({ interrupted: true, done: true });
  });
});

/** A clock that moves only when told, running due timers in time order. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  /** Runs the earliest timer if it is due by `until`; false when there is none. */
  const runNext = (until: number): boolean => {
    const [id, timer] = [...timers].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0] ?? [];
    if (id === undefined || !timer || timer.at > until) return false;
    timers.delete(id);
    now = Math.max(now, timer.at);
    timer.fn();
    return true;
  };
  const clock: ReplayClock & { advance(ms: number): void; step(): void } = {
    now: () => now,
    setTimer(fn, ms) {
      const id = seq++;
      timers.set(id, { at: now + ms, fn });
      return () => timers.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      while (runNext(end));
      now = end;
    },
    /** One turn of the event loop: only the earliest timer runs. */
    step: () => void runNext(Infinity),
  };
  return clock;
}

const notice = (text: string): StoreEvent => ({ type: "notice", scope: RUNTIME, level: "info", text });
const recordsAt = (...times: number[]): ReplayRecord[] => times.map((t, i) => ({ at: t, event: notice(`e${i}`) }));

function play(records: ReplayRecord[], speed: number) {
  const clock = fakeClock();
  const seen: { t: number; text: string }[] = [];
  const playback = schedule(records, speed, (e) => seen.push({ t: clock.now(), text: e.type === "notice" ? e.text : e.type }), clock);
  return { clock, seen, playback };
}

describe("schedule", () => {
  it("dispatches in order, each record at/speed ms after the start", async () => {
    const { clock, seen, playback } = play(recordsAt(0, 100, 100, 400), 2);
    clock.advance(49);
    expect(seen.map((s) => s.text)).toEqual(["e0"]);
    clock.advance(1000);
    expect(seen).toEqual([
      { t: 0, text: "e0" },
      { t: 50, text: "e1" },
      { t: 50, text: "e2" },
      { t: 200, text: "e3" },
    ]);
    await expect(playback.done).resolves.toBe("finished");
  });

  it("nothing is dispatched synchronously, so the caller can subscribe first", () => {
    const { seen } = play(recordsAt(0), 1);
    expect(seen).toEqual([]);
  });

  it(`caps every wait at ${MAX_REPLAY_WAIT_MS} ms, so idle gaps do not stall the replay`, async () => {
    const { clock, seen, playback } = play(recordsAt(5_000, 65_000, 65_500), 1);
    clock.advance(10_000);
    expect(seen).toEqual([
      { t: 2000, text: "e0" },
      { t: 4000, text: "e1" },
      { t: 4500, text: "e2" },
    ]);
    await expect(playback.done).resolves.toBe("finished");
  });

  it.each([0, Infinity])("plays as fast as possible at speed %s", async (speed) => {
    const { clock, seen, playback } = play(recordsAt(0, 1_000, 60_000), speed);
    clock.advance(0);
    expect(seen.map((s) => [s.t, s.text])).toEqual([
      [0, "e0"],
      [0, "e1"],
      [0, "e2"],
    ]);
    await expect(playback.done).resolves.toBe("finished");
  });

  it("yields between batches even at full speed, so keys still get in", () => {
    const { clock, seen } = play(recordsAt(...Array.from({ length: 450 }, () => 0)), Infinity);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.step();
      counts.push(seen.length);
    }
    expect(counts).toEqual([200, 400, 450]);
  });

  it("cancel stops the replay and settles done", async () => {
    const { clock, seen, playback } = play(recordsAt(0, 1_000), 1);
    clock.advance(10);
    playback.cancel();
    clock.advance(5_000);
    expect(seen.map((s) => s.text)).toEqual(["e0"]);
    await expect(playback.done).resolves.toBe("cancelled");
    playback.cancel(); // harmless
  });

  it("an empty log finishes at once; a throwing handler rejects done", async () => {
    const empty = play([], 1);
    empty.clock.advance(0);
    await expect(empty.playback.done).resolves.toBe("finished");
    const clock = fakeClock();
    const playback = schedule(recordsAt(0, 10), 1, () => {
      throw new Error("boom");
    }, clock);
    clock.advance(100);
    await expect(playback.done).rejects.toThrow("boom");
  });
});
