// Cost of one frame of a live assistant reply, by how far the reply has grown. Each frame the
// reply grows by one streamed chunk and the live item is laid out again (src/ui/transcriptFit.ts:
// markdown rendered, then cut to the rows the screen has), exactly as the transcript does it.
// "whole render" is the markdown renderer on the whole reply at once, for comparison: what a
// frame would cost if every frame re-rendered everything.
import { performance } from "node:perf_hooks";
import { layoutItem } from "../dist/ui/transcriptFit.js";
import { renderMarkdown } from "../dist/ui/markdown/index.js";

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

/** Mean ms per frame over `frames` frames, the reply growing from `size` by CHUNK chars per frame. */
function frameMs(full, size, frames) {
  const item = { kind: "assistant", id: "a", text: "", done: false };
  const frame = (len) => layoutItem({ ...item, text: full.slice(0, len) }, { width: WIDTH, verbose: false, maxRows: ROWS });
  for (let len = size - CHUNK * 20; len < size; len += CHUNK) frame(len); // warm-up, and a cache if there is one
  const t0 = performance.now();
  for (let f = 0; f < frames; f++) frame(size + f * CHUNK);
  return (performance.now() - t0) / frames;
}

function wholeMs(full, size, rounds) {
  const text = full.slice(0, size);
  renderMarkdown(text, { width: WIDTH, color: true });
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) renderMarkdown(text + " ".repeat(r % 2), { width: WIDTH, color: true });
  return (performance.now() - t0) / rounds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ quick = false } = {}) {
  const sizes = quick ? [1, 16, 60] : [1, 16, 60, 256, 1024];
  const rounds = quick ? 1 : 5;
  const frames = quick ? 20 : 100;
  const full = reply(sizes.at(-1) * 1024 + frames * CHUNK + 1);
  const live = new Map();
  const whole = new Map();
  // Interleaved rounds: every size once per round, the median of the rounds kept.
  for (let r = 0; r < rounds; r++) {
    for (const kb of sizes) {
      (live.get(kb) ?? live.set(kb, []).get(kb)).push(frameMs(full, kb * 1024, frames));
      if (kb <= 256) (whole.get(kb) ?? whole.set(kb, []).get(kb)).push(wholeMs(full, kb * 1024, quick ? 3 : 10));
    }
  }
  const rows = [];
  const base = median(live.get(1));
  for (const kb of sizes) {
    const v = median(live.get(kb));
    rows.push({ topic: "md-stream", case: `live frame at ${kb} KB`, value: +v.toFixed(3), unit: "ms", ratio: +(v / base).toFixed(2), note: `layoutItem, ${WIDTH} cols, ${ROWS} rows, +${CHUNK} chars/frame` });
  }
  const wbase = median(whole.get(1));
  for (const [kb, xs] of whole) {
    const v = median(xs);
    rows.push({ topic: "md-stream", case: `whole render at ${kb} KB`, value: +v.toFixed(3), unit: "ms", ratio: +(v / wbase).toFixed(2), note: "renderMarkdown of the whole reply, for comparison" });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("screen: one frame of a streaming markdown reply, by reply size");
  console.table(await run({ quick: process.argv.includes("--quick") }));
}
