// Frame time of the live screen as the transcript grows. Finished items are printed once through
// <Static>, so a frame after one streamed delta must cost the same with 20 or 8000 items behind
// it. Drives the real App from dist/ through Ink, with a fake terminal, measuring Ink's own
// renderTime for frames that follow a delta.
import { performance } from "node:perf_hooks";
import { createStore } from "../dist/store/store.js";
import { parseFrame } from "../dist/protocol/parse.js";
import { initialState } from "../dist/store/state.js";
import { renderApp } from "./fake-terminal.mjs";
import { median, percentile, ratiosTo } from "./table.mjs";

const scope = { agent_id: "a", conversation_id: "c" };
const frame = (f) => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
let seq = 0;
const delta = (d) => frame({ type: "stream_delta", runtime: scope, event_seq: ++seq, delta: { type: "message", ...d } });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function frameTime(turns, incrementalRendering, frames) {
  const store = createStore(initialState("ws://bench"));
  store.dispatch(frame({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope }));
  for (let i = 0; i < turns; i++) {
    store.dispatch({ type: "message_sent", scope, requestId: `in-${i}`, clientMessageId: `cm-${i}`, text: `message ${i}` });
    store.dispatch(frame({ type: "input_accepted", request_id: `in-${i}`, runtime: scope, accepted: true, disposition: "started" }));
    store.dispatch(delta({ message_type: "assistant_message", id: `as-${i}`, content: `reply **${i}** with \`code\` and more words `.repeat(3) }));
    store.dispatch(frame({ type: "turn_finished", runtime: scope, event_seq: ++seq, stop_reason: "end_turn" }));
  }
  const times = [];
  let measuring = false;
  const { app, terminal } = renderApp(store, ({ renderTime }) => measuring && times.push(renderTime), incrementalRendering);
  await sleep(300); // the history is printed once, up front
  const printedBytes = terminal.bytes;
  measuring = true;
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    store.dispatch(delta({ message_type: "assistant_message", id: "live", content: `chunk ${i} ` }));
    await sleep(40); // a little over the 33 ms throttle: one frame per delta
  }
  const wall = performance.now() - t0;
  measuring = false;
  const bytesPerFrame = (terminal.bytes - printedBytes) / Math.max(1, times.length);
  app.unmount();
  return { frames: times.length, median: median(times), p95: percentile(times, 0.95), bytesPerFrame, wall };
}

export async function run({ quick = false } = {}) {
  const rows = [];
  // One uncounted mount first: the first one measured would pay for the JIT's warm-up.
  if (!quick) await frameTime(10, true, 20);
  for (const turns of quick ? [10, 100] : [10, 1000, 4000]) {
    // The same options as src/cli/main.tsx uses for the real terminal.
    const r = await frameTime(turns, true, quick ? 8 : 60);
    if (r.frames === 0) throw new Error(`no frame drawn with ${turns * 2} items`);
    rows.push({
      topic: "render-scale",
      case: `frame after one delta, ${(turns * 2).toLocaleString("en-US")} items`,
      value: r.median,
      unit: "ms",
      note: `median of ${r.frames} frames; p95 ${r.p95.toFixed(2)} ms; ${Math.round(r.bytesPerFrame)} bytes/frame`,
    });
  }
  return ratiosTo(rows, (r) => r === rows[0]);
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
