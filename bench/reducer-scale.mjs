// Cost of one streamed delta as the transcript grows. It must stay flat, or long sessions slow
// down exactly when the user has the most to lose. Runs against the built code in dist/.
import { performance } from "node:perf_hooks";
import { parseFrame } from "../dist/protocol/parse.js";
import { reduce } from "../dist/store/reducer.js";
import { initialState } from "../dist/store/state.js";

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
function perChunk(turns, iterations = 5000) {
  let s = conversation(turns);
  const events = Array.from({ length: iterations }, (_, i) =>
    delta({ type: "message", message_type: "assistant_message", id: "live", content: `chunk ${i} ` }),
  );
  for (let i = 0; i < 500; i++) s = reduce(s, events[i % events.length]); // warm-up
  const t0 = performance.now();
  for (const e of events) s = reduce(s, e);
  return ((performance.now() - t0) * 1000) / iterations;
}

export function run() {
  const rows = [];
  for (const turns of [10, 1000, 4000]) rows.push({ "transcript items": turns * 2, "µs per delta": perChunk(turns).toFixed(2) });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("reducer: one streamed assistant chunk, by transcript length");
  console.table(run());
}
