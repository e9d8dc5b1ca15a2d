// The reader's cost per key as the conversation grows: scrolling a row or a page, drawing the
// rows on screen, and a letter typed in the search (narrowing). They must stay flat; the whole
// conversation is touched only when it opens and when a page arrives. Against dist/ (build first):
//   npm run build --silent && node bench/reader-scale.mjs
import { performance } from "node:perf_hooks";
import { openReader, scroll, setQuery, visibleRows } from "../dist/ui/reader/model.js";

const g = { width: 120, height: 40 };
const on = { agent_id: "a", conversation_id: "c" };

function reader(turns) {
  const lines = [];
  for (let i = 0; i < turns; i++) lines.push("## You", "", `question ${i} about the build`, "", "## Agent", "", `reply ${i} `.repeat(30), "");
  return { ...openReader(on, lines, new Set()), screen: "on" };
}

function us(fn, n = 2000) {
  for (let i = 0; i < 200; i++) fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t0) * 1000) / n;
}

for (const turns of [1_000, 100_000]) {
  let s = reader(turns);
  s = scroll(s, g, -(turns * 4)).state; // somewhere in the middle
  const searched = setQuery(s, g, "question 12").state;
  const row = us(() => scroll(s, g, -1));
  const page = us(() => scroll(s, g, -(g.height - 1)));
  const draw = us(() => visibleRows(s, g));
  const letter = us((i) => setQuery(searched, g, `question 12${i % 10}`), 200);
  // The first letter looks at every line once (each later one only at the lines that matched).
  const first = us(() => setQuery(s, g, "z"), 5);
  console.log(
    `${(turns * 8).toLocaleString("en-US")} lines: row ${row.toFixed(1)} µs · page ${page.toFixed(1)} µs · draw ${draw.toFixed(1)} µs · ` +
      `a letter narrowing "question 12" ${letter.toFixed(1)} µs · the first letter ${(first / 1000).toFixed(1)} ms`,
  );
}
