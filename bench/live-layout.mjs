// Cost of laying out the live region per frame: every view states its height (the approval
// card counts its body's rows from the same lines it draws) and liveLayout hands out the rows.
// "cold": the card just changed (a keystroke in its field, a new card): heights measured
// again; "warm": a frame where only the transcript moved, heights remembered.
import { performance } from "node:perf_hooks";
import { initialState } from "../dist/store/state.js";
import { layoutCache, liveLayout } from "../dist/ui/layout/liveRegion.js";
import { interleaved } from "./table.mjs";

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

export async function run({ quick = false } = {}) {
  const cases = [];
  for (const lines of quick ? [100, 1_000] : [100, 5_000]) for (const rows of [40, 15]) for (const warm of [false, true]) cases.push({ lines, rows, warm });
  const ms = await interleaved(cases, quick ? 1 : 5, (c) => msPerFrame(c.lines, c.rows, c.warm, quick ? 5 : 30));
  const rows = cases.map((c, i) => ({ topic: "live-layout", case: `Write card of ${c.lines.toLocaleString("en-US")} lines, ${c.rows} rows, ${c.warm ? "warm" : "cold"}`, value: ms[i], unit: "ms" }));
  // Beside each: the same layout with the 100-line card, so growth with the card shows.
  return rows.map((r) => ({ ...r, ratio: r.value / rows.find((b) => b.case === r.case.replace(/of [\d,]+ lines/, "of 100 lines")).value }));
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
