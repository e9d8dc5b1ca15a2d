// Cost of one frame of a live assistant reply, by how far the reply has grown. Each frame the
// reply grows by one streamed chunk and the live item is laid out again (src/ui/transcriptFit.ts:
// markdown rendered, then cut to the rows the screen has), exactly as the transcript does it.
// "markdown per frame" compares the markdown step alone with the way it was done before the
// block cache (the sliding window re-rendered whole), also for replies shaped to keep one block
// open all along; "worst" is the longest single frame of a normal reply over a step of the
// window's start; "whole render" is the markdown renderer on the
// whole reply at once: what a frame would cost with no window and no cache.
import { performance } from "node:perf_hooks";
import { layoutItem } from "../dist/ui/transcriptFit.js";
import { renderMarkdown } from "../dist/ui/markdown/index.js";
import { renderLiveRichText, renderRichText } from "../dist/ui/richText.js";
import { LIVE_CHARS, liveMarkdownTail } from "../dist/ui/displayCut.js";
import { sanitize } from "../dist/ui/sanitize.js";

/** A reply as models write them: headings, paragraphs, lists, code fences, tables. Deterministic. */
export function reply(size) {
  const parts = [];
  let n = 0;
  let i = 0;
  while (n < size) {
    const k = i % 5;
    let block;
    if (k === 0) block = `## Step ${i}\n\nThe **function** \`handle${i}\` reads the _input_ and returns [a value](https://example.com/${i}); see below for details on why.`;
    else if (k === 1) block = Array.from({ length: 4 }, (_, j) => `- item ${j} of list ${i} with \`code\` and **bold** text`).join("\n");
    else if (k === 2) block = "```ts\n" + Array.from({ length: 6 }, (_, j) => `const v${j} = compute(${j}, "s${i}"); // step ${j}`).join("\n") + "\n```";
    else if (k === 3) block = `| name | value | note |\n|---|---:|---|\n` + Array.from({ length: 4 }, (_, j) => `| row ${j} | ${i * j} | some *note* ${j} |`).join("\n");
    else block = `1. first point of ${i}\n2. second point, longer, with a [link](https://example.org)\n3. third`;
    parts.push(block);
    n += block.length + 2;
    i++;
  }
  return parts.join("\n\n").slice(0, size);
}

const WIDTH = 100;
const ROWS = 30;
const CHUNK = 40;

// The live path before the block cache: the last LIVE_CHARS, sliding with every delta, rendered
// whole on every frame. Kept here as the baseline the ratios compare against.
const before = (text) => renderMarkdown(sanitize(liveMarkdownTail(text, LIVE_CHARS)), { width: WIDTH, color: true });
const after = (text) => renderLiveRichText(text, WIDTH, true);
const frame = (text) => layoutItem({ kind: "assistant", id: "a", text, done: false }, { width: WIDTH, verbose: false, maxRows: ROWS });

/** Mean and worst ms per frame over `frames` frames, the reply growing from `size` by CHUNK chars a frame. */
function frames(full, size, count, draw, grow = true) {
  // Warm-up: the reply grows from nothing, as a stream would (in larger steps, to save time).
  if (grow) for (let len = 0; len < size - CHUNK * 20; len += 2048) draw(full.slice(0, len));
  for (let len = Math.max(0, size - CHUNK * 20); len < size; len += CHUNK) draw(full.slice(0, len));
  let total = 0;
  let worst = 0;
  for (let f = 0; f < count; f++) {
    const text = full.slice(0, size + f * CHUNK);
    const t0 = performance.now();
    draw(text);
    const ms = performance.now() - t0;
    total += ms;
    worst = Math.max(worst, ms);
  }
  return { mean: total / count, worst };
}

function wholeMs(full, size, rounds) {
  const text = full.slice(0, size);
  renderMarkdown(text, { width: WIDTH, color: true });
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) renderMarkdown(text + " ".repeat(r % 2), { width: WIDTH, color: true });
  return (performance.now() - t0) / rounds;
}

// Shapes that keep one block open for the whole reply: nothing is ever finished, so only the
// window bounds a frame.
const HOSTILE = {
  "open code fence": (n) => "```python\n" + "x = compute(1, 2)  # step\n\n".repeat(Math.ceil(n / 27)),
  "one paragraph, no blank line": (n) => "word **bold** `code` _em_ ".repeat(Math.ceil(n / 26)),
  "loose list": (n) => "- item with **bold**\n\n".repeat(Math.ceil(n / 22)),
  "emphasis runs": (n) => "*a **b ".repeat(Math.ceil(n / 7)),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const push = (map, key, value) => (map.get(key) ?? map.set(key, []).get(key)).push(value);

export async function run({ quick = false } = {}) {
  const sizes = quick ? [1, 16, 60] : [1, 16, 60, 256, 1024];
  const rounds = quick ? 1 : 3;
  const count = quick ? 20 : 100;
  // Enough frames to cross at least one step of the live window's start (16 KB).
  const long = quick ? 100 : 500;
  const full = reply(sizes.at(-1) * 1024 + long * CHUNK + 1);
  const m = new Map();
  // Interleaved rounds: every case once per round, the median of the rounds kept.
  for (let r = 0; r < rounds; r++) {
    for (const kb of sizes) {
      const size = kb * 1024;
      const f = frames(full, size, count, frame);
      push(m, `frame ${kb}`, f.mean);
      // The old way kept nothing between frames: no need to grow the reply first.
      push(m, `before ${kb}`, frames(full, size, count, before, false).mean);
      push(m, `after ${kb}`, frames(full, size, count, after).mean);
      if (kb <= 256) push(m, `whole ${kb}`, wholeMs(full, size, quick || kb > 60 ? 3 : 10));
    }
    push(m, "worst", frames(full, sizes.at(-1) * 1024, long, frame).worst);
    // A reply of 60 KB finishing: printed whole once (transcriptFit's printed()), right after its
    // last live frame, against the same render with nothing cached.
    const done = full.slice(0, 60 * 1024);
    frames(done, done.length - CHUNK, 1, after);
    let t0 = performance.now();
    renderRichText(done, WIDTH, true);
    push(m, "print warm", performance.now() - t0);
    t0 = performance.now();
    renderMarkdown(sanitize(done), { width: WIDTH, color: true });
    push(m, "print cold", performance.now() - t0);
    for (const [name, make] of Object.entries(HOSTILE)) {
      const text = make(sizes.at(-1) * 1024 + long * CHUNK);
      push(m, `hostile ${name}`, frames(text, sizes.at(-1) * 1024, quick ? 20 : 60, after).mean);
      push(m, `hostile before ${name}`, frames(text, sizes.at(-1) * 1024, quick ? 20 : 60, before, false).mean);
    }
  }
  const rows = [];
  const base = median(m.get("frame 1"));
  const note = `layoutItem, ${WIDTH} cols, ${ROWS} rows, +${CHUNK} chars a frame`;
  for (const kb of sizes) {
    const v = median(m.get(`frame ${kb}`));
    rows.push({ topic: "md-stream", case: `live frame at ${kb} KB`, value: +v.toFixed(3), unit: "ms", ratio: +(v / base).toFixed(2), note: `${note}; ratio vs 1 KB` });
  }
  for (const kb of sizes) {
    const b = median(m.get(`before ${kb}`));
    const a = median(m.get(`after ${kb}`));
    rows.push({ topic: "md-stream", case: `markdown per frame at ${kb} KB`, value: +a.toFixed(3), unit: "ms", ratio: +(a / b).toFixed(2), note: `ratio vs ${b.toFixed(3)} ms re-rendering the sliding window whole` });
  }
  rows.push({ topic: "md-stream", case: `worst live frame, ${sizes.at(-1)} KB + ${long} frames`, value: +median(m.get("worst")).toFixed(3), unit: "ms", note: "crosses a step of the window start" });
  const warm = median(m.get("print warm"));
  const cold = median(m.get("print cold"));
  rows.push({ topic: "md-stream", case: "print of a finished 60 KB reply", value: +warm.toFixed(3), unit: "ms", ratio: +(warm / cold).toFixed(3), note: `after its live frames; ratio vs ${cold.toFixed(3)} ms rendering it cold` });
  for (const name of Object.keys(HOSTILE)) {
    const v = median(m.get(`hostile ${name}`));
    const b = median(m.get(`hostile before ${name}`));
    rows.push({ topic: "md-stream", case: `markdown per frame, ${name}, ${sizes.at(-1)} KB`, value: +v.toFixed(3), unit: "ms", ratio: +(v / b).toFixed(2), note: `one block open all along; ratio vs ${b.toFixed(3)} ms before` });
  }
  const wbase = median(m.get("whole 1"));
  for (const kb of sizes.filter((k) => k <= 256)) {
    const v = median(m.get(`whole ${kb}`));
    rows.push({ topic: "md-stream", case: `whole render at ${kb} KB`, value: +v.toFixed(3), unit: "ms", ratio: +(v / wbase).toFixed(2), note: "renderMarkdown of the whole reply, for comparison; ratio vs 1 KB" });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("screen: one frame of a streaming markdown reply, by reply size");
  console.table(await run({ quick: process.argv.includes("--quick") }));
}
