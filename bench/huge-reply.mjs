// A huge finished reply printed into the scrollback. Printed whole in one commit it froze the
// screen: 0.25 s for 40 KB, 0.85 s for 180 KB, 7.5 s for 2 MB. Measures the event-loop delay
// (p99 and longest block) from the turn's end until the reply is printed, through the real App
// on a fake terminal (see fake-terminal.mjs), and what was written. A reply that arrived at once
// is laid out cold at its print; one streamed frame by frame may have been rendered already.
process.env.NODE_ENV ??= "production";
const { performance } = await import("node:perf_hooks");
const { createStore } = await import("../dist/store/store.js");
const { parseFrame } = await import("../dist/protocol/parse.js");
const { initialState } = await import("../dist/store/state.js");
const { renderApp, loopDelay } = await import("./fake-terminal.mjs");

const scope = { agent_id: "a", conversation_id: "c" };
const frame = (f) => ({ type: "frame", parsed: parseFrame(JSON.stringify(f)) });
let seq = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Markdown shaped like a long answer: headings, prose with inline marks, lists, code blocks. */
export function reply(chars) {
  const parts = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const p =
      i % 4 === 0
        ? `## Section ${i}\n\nSome prose with **bold**, \`code\` and a [link](https://example.com/${i}) that runs on for a while to wrap.\n`
        : i % 4 === 1
          ? `- item ${i} one\n- item ${i} two with \`x\`\n- item ${i} three\n`
          : i % 4 === 2
            ? "```ts\nconst x = " + i + ";\nfunction f(a: number) {\n  return a * 2;\n}\n```\n"
            : `Plain paragraph ${i}: ${"words and more words ".repeat(6)}\n`;
    parts.push(p);
    n += p.length + 1;
  }
  return parts.join("\n").slice(0, chars);
}

/**
 * `streamed`: the reply arrives as the screen draws it, 8 KB a frame (the first 64 KB; the rest
 * at once), so whatever the live frames rendered may be reused by the print. Otherwise it
 * arrives in 64 KB deltas before the first frame, as a reply read from history would.
 */
export async function printReply(chars, streamed = false) {
  const store = createStore(initialState("ws://bench"));
  store.dispatch(frame({ type: "runtime_start_response", request_id: "r", success: true, runtime: scope }));
  store.dispatch({ type: "message_sent", scope, requestId: "in", clientMessageId: "cm", text: "write a lot" });
  store.dispatch(frame({ type: "input_accepted", request_id: "in", runtime: scope, accepted: true, disposition: "started" }));
  const text = reply(chars);
  const send = (part) => store.dispatch(frame({ type: "stream_delta", runtime: scope, event_seq: ++seq, delta: { type: "message", message_type: "assistant_message", id: "as", content: part } }));
  let frames = 0;
  let at = 0;
  let ui;
  if (streamed) {
    ui = renderApp(store, () => frames++);
    for (; at < Math.min(text.length, 65536); at += 2048) {
      send(text.slice(at, at + 2048));
      if (at % 8192 === 6144) await sleep(40); // a little over the 33 ms throttle: a frame
    }
  }
  for (; at < text.length; at += 65536) send(text.slice(at, at + 65536));
  const { app, terminal } = ui ?? renderApp(store, () => frames++);
  await sleep(200); // the live frame with the reply's end
  const before = terminal.bytes;
  global.gc?.(); // the garbage of streaming the reply in is not the print's
  let wall = 0;
  const delay = await loopDelay(async () => {
    const t0 = performance.now();
    store.dispatch(frame({ type: "turn_finished", runtime: scope, event_seq: ++seq, stop_reason: "end_turn" }));
    // Printed when nothing more is written for a while.
    let last = -1;
    while (terminal.bytes !== last) {
      last = terminal.bytes;
      wall = performance.now() - t0;
      await sleep(150);
    }
  });
  app.unmount();
  return { ...delay, wall, bytes: terminal.bytes - before };
}

const SIZES = [
  ["40 KB", 40 * 1024],
  ["180 KB", 180 * 1024],
  ["2 MB", 2 * 1024 * 1024],
];

export async function run({ quick = false } = {}) {
  const rows = [];
  const cases = [...SIZES.map(([name, chars]) => [name, chars, false]), ["40 KB streamed", 40 * 1024, true], ["180 KB streamed", 180 * 1024, true]];
  for (const [name, chars, streamed] of quick ? [cases[0], cases[3]] : cases) {
    const r = await printReply(chars, streamed);
    const note = `${Math.round(r.bytes / 1024)} KB written in ${r.wall.toFixed(0)} ms`;
    rows.push({ topic: "huge-reply", case: `${name} reply printed: loop delay p99`, value: +r.p99.toFixed(1), unit: "ms", note });
    rows.push({ topic: "huge-reply", case: `${name} reply printed: longest block`, value: +r.max.toFixed(1), unit: "ms" });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run({ quick: process.argv.includes("--quick") }));
}
