import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseDelta } from "../../src/protocol/deltas.js";
import { parseFrame, type ParsedFrame } from "../../src/protocol/parse.js";
import { SeqMerger, eventSeqOf, type MergeAnomaly } from "../../src/transport/merge.js";
import { startLegacyServer, type LegacyServer, type LegacyServerOptions } from "../fakes/legacy-server.js";
import { waitFor } from "../wait.js";

// Raw `ws` clients against the legacy fake, so the fake itself is trustworthy before the
// transport is tested against it.

type Frame = Record<string, unknown>;

interface Client {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  send(cmd: Frame): void;
}

let server: LegacyServer | undefined;
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

async function start(opts: LegacyServerOptions = {}): Promise<LegacyServer> {
  server = await startLegacyServer(opts);
  return server;
}

function open(url: string, onText?: (text: string) => void): Promise<Client> {
  const ws = new WebSocket(url);
  clients.push(ws);
  const frames: Frame[] = [];
  ws.on("message", (data) => {
    const text = data.toString();
    frames.push(JSON.parse(text) as Frame);
    onText?.(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames, closed, send: (cmd) => ws.send(JSON.stringify(cmd)) }));
    ws.once("error", reject);
  });
}

const until = <T,>(what: string, check: () => T | undefined | false, timeoutMs = 5000): Promise<T> => waitFor(what, check, { timeoutMs, everyMs: 10 });

const seqs = (frames: Frame[]) => frames.map((f) => f.event_seq).filter((s): s is number => typeof s === "number");
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const isIdle = (f: Frame) => f.type === "update_loop_status" && (f.loop_status as Frame).status === "WAITING_ON_INPUT";
const delta = (f: Frame) => (f.type === "stream_delta" ? (f.delta as Frame) : undefined);
const runtime = { agent_id: "agent-1", conversation_id: "conv-1" };

async function pair(url: string, onText?: (text: string) => void) {
  const control = await open(`${url}?channel=control`, onText);
  const stream = await open(`${url}?channel=stream`, onText);
  await until("pairing", () => server!.connections().stream === 1);
  return { control, stream };
}

async function attach(control: Client): Promise<void> {
  control.send({ type: "runtime_start", request_id: "rs-1", agent_id: runtime.agent_id, conversation_id: runtime.conversation_id, mode: "standard" });
  await until("runtime_start_response", () => control.frames.some((f) => f.type === "runtime_start_response"));
}

const sendText = (c: Client, text: string) =>
  c.send({ type: "input", runtime, payload: { kind: "create_message", messages: [{ role: "user", content: text, client_message_id: "cm-1" }] } });

describe("legacy fake: pairing rules", () => {
  it("answers app_server_info on a bare /ws socket as a split-channel v0.29.6 server", async () => {
    const { url } = await start();
    const c = await open(url);
    c.send({ type: "app_server_info", request_id: "info-1" });
    const info = await until("info", () => c.frames.find((f) => f.type === "app_server_info_response"));
    expect(info).toMatchObject({ request_id: "info-1", success: true, letta_code_version: "0.29.6", capabilities: { split_channels: true } });
    expect(server!.connections()).toEqual({ control: 1, stream: 0 });
  });

  it("refuses an unknown channel with HTTP 400 and a foreign path with 404", async () => {
    const { url } = await start();
    await expect(open(`${url}?channel=bogus`)).rejects.toThrow(/400/);
    await expect(open(url.replace("/ws", "/other"))).rejects.toThrow(/404/);
  });

  it("closes a second control socket and a second stream socket with 1008", async () => {
    const { url } = await start();
    await pair(url);
    const control2 = await open(url);
    expect(await control2.closed).toEqual({ code: 1008, reason: "control channel already connected" });
    const stream2 = await open(`${url}?channel=stream`);
    expect(await stream2.closed).toEqual({ code: 1008, reason: "stream channel already connected" });
    expect(server!.connections()).toEqual({ control: 1, stream: 1 });
  });

  it("closes an orphan stream socket when no control arrives in time, and a second orphan at once", async () => {
    const { url } = await start({ pairTimeoutMs: 300 });
    const t0 = Date.now();
    const orphan = await open(`${url}?channel=stream`);
    const second = await open(`${url}?channel=stream`);
    expect(await second.closed).toEqual({ code: 1008, reason: "stream channel already pending" });
    expect(await orphan.closed).toEqual({ code: 1008, reason: "control channel did not connect" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it("pairs a stream socket that arrived before control", async () => {
    const { url } = await start({ pairTimeoutMs: 2000 });
    await open(`${url}?channel=stream`);
    expect(server!.connections()).toEqual({ control: 0, stream: 0 });
    await open(url);
    await until("pairing", () => server!.connections().stream === 1);
    expect(server!.connections()).toEqual({ control: 1, stream: 1 });
  });

  it("terminates the control socket when the stream socket closes", async () => {
    const { url } = await start();
    const { control, stream } = await pair(url);
    stream.ws.close();
    expect((await control.closed).code).toBe(1006);
    await until("no connections", () => server!.connections().control === 0);
  });
});

describe("legacy fake: routing and event_seq", () => {
  it("routes stream-type frames to stream and the rest to control, numbering both with one counter", async () => {
    const { url } = await start();
    const { control, stream } = await pair(url);
    await attach(control);
    sendText(control, "run it [[approve]]");
    const req = await until("control_request", () => control.frames.find((f) => f.type === "control_request"));
    expect(req).toMatchObject({ request_id: "perm-toolu_legacy_1", runtime, agent_id: "agent-1", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "echo hi" }, tool_call_id: "toolu_legacy_1" } });
    control.send({ type: "input", runtime, payload: { kind: "approval_response", request_id: req.request_id, decision: { behavior: "allow" } } });
    await until("idle after the tool ran", () => stream.frames.some((f) => delta(f)?.message_type === "tool_return_message") && isIdle(stream.frames.at(-1)!));

    expect(control.frames.map((f) => f.type)).toEqual(["runtime_start_response", "control_request"]);
    const deltas = stream.frames.map(delta).filter((d) => d !== undefined);
    expect(deltas.map((d) => parseDelta(d).message_type).filter((t) => t === "unknown")).toEqual([]);
    expect(deltas.map((d) => d.message_type)).toEqual(expect.arrayContaining(["client_tool_start", "client_tool_end", "tool_return_message", "approval_request_message"]));
    expect(new Set(stream.frames.map((f) => f.type))).toEqual(new Set(["update_device_status", "update_loop_status", "update_queue", "stream_delta"]));
    // One counter across both sockets: together contiguous, each socket alone with gaps.
    const all = [...seqs(control.frames), ...seqs(stream.frames)].sort((a, b) => a - b);
    expect(all).toEqual(range(all.length));
    expect(seqs(stream.frames)).not.toContain(req.event_seq);
    expect(seqs(stream.frames)).toEqual(all.filter((s) => s !== req.event_seq));
    for (const f of [...control.frames, ...stream.frames].filter((f) => typeof f.event_seq === "number")) {
      expect(f).toMatchObject({ runtime, emitted_at: expect.any(String) });
      expect(f.idempotency_key).toMatch(new RegExp(`^${String(f.type)}:${String(f.event_seq)}:[0-9a-f-]{36}$`));
    }
    // Legacy: no input_accepted and no turn_finished, ever.
    const types = [...control.frames, ...stream.frames].map((f) => f.type);
    expect(types).not.toContain("input_accepted");
    expect(types).not.toContain("turn_finished");
  });

  it("streams a plain reply and ends the turn the legacy way (stop_reason, then WAITING_ON_INPUT)", async () => {
    const { url } = await start({ reply: (t) => `Echo of ${t}, chunked into several pieces` });
    const { control, stream } = await pair(url);
    await attach(control);
    sendText(control, "hello");
    await until("idle", () => stream.frames.some((f) => delta(f)?.message_type === "stop_reason") && isIdle(stream.frames.at(-1)!));
    const chunks = stream.frames.map(delta).filter((d) => d?.message_type === "assistant_message");
    expect(chunks.length).toBeGreaterThan(2);
    expect(new Set(chunks.map((d) => d!.id)).size).toBe(1);
    expect(chunks.every((d) => d!.type === "message")).toBe(true);
    expect(chunks.map((d) => d!.content).join("")).toBe("Echo of hello, chunked into several pieces");
    const tail = stream.frames.slice(-2);
    expect(delta(tail[0]!)).toMatchObject({ message_type: "stop_reason", stop_reason: "end_turn" });
    const statuses = stream.frames.filter((f) => f.type === "update_loop_status").map((f) => (f.loop_status as Frame).status);
    expect(statuses).toEqual(["WAITING_ON_INPUT", "PROCESSING_API_RESPONSE", "WAITING_ON_INPUT"]);
  });

  it("queues a message sent mid-turn and echoes it (by otid) when it starts", async () => {
    const { url } = await start({ stepMs: 5 });
    const { control, stream } = await pair(url);
    await attach(control);
    sendText(control, "first");
    await until("turn running", () => stream.frames.some((f) => delta(f)?.message_type === "assistant_message"));
    sendText(control, "second");
    await until("both turns over", () => stream.frames.filter(isIdle).length === 3);
    const queues = stream.frames.filter((f) => f.type === "update_queue").map((f) => (f.queue as Frame[]).map((q) => q.content));
    expect(queues).toEqual([[], ["second"], []]);
    expect(stream.frames.map(delta).find((d) => d?.message_type === "user_message")).toMatchObject({ otid: "cm-1", content: "second" });
  });

  it("falls back to the control socket when no stream socket is open", async () => {
    const { url } = await start();
    const control = await open(url);
    await attach(control);
    sendText(control, "hi");
    await until("idle", () => control.frames.filter(isIdle).length === 2);
    expect(seqs(control.frames)).toEqual(range(seqs(control.frames).length));
    expect(control.frames.some((f) => f.type === "stream_delta")).toBe(true);
  });
});

describe("legacy fake + SeqMerger", () => {
  it("merges both sockets back into emission order even with jitter on the stream socket", async () => {
    const { url } = await start({ jitterMs: 40, stepMs: 1 });
    const arrival: ParsedFrame[] = [];
    const merged: ParsedFrame[] = [];
    const anomalies: MergeAnomaly[] = [];
    // A hold well past the fake's 40 ms jitter: on a loaded machine the timers of the fake and
    // of the merger fire late, and this test is about the order, not the default hold.
    const merger = new SeqMerger((f) => merged.push(f), { onAnomaly: (a) => anomalies.push(a), holdMs: 2_000 });
    const { control, stream } = await pair(url, (text) => {
      const parsed = parseFrame(text);
      arrival.push(parsed);
      merger.push(parsed);
    });
    await attach(control);
    sendText(control, "please [[approve]]");
    const req = await until("control_request", () => control.frames.find((f) => f.type === "control_request"));
    control.send({ type: "input", runtime, payload: { kind: "approval_response", request_id: req.request_id, decision: { behavior: "deny", message: "no" } } });
    await until("turn over", () => stream.frames.filter(isIdle).length === 2);
    merger.flush();

    // The fake speaks the shapes the client models: no frame or delta falls to "unknown".
    expect(arrival.filter((p) => p.kind !== "frame")).toEqual([]);
    const deltas = arrival.flatMap((p) => (p.kind === "frame" && p.frame.type === "stream_delta" ? [parseDelta(p.frame.delta)] : []));
    expect(deltas.filter((d) => d.message_type === "unknown")).toEqual([]);
    const arrived = arrival.map(eventSeqOf).filter((s) => s !== undefined);
    const released = merged.map(eventSeqOf).filter((s) => s !== undefined);
    // The control_request raced ahead of the stream frames emitted before it...
    expect(arrived).not.toEqual([...arrived].sort((a, b) => a - b));
    // ...and the merger put every frame back in emission order, with nothing lost or skipped.
    expect(released).toEqual(range(arrived.length));
    expect(anomalies).toEqual([]);
    expect(merged[0]).toMatchObject({ kind: "frame", frame: { type: "runtime_start_response" } });
    merger.dispose();
  });
});
