// Cost of drawing the memory view as the memory grows: a listing builds the tree once; moving
// the selection or scrolling a file must then cost what the window shows, not the memory's size.
// Runs against the built code in dist/: `npm run build && node bench/memory-view.mjs 10000`.
import { performance } from "node:perf_hooks";
import { memoryLines } from "../dist/ui/views/memoryLines.js";

const n = Number(process.argv[2] ?? 10000);
const files = Array.from({ length: n }, (_, i) => ({ path: `notes/d${i % 50}/f${i}.md`, system: false, description: `file ${i}`, size: 4000, kind: "markdown", body: "line\n".repeat(800) }));
const tree = { agent: "a", files, enabled: true, changed: [], collapsed: [], sel: n / 2, screen: { kind: "tree" } };
const o = { width: 100, color: false, now: 0 };
const time = (run, times = 1) => {
  const t = performance.now();
  for (let i = 0; i < times; i++) run(i);
  return +((performance.now() - t) / times).toFixed(3);
};
const file = { ...tree, screen: { kind: "file", path: files[0].path, scroll: 0 } };
console.log(
  JSON.stringify({
    files: n,
    treeListedMs: time(() => memoryLines(tree, o)),
    treeMoveMs: time((i) => memoryLines({ ...tree, sel: i }, o), 100),
    fileOpenMs: time(() => memoryLines(file, o)),
    fileScrollMs: time((i) => memoryLines({ ...file, screen: { ...file.screen, scroll: i } }, o), 100),
  }),
);
