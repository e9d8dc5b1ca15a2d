// Cost of fitting one live tool output to its rows, by the length of its longest line. A tool
// that prints a megabyte on one line must cost no more per frame than one that prints a word.
import { performance } from "node:perf_hooks";
import { tailRows } from "../dist/ui/transcriptRows.js";
import { interleaved, ratiosTo } from "./table.mjs";

function msPerFit(chars, iterations = 50) {
  const text = `${"x".repeat(chars)}END`;
  tailRows(text, 20, 100); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) tailRows(text, 20, 100);
  return (performance.now() - t0) / iterations;
}

export async function run({ quick = false } = {}) {
  const sizes = [100, 100_000, 1_000_000];
  const ms = await interleaved(sizes, quick ? 1 : 7, (chars) => msPerFit(chars, quick ? 5 : 50));
  const rows = sizes.map((chars, i) => ({ topic: "output-tail", case: `fit one line of ${chars.toLocaleString("en-US")} chars to 20 rows`, value: ms[i], unit: "ms" }));
  return ratiosTo(rows, (r) => r === rows[0]);
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
