import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession, type Session } from "../../src/cli/session.js";
import { startLegacyServer, type LegacyServer } from "../fakes/legacy-server.js";
import { runtimeOf, transcript, waitFor } from "./support.js";

// The two-channel protocol of 0.29.2–0.29.6, which the real 0.32.18 server refuses (HTTP 426),
// against the in-repo server that follows PROTOCOL §1.3's rules. Stream frames arrive late on
// purpose (jitter), so only a correct merge by event_seq shows the reply in order.

let fake: LegacyServer;
let session: Session;
/** event_seq of every enveloped frame, in the order the store received them. */
const seqs: number[] = [];

beforeAll(async () => {
  fake = await startLegacyServer({ jitterMs: 30, reply: () => "one two three four five six seven eight" });
  session = await openSession({ url: fake.url, attach: { selection: { kind: "new-agent" } }, startTimeoutMs: 10_000 }, "test");
  const dispatch = session.store.dispatch;
  session.store.dispatch = (event) => {
    if (event.type === "frame" && event.parsed.kind === "frame") {
      const seq = (event.parsed.frame as { event_seq?: unknown }).event_seq;
      if (typeof seq === "number") seqs.push(seq);
    }
    dispatch(event);
  };
});
afterAll(async () => {
  await session?.close();
  await fake?.close();
});

describe("a legacy split-channel server", () => {
  it("is detected by the probe and gets the control + stream pair", async () => {
    expect(session.store.getState().connection.serverVersion).toBe("0.29.6");
    await waitFor("both sockets", () => fake.connections().control === 1 && fake.connections().stream === 1);
  });

  it("streams a reply in order although the stream socket lags behind control", async () => {
    session.controller.sendMessage("hello");
    const reply = await waitFor("reply", () => transcript(session).find((i) => i.kind === "assistant" && i.done));
    expect(reply).toMatchObject({ text: "one two three four five six seven eight" });
    // No input_accepted on legacy: the message counts as taken once written.
    expect(transcript(session)[0]).toMatchObject({ kind: "user", text: "hello", state: "started" });
  });

  it("shows an approval card and answers it over the control socket", async () => {
    session.controller.sendMessage("run it [[approve]]");
    const card = await waitFor("card", () => runtimeOf(session.store.getState(), session).approvals.order[0]);
    session.controller.answerApproval(card, { behavior: "allow" });
    await waitFor("tool result", () => transcript(session).find((i) => i.kind === "tool" && i.status === "success" && i.done));
    expect(runtimeOf(session.store.getState(), session).approvals.order).toEqual([]);
  });

  it("delivered every frame of both sockets in event_seq order", () => {
    // The control_request travels on control and overtakes the lagging stream frames before it.
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
