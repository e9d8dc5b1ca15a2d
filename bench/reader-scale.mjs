// The reader's cost per key as the conversation grows: scrolling a row or a page, drawing the
// rows on screen, and a letter typed in the search (narrowing). They must stay flat; the whole
// conversation is touched only when it opens and when a page arrives. A topic of `npm run bench`
// (alone: npm run build --silent && node bench/reader-scale.mjs).
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

/** Rows for the bench table: each cost at 8 000 and at 800 000 lines (ratio: the large to the small). */
export async function run({ quick = false } = {}) {
  const sizes = quick ? [100, 1_000] : [1_000, 100_000];
  const n = quick ? 50 : 2000;
  const rows = [];
  for (const turns of sizes) {
    let s = reader(turns);
    s = scroll(s, g, -(turns * 4)).state; // somewhere in the middle
    const searched = setQuery(s, g, "question 12").state;
    const lines = `${(turns * 8).toLocaleString("en-US")} lines`;
    const cost = {
      "scroll a row": us(() => scroll(s, g, -1), n),
      "scroll a page": us(() => scroll(s, g, -(g.height - 1)), n),
      "draw the rows on screen": us(() => visibleRows(s, g), n),
      'a letter narrowing "question 12"': us((i) => setQuery(searched, g, `question 12${i % 10}`), quick ? 20 : 200),
    };
    for (const [what, value] of Object.entries(cost)) rows.push({ topic: "reader-scale", case: `${what}, ${lines}`, value, unit: "µs", what });
    // The first letter looks at every line once (each later one only at the lines that matched).
    rows.push({ topic: "reader-scale", case: `the first letter of a search, ${lines}`, value: us(() => setQuery(s, g, "z"), quick ? 2 : 5) / 1000, unit: "ms", what: "first", note: "touches every line once" });
  }
  // Each cost at the large size against the same cost at the small one: flat is 1×.
  const small = new Map(rows.slice(0, rows.length / 2).map((r) => [r.what, r.value]));
  return rows.map(({ what, ...r }, i) => (i < rows.length / 2 ? r : { ...r, ratio: r.value / small.get(what) }));
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
