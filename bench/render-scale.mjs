// Frame time of the live screen as the transcript grows. Finished items are printed once through
// <Static>, so a frame after one streamed delta must cost the same with 20 or 8000 items behind
// it. Drives the real App from dist/ through Ink, with a fake terminal, measuring Ink's own
// renderTime for frames that follow a delta.
import { PassThrough, Writable } from "node:stream";
import { performance } from "node:perf_hooks";
import { createElement } from "react";
import { render } from "ink";
import { App } from "../dist/ui/App.js";
import { createStore } from "../dist/store/store.js";
import { parseFrame } from "../dist/protocol/parse.js";
import { initialState } from "../dist/store/state.js";

const scope = { agent_id: "a", conversation_id: "c" };
const frame = (f) => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
let seq = 0;
const delta = (d) => frame({ type: "stream_delta", runtime: scope, event_seq: ++seq, delta: { type: "message", ...d } });

class Terminal extends Writable {
  columns = 120;
  rows = 40;
  isTTY = true;
  bytes = 0;
  _write(chunk, _enc, cb) {
    this.bytes += chunk.length;
    cb();
  }
}

/** Enough of a TTY stdin for useInput (raw mode) without a terminal. */
class Keyboard extends PassThrough {
  isTTY = true;
  setRawMode() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

const noop = () => undefined;
const actions = { sendMessage: noop, answerApproval: noop, abort: noop, resumeQueue: noop, removeQueueItem: noop, resync: noop, retry: noop, quit: noop };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function frameTime(turns, incrementalRendering) {
  const store = createStore(initialState("ws://bench"));
  store.dispatch(frame({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope }));
  for (let i = 0; i < turns; i++) {
    store.dispatch({ type: "message_sent", scope, requestId: `in-${i}`, clientMessageId: `cm-${i}`, text: `message ${i}` });
    store.dispatch(frame({ type: "input_accepted", request_id: `in-${i}`, runtime: scope, accepted: true, disposition: "started" }));
    store.dispatch(delta({ message_type: "assistant_message", id: `as-${i}`, content: `reply **${i}** with \`code\` and more words `.repeat(3) }));
    store.dispatch(frame({ type: "turn_finished", runtime: scope, event_seq: ++seq, stop_reason: "end_turn" }));
  }
  const terminal = new Terminal();
  const times = [];
  let measuring = false;
  const app = render(createElement(App, { store, actions }), {
    stdout: terminal,
    stdin: new Keyboard(),
    interactive: true,
    patchConsole: false,
    exitOnCtrlC: false,
    incrementalRendering,
    onRender: ({ renderTime }) => measuring && times.push(renderTime),
  });
  await sleep(300); // the history is printed once, up front
  const printedBytes = terminal.bytes;
  measuring = true;
  const t0 = performance.now();
  for (let i = 0; i < 60; i++) {
    store.dispatch(delta({ message_type: "assistant_message", id: "live", content: `chunk ${i} ` }));
    await sleep(40); // a little over the 33 ms throttle: one frame per delta
  }
  const wall = performance.now() - t0;
  measuring = false;
  const bytesPerFrame = (terminal.bytes - printedBytes) / Math.max(1, times.length);
  app.unmount();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  return { frames: times.length, median, p95: times[Math.floor(times.length * 0.95)] ?? NaN, bytesPerFrame, wall };
}

export async function run() {
  const rows = [];
  for (const turns of [10, 1000, 4000]) {
    // The same options as src/cli/main.tsx uses for the real terminal.
    const r = await frameTime(turns, true);
    rows.push({
      "transcript items": turns * 2,
      frames: r.frames,
      "median ms/frame": r.median.toFixed(2),
      "p95 ms/frame": r.p95.toFixed(2),
      "bytes/frame": Math.round(r.bytesPerFrame),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("screen: frame after one streamed delta, by transcript length");
  console.table(await run());
}
