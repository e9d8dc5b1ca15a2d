import { describe, expect, it } from "vitest";
import { parseDelta } from "../../src/protocol/deltas.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { loadRecording, recordingNames } from "./recordings.js";

describe("parseFrame on every recorded frame", () => {
  for (const name of recordingNames()) {
    it(`parses ${name}.jsonl without losing a frame`, () => {
      const received = loadRecording(name).filter((l) => l.dir === "recv" && l.frame);
      expect(received.length).toBeGreaterThan(0);
      for (const line of received) {
        const parsed = parseFrame(JSON.stringify(line.frame));
        // Every frame type the recordings contain is one we model; none may fall to "unknown".
        expect(parsed.kind, `${name}: ${String(line.frame!.type)}`).toBe("frame");
        if (parsed.kind === "frame" && parsed.frame.type === "stream_delta") {
          expect(parseDelta(parsed.frame.delta).message_type).not.toBe("unknown");
        }
      }
    });
  }
});

describe("parseFrame on bad input", () => {
  it("reports malformed JSON instead of throwing", () => {
    const p = parseFrame("{not json");
    expect(p.kind).toBe("malformed");
  });
  it("reports non-object JSON as malformed", () => {
    expect(parseFrame("[1,2]").kind).toBe("malformed");
    expect(parseFrame("42").kind).toBe("malformed");
  });
  it("keeps unknown frame types whole", () => {
    const p = parseFrame(JSON.stringify({ type: "hologram_ready", x: 1 }));
    expect(p).toMatchObject({ kind: "unknown", type: "hologram_ready", raw: { x: 1 } });
  });
  it("flags a known type with a broken shape as unknown, with the reason", () => {
    const p = parseFrame(JSON.stringify({ type: "control_request", request_id: 5 }));
    expect(p.kind).toBe("unknown");
    expect(p.kind === "unknown" && p.issue).toBeTruthy();
  });
  it("keeps unknown fields of known frames (tolerant parsing)", () => {
    const p = parseFrame(JSON.stringify({ type: "input_accepted", request_id: "r", accepted: true, future_field: 7 }));
    expect(p.kind === "frame" && (p.frame as Record<string, unknown>).future_field).toBe(7);
  });
  it("turns an unknown delta into an unknown-delta value", () => {
    expect(parseDelta({ message_type: "hologram", id: "x" })).toMatchObject({ message_type: "unknown", original_type: "hologram" });
    expect(parseDelta(null)).toMatchObject({ message_type: "unknown" });
  });
});
