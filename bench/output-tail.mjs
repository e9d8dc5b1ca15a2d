// Cost of fitting one live tool output to its rows, by the length of its longest line. A tool
// that prints a megabyte on one line must cost no more per frame than one that prints a word.
import { performance } from "node:perf_hooks";
import { tailRows } from "../dist/ui/transcriptRows.js";

function msPerFit(chars, iterations = 50) {
  const text = `${"x".repeat(chars)}END`;
  tailRows(text, 20, 100); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) tailRows(text, 20, 100);
  return (performance.now() - t0) / iterations;
}

export function run() {
  return [100, 100_000, 1_000_000].map((chars) => ({ "one line of": `${chars.toLocaleString("en-US")} chars`, "ms per fit": msPerFit(chars).toFixed(3) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("screen: fitting a live output to 20 rows, by line length");
  console.table(run());
}
