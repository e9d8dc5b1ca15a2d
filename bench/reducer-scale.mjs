// Cost of one streamed delta as the transcript grows. It must stay flat, or long sessions slow
// down exactly when the user has the most to lose. Runs against the built code in dist/.
import { performance } from "node:perf_hooks";
import { parseFrame } from "../dist/protocol/parse.js";
import { reduce } from "../dist/store/reducer.js";
import { initialState } from "../dist/store/state.js";
import { interleaved, ratiosTo } from "./table.mjs";

const scope = { agent_id: "a", conversation_id: "c" };
const ev = (frame) => ({ type: "frame", parsed: parseFrame(JSON.stringify(frame)) });
let seq = 0;
const delta = (d) => ev({ type: "stream_delta", runtime: scope, event_seq: ++seq, delta: d });

function conversation(turns) {
  let s = reduce(initialState(), ev({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope }));
  for (let i = 0; i < turns; i++) {
    s = reduce(s, { type: "message_sent", scope, requestId: `in-${i}`, clientMessageId: `cm-${i}`, text: `message ${i}` });
    s = reduce(s, ev({ type: "input_accepted", request_id: `in-${i}`, runtime: scope, accepted: true, disposition: "started" }));
    s = reduce(s, delta({ type: "message", message_type: "assistant_message", id: `as-${i}`, content: `reply ${i} `.repeat(20) }));
    s = reduce(s, ev({ type: "turn_finished", runtime: scope, event_seq: ++seq, stop_reason: "end_turn" }));
  }
  return s;
}

/** Mean microseconds per reduce() of one assistant chunk, events pre-parsed like the socket does. */
function perChunk(start, events) {
  let s = start;
  for (let i = 0; i < 200; i++) s = reduce(s, events[i % events.length]); // warm-up
  const t0 = performance.now();
  for (const e of events) s = reduce(s, e);
  return ((performance.now() - t0) * 1000) / events.length;
}

export async function run({ quick = false } = {}) {
  const sizes = quick ? [10, 200] : [10, 1000, 4000];
  const iterations = quick ? 1000 : 5000;
  const states = sizes.map((turns) => conversation(turns));
  const events = Array.from({ length: iterations }, (_, i) => delta({ type: "message", message_type: "assistant_message", id: "live", content: `chunk ${i} ` }));
  const us = await interleaved(states, quick ? 1 : 7, (s) => perChunk(s, events));
  const rows = sizes.map((turns, i) => ({ topic: "reducer-scale", case: `one streamed chunk, ${(turns * 2).toLocaleString("en-US")} items`, value: us[i], unit: "µs" }));
  return ratiosTo(rows, (r) => r === rows[0]);
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
