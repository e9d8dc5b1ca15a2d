// Cost of laying out the live region per frame: every view states its height (the approval
// card counts its body's rows from the same lines it draws) and liveLayout hands out the rows.
// "cold": the card just changed (a keystroke in its field, a new card): heights measured
// again; "warm": a frame where only the transcript moved, heights remembered.
import { performance } from "node:perf_hooks";
import { initialState } from "../dist/store/state.js";
import { layoutCache, liveLayout } from "../dist/ui/layout/liveRegion.js";

const state = initialState("ws://bench");
const input = { field: { value: "", cursor: 0 }, focus: false, hint: undefined };
const quiet = { queue: { rows: [], selected: null }, quit: { armed: false, confirming: false, atWork: [] } };

function cardOf(lines) {
  const content = Array.from({ length: lines }, (_, i) => `line ${i}: ${"word ".repeat(12)}`).join("\n");
  const card = { requestId: "r", toolName: "Write", input: { file_path: "/repo/big.txt", content }, suggestions: [], phase: "pending" };
  return { card, step: { step: "choose", highlight: 0 }, options: [{ key: "approve", label: "Yes" }, { key: "deny", label: "No" }], expanded: false, field: { value: "", cursor: 0 } };
}

function msPerFrame(lines, rows, warm, iterations = 30) {
  const card = cardOf(lines);
  const cache = layoutCache();
  const views = { rows, columns: 120, state, input, ...quiet, card };
  liveLayout(views, cache); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) liveLayout(warm ? views : { ...views, card: { ...card, field: { value: "x".repeat(i), cursor: i } } }, warm ? cache : layoutCache());
  return (performance.now() - t0) / iterations;
}

export function run() {
  return [100, 5_000].flatMap((lines) =>
    [40, 15].map((rows) => ({ "Write card of": `${lines.toLocaleString("en-US")} lines`, "terminal rows": rows, "ms cold": msPerFrame(lines, rows, false).toFixed(2), "ms warm": msPerFrame(lines, rows, true).toFixed(3) })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log("screen: laying out the live region with an approval card, per frame");
  console.table(run());
}
