import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { parseFrame } from "../../src/protocol/parse.js";
import type { StoreEvent } from "../../src/store/events.js";
import { reduce } from "../../src/store/reducer.js";
import { initialState, type AppState } from "../../src/store/state.js";
import { CLOSED_UNANSWERED_NOTE, layoutItem } from "../../src/ui/transcriptFit.js";
import { loadRecording } from "./recordings.js";
import { activeRuntime, eventsOf, items } from "./replay.js";

// The approve recording up to the first control_request: the Bash card perm-call_fake_1_0 has
// just appeared and no device status has listed it yet.
const events = eventsOf(loadRecording("approve"));
const isFrame = (e: StoreEvent, type: string) => e.type === "frame" && e.parsed.kind === "frame" && e.parsed.frame.type === type;
const asked = events.slice(0, events.findIndex((e) => isFrame(e, "control_request")) + 1).reduce(reduce, initialState());
const scope = activeRuntime(asked).scope;
const frame = (f: Record<string, unknown>): StoreEvent => ({ type: "frame", parsed: parseFrame(JSON.stringify({ ...f, runtime: scope })) });
const listedStatus = events
  .flatMap((e) => (e.type === "frame" && e.parsed.kind === "frame" ? [e.parsed.frame] : []))
  .find((f) => f.type === "update_device_status" && (f.device_status.pending_control_requests ?? []).length > 0) as Extract<KnownFrame, { type: "update_device_status" }>;
const status = (pending: string[], extra: Record<string, unknown> = {}) =>
  frame({
    ...listedStatus,
    device_status: {
      ...listedStatus.device_status,
      ...extra,
      pending_control_requests: (listedStatus.device_status.pending_control_requests ?? []).filter((p) => pending.includes(p.request_id)),
    },
  });
const cards = (s: AppState) => activeRuntime(s).approvals.order;
const CARD = "perm-call_fake_1_0";

describe("a device status that cannot be known to postdate a card", () => {
  it("sees the card open, not yet listed", () => {
    expect(cards(asked)).toEqual([CARD]);
    expect(listedStatus.device_status.pending_control_requests?.map((p) => p.request_id)).toEqual([CARD]);
  });

  it("does not close it: the stale empty list 0.32.18 sends in the same millisecond after a restart", () => {
    // Recorded in the kill suite: control_request, then update_device_status with
    // is_processing false and pending_control_requests [] (its status of an older moment).
    const s = reduce(asked, status([], { is_processing: false }));
    expect(cards(s)).toEqual([CARD]);
    // A second stale one neither: nothing says the server has seen the card yet.
    expect(cards(reduce(s, status([], { is_processing: false })))).toEqual([CARD]);
  });

  it("a status that lists the card and a later one that omits it close it (answered elsewhere)", () => {
    const seen = reduce(reduce(asked, status([], { is_processing: false })), status([CARD]));
    expect(cards(seen)).toEqual([CARD]);
    expect(cards(reduce(seen, status([])))).toEqual([]);
  });

  it("a replay of the card makes the server's lists stale for it again", () => {
    const seen = reduce(asked, status([CARD]));
    const replay = events.find((e) => isFrame(e, "control_request"))!;
    const again = reduce(seen, replay);
    expect(cards(reduce(again, status([])))).toEqual([CARD]);
  });
});

describe("a card the server closed without an answer", () => {
  it("is shown closed, not answered, never denied", () => {
    // The turn ends (turn_finished) with the card unanswered, as a resync after a kill does.
    const s = reduce(asked, frame({ type: "turn_finished", stop_reason: "cancelled" }));
    const tool = items(s).find((i) => i.key === "tool:call_fake_1_0");
    expect(tool).toMatchObject({ kind: "tool", status: "closed", done: true });
    expect(tool).not.toMatchObject({ status: "denied" });
    // The row says so under it (no output of the server's to show).
    expect(tool && layoutItem(tool, { width: 100, verbose: false, maxRows: Infinity }).body).toContain(CLOSED_UNANSWERED_NOTE);
    expect(CLOSED_UNANSWERED_NOTE).toMatch(/without an answer.*not denied/);
  });
});
