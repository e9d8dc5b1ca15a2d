import { describe, expect, it } from "vitest";
import { GapHealer } from "../../src/controller/heal.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { RuntimeScope } from "../../src/protocol/runtime.js";
import { initialState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";

// When history is read again after a gap (controller/heal.ts): at the end of a turn that ran
// across it, once, never during a recovery pass, and again if a turn ends during a read.

const scope: RuntimeScope = { agent_id: "a", conversation_id: "c" };
const KEY = "a/c";

function known(frame: Record<string, unknown>): KnownFrame {
  const parsed = parseFrame(JSON.stringify({ runtime: scope, ...frame }));
  if (parsed.kind !== "frame") throw new Error("fixture not accepted");
  return parsed.frame;
}
const loop = (status: string) => known({ type: "update_loop_status", loop_status: { status } });
const turnFinished = known({ type: "turn_finished", turn_id: "t", stop_reason: "end_turn" });
const stopReason = (stop_reason: string) => known({ type: "stream_delta", delta: { message_type: "stop_reason", stop_reason } });

function setup() {
  const store = createStore(initialState("ws://h"));
  const feed = (f: KnownFrame) => store.dispatch({ type: "frame", parsed: { kind: "frame", frame: f } });
  feed(known({ type: "runtime_start_response", request_id: "r", success: true }));
  const reads: Array<(messages: unknown[] | null) => void> = [];
  let recovering = false;
  const healer = new GapHealer({
    store,
    scopeOf: (key) => (key === KEY ? scope : undefined),
    recovering: () => recovering,
    backfill: () => new Promise((resolve) => reads.push(resolve)),
  });
  const frame = (f: KnownFrame) => (feed(f), healer.frame(f));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { store, healer, reads, frame, settle, setRecovering: (v: boolean) => (recovering = v) };
}

describe("reading history again after a gap", () => {
  it("at the end of a turn that was running when the link went down, once", async () => {
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    expect(Object.keys(h.store.getState().runtimes)).toEqual([KEY]);
    h.healer.lost();
    h.healer.recovered(scope);
    expect(h.reads).toHaveLength(0);
    h.frame(loop("WAITING_ON_INPUT"));
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(1);
    h.reads[0]!([]);
    await h.settle();
    // The next turn ends like any other.
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(1);
  });

  it("when the loop goes idle and no turn_finished comes (it went to the lost connection)", () => {
    // Found by reliability-proxy: the recovery found the loop busy (the server cancelling the
    // cut turn), and the only end we heard of was the status.
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.healer.lost();
    h.healer.recovered(scope);
    h.frame(loop("WAITING_ON_INPUT"));
    expect(h.reads).toHaveLength(1);
  });

  it("at the end of the first turn after a recovery that found the loop idle, once: that status can be stale", async () => {
    // Found by reliability-freeze: the thawed server ran the old socket's copy of a message on
    // a runtime the sync did not report (it said idle); the recovery's history read listed
    // the reply in part and closed our row, so its last delta was dropped (`reply ` shown,
    // `reply t6` stored), and nothing read history again.
    const h = setup();
    h.frame(loop("WAITING_ON_INPUT"));
    h.healer.lost();
    h.healer.recovered(scope);
    // An idle status alone is no turn's end.
    h.frame(loop("WAITING_ON_INPUT"));
    expect(h.reads).toHaveLength(0);
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(1);
    h.reads[0]!([]);
    await h.settle();
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(1);
  });

  it("not after a turn when no gap came", () => {
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.frame(turnFinished);
    h.frame(stopReason("end_turn"));
    expect(h.reads).toHaveLength(0);
  });

  it("an end during a recovery pass waits for the pass, then reads", () => {
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.healer.lost();
    h.setRecovering(true);
    h.frame(loop("WAITING_ON_INPUT"));
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(0);
    h.setRecovering(false);
    h.healer.recovered(scope);
    expect(h.reads).toHaveLength(1);
  });

  it("a turn end while a run still streams reads only once the loop is idle", () => {
    // A thawed 0.32.18 runs two at once: the first one's end is not the server's last word.
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.healer.lost();
    h.frame(stopReason("end_turn"));
    h.frame(turnFinished);
    expect(h.reads).toHaveLength(0);
    h.frame(loop("PROCESSING_API_RESPONSE"));
    expect(h.reads).toHaveLength(0);
    h.frame(loop("WAITING_ON_INPUT"));
    expect(h.reads).toHaveLength(1);
  });

  it("a second end during a read reads again after it; requires_approval is no end", async () => {
    const h = setup();
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.healer.lost();
    h.frame(stopReason("requires_approval"));
    expect(h.reads).toHaveLength(0);
    h.frame(stopReason("end_turn"));
    h.frame(loop("WAITING_ON_INPUT"));
    expect(h.reads).toHaveLength(1);
    // Another turn across another gap ends while that read is out: read again after it.
    h.frame(loop("PROCESSING_API_RESPONSE"));
    h.healer.lost();
    h.frame(loop("WAITING_ON_INPUT"));
    expect(h.reads).toHaveLength(1);
    h.reads[0]!(null);
    await h.settle();
    expect(h.reads).toHaveLength(2);
  });
});
