// Ingest: how fast frames off the socket become state, three clients side by side on the same
// frames, in one process, interleaved rounds, medians.
//
//   node bench/ingest.mjs [--quick] [--dist=DIR]   (after npm run build; DIR: another build of
//                                                   ours, e.g. an older commit's, to compare)
//
// (a) bare: what a minimal `ws` client does: the message's text, JSON.parse, a count by type.
// (b) official: the installed 0.32.18 package's AppServerClient (dist/app-server-client.js),
//     given a stand-in WebSocket whose "message" listener we call with the Buffer ws would hand
//     over; its own message handler decodes, parses and settles requests; one onMessage handler
//     does the same minimal dispatch as (a).
// (c) ours as shipped: the built transport client (dist/transport/client.js) fed the same way
//     (its socket "message" path: text, validation against the zod schemas, transport log ON
//     in a temp dir with a token to redact, event_seq check, request correlation), the
//     Controller's frame handling and the store's reducer. The log is flushed inside the timing.
// (d) ours, transport only: (c) with the frames handed to nobody, to show the store's share.
// No socket for any of them: the three differ only in what they do with a frame.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const RECORDING = path.join(root, "test", "fixtures", "frames", "approve.jsonl");
const OFFICIAL = path.join(root, ".cache", "letta-code-0.32.18", "package", "dist", "app-server-client.js");
/** Frames handed over per event-loop turn, the way a socket delivers a burst. */
const BURST = 500;
const TOKEN = "bench-secret-token-0123456789";
const URL_ = "ws://127.0.0.1:1/ws";

const WORDS = "the quick reply streams in small pieces of text, a few words at a time, as models do; some with `code` and **bold**".split(" ");

/**
 * A realistic stream: one recorded turn of the real 0.32.18 server (status snapshots, an
 * approval with its control_request, a tool call and its return, usage, stop reasons), its
 * assistant text re-chunked into many small reasoning and assistant chunks, repeated with
 * fresh ids and one event_seq count until `count` frames. Mostly stream_delta text chunks.
 */
export function frames(count) {
  const recv = readFileSync(RECORDING, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => r.dir === "recv" && r.frame)
    .map((r) => r.frame);
  const start = recv.find((f) => f.type === "runtime_start_response");
  const turn = recv.filter((f) => f !== start);
  const firstText = turn.findIndex((f) => f.type === "stream_delta" && f.delta.message_type === "assistant_message");
  const chunk = turn[firstText];
  const out = [JSON.stringify(start)];
  let seq = 0;
  let word = 0;
  const text = () => {
    const n = 1 + (word % 4);
    const s = Array.from({ length: n }, () => WORDS[word++ % WORDS.length]).join(" ");
    return `${s} `;
  };
  const push = (frame, t) => {
    const f = { ...frame };
    if (typeof f.event_seq === "number") {
      f.event_seq = ++seq;
      f.idempotency_key = `${f.type}:${seq}:${f.idempotency_key?.split(":")[2] ?? "k"}`;
    }
    // Fresh ids per turn: each turn's run, approval and messages are new to the reducer.
    out.push(JSON.stringify(f).replaceAll("call_fake_1_0", `call_t${t}`).replaceAll("local-run-", `local-run-${t}-`).replaceAll("letta-msg-", `letta-msg-${t}-`).replaceAll('"cm-3"', `"cm-${t}"`));
  };
  for (let t = 0; out.length < count; t++) {
    for (const [i, f] of turn.entries()) {
      if (i === firstText) {
        for (let k = 0; k < 60 && out.length < count; k++) {
          push({ ...chunk, delta: { ...chunk.delta, id: `reasoning-${t}`, message_type: "reasoning_message", content: undefined, reasoning: text(), seq_id: k } }, t);
        }
        for (let k = 0; k < 100 && out.length < count; k++) {
          push({ ...chunk, delta: { ...chunk.delta, id: `assistant-${t}`, content: [{ type: "text", text: text() }], seq_id: 100 + k } }, t);
        }
      } else if (f.type === "stream_delta" && f.delta.message_type === "assistant_message") {
        continue; // the recorded chunks are replaced by the ones above
      } else push(f, t);
      if (out.length >= count) break;
    }
  }
  // As ws hands them over: a Buffer per message.
  return out.slice(0, count).map((s) => Buffer.from(s, "utf8"));
}

/** The least a client can do with a frame and still be a client: route by type, settle requests. */
function minimalDispatch(counts, pending) {
  return (m) => {
    counts[m.type] = (counts[m.type] ?? 0) + 1;
    if (typeof m.request_id === "string") pending.delete(m.request_id);
  };
}

async function feed(bufs, onMessage) {
  for (let i = 0; i < bufs.length; i += BURST) {
    const end = Math.min(bufs.length, i + BURST);
    for (let j = i; j < end; j++) onMessage(bufs[j], false);
    await new Promise((r) => setImmediate(r));
  }
}

function bareClient() {
  const dispatch = minimalDispatch({}, new Map());
  return {
    onMessage: (data) => dispatch(JSON.parse(data.toString("utf8"))),
    done: async () => undefined,
  };
}

async function officialClient() {
  const { AppServerClient } = await import(pathToFileURL(OFFICIAL).href);
  let listener;
  class StandInSocket {
    readyState = 1;
    on(type, fn) {
      if (type === "message") listener = fn;
    }
    off() {}
    send() {}
    close() {}
  }
  const client = new AppServerClient({ url: URL_, WebSocket: StandInSocket });
  client.onMessage(minimalDispatch({}, new Map()));
  return { onMessage: (data, isBinary) => listener(data, isBinary), done: async () => undefined };
}

/**
 * Ours, from a build in `distDir` (default dist/; another build for an A/B comparison).
 * `store: false`: the transport alone (parse, log, correlation), frames handed to nobody, to
 * see how the cost splits between the transport and the store.
 */
export async function ourClient(logDir, distDir = dist, { store: withStore = true } = {}) {
  const [{ AppServerClient }, { Controller }, { createStore }, { initialState }, { TransportLog }] = await Promise.all(
    ["transport/client.js", "controller/controller.js", "store/store.js", "store/state.js", "transport/log.js"].map((p) => import(pathToFileURL(path.join(distDir, p)).href)),
  );
  // As src/cli/session.ts opens it: the token among the secrets to scrub.
  const log = TransportLog.open({ dir: logDir, secrets: [TOKEN] });
  const store = createStore(initialState(URL_));
  let client;
  if (withStore) await Controller.over(URL_, async (events) => (client = new AppServerClient(URL_, events, { log, token: TOKEN })), store, { clientVersion: "bench", log });
  else client = new AppServerClient(URL_, { onFrame() {}, onStatus() {}, onReconnected() {}, onSequenceGap() {} }, { log, token: TOKEN });
  return {
    // The socket's "message" listener (client.ts adopt()): the whole path a frame takes.
    onMessage: (data, isBinary) => client.onMessage(data, isBinary),
    done: async () => {
      await log.close();
      if (log.error) throw new Error(log.error);
      return store.getState();
    },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ quick = false, distDir = dist } = {}) {
  const count = quick ? 2_000 : 20_000;
  const rounds = quick ? 3 : 7;
  const bufs = frames(count);
  const logDir = mkdtempSync(path.join(tmpdir(), "bench-ingest-"));
  const makers = { bare: bareClient, official: officialClient, ours: () => ourClient(logDir, distDir), transport: () => ourClient(logDir, distDir, { store: false }) };
  const ms = Object.fromEntries(Object.keys(makers).map((k) => [k, []]));
  try {
    // One untimed warm-up each, then rounds in rotating order so no client always goes first.
    for (const make of Object.values(makers)) {
      const c = await make();
      await feed(bufs, c.onMessage);
      await c.done();
    }
    const names = Object.keys(makers);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length];
        const c = await makers[name]();
        const t0 = performance.now();
        await feed(bufs, c.onMessage);
        await c.done();
        ms[name].push(performance.now() - t0);
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
  const fps = (x) => Math.round((count / x) * 1000);
  const note = `${count} frames (${rounds} rounds, median)`;
  const r2 = (x) => Math.round(x * 100) / 100;
  return [
    { topic: "ingest", case: "bare ws + JSON.parse", value: fps(m.bare), unit: "frames/s", note: `${m.bare.toFixed(1)} ms; ${note}` },
    { topic: "ingest", case: "official app-server-client 0.32.18", value: fps(m.official), unit: "frames/s", ratio: r2(m.bare / m.official), note: `${m.official.toFixed(1)} ms; ratio = official/bare` },
    { topic: "ingest", case: "ours as shipped (validate, log on, reducer)", value: fps(m.ours), unit: "frames/s", ratio: r2(m.bare / m.ours), note: `${m.ours.toFixed(1)} ms; ratio = ours/bare (target ≥ 0.5)` },
    { topic: "ingest", case: "ours / official", value: r2(m.official / m.ours), unit: "×", ratio: r2(m.official / m.ours), note: "target ≥ 1.0" },
    { topic: "ingest", case: "ours, transport only (no store)", value: fps(m.transport), unit: "frames/s", ratio: r2(m.bare / m.transport), note: `${m.transport.toFixed(1)} ms; the rest of ours is the store's reducer` },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const distArg = process.argv.find((a) => a.startsWith("--dist="));
  console.table(await run({ quick: process.argv.includes("--quick"), distDir: distArg ? path.resolve(distArg.slice(7)) : dist }));
}
