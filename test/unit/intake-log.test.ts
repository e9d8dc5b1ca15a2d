import { describe, expect, it } from "vitest";
import { FrameIntake, type FrameLog } from "../../src/transport/intake.js";
import { RequestTracker } from "../../src/transport/requests.js";
import { loadRecording } from "./recordings.js";

// What the intake tells the transport log about each received text: the log skips its key
// search only on the intake's word, so the word must be right for every kind of frame.

function intakeWithLog() {
  const calls: { text: string; json: boolean | "known-keys" | undefined; bytes: Uint8Array | undefined }[] = [];
  const log: FrameLog = { sent() {}, event() {}, received: (text, json, bytes) => void calls.push({ text, json, bytes }) };
  return { intake: new FrameIntake(new RequestTracker(), log, () => null), calls };
}

const recorded = loadRecording("approve")
  .filter((l) => l.dir === "recv" && l.frame)
  .map((l) => l.frame!);
const chunk = JSON.stringify(recorded.find((f) => (f.delta as { message_type?: string } | undefined)?.message_type === "assistant_message"));
const status = JSON.stringify(recorded.find((f) => f.type === "update_loop_status"));

describe("FrameIntake and the transport log", () => {
  it("vouches for the keys of a text chunk, hands on its bytes, and says only 'JSON' of other frames", () => {
    const { intake, calls } = intakeWithLog();
    const bytes = Buffer.from(chunk);
    expect(intake.parse(chunk, bytes).kind).toBe("frame");
    expect(intake.parse(status).kind).toBe("frame");
    // A text chunk with a key no schema names: parsed all the same, but not vouched for.
    const odd = chunk.replace('"message_type"', '"api_key":"k","message_type"');
    expect(intake.parse(odd).kind).toBe("frame");
    intake.parse("{not json");
    intake.parse(null);
    expect(calls.map((c) => c.json)).toEqual(["known-keys", true, true, false, undefined]);
    expect(calls[0]!.bytes).toBe(bytes);
    expect(calls.map((c) => c.text)).toEqual([chunk, status, odd, "{not json", "(binary frame)"]);
  });
});
