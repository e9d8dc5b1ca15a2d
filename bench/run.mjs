// `npm run bench`: every benchmark, against the freshly built dist/.
import { run as reducerScale } from "./reducer-scale.mjs";
import { run as outputTail } from "./output-tail.mjs";
import { run as renderScale } from "./render-scale.mjs";
import { run as floodMemory } from "./flood-memory.mjs";
import { run as hugeDelta } from "./huge-delta.mjs";

console.log("reducer: one streamed assistant chunk, by transcript length");
console.table(reducerScale());
console.log("screen: frame after one streamed delta, by transcript length");
console.table(await renderScale());
console.log("screen: fitting a live output to 20 rows, by line length");
console.table(outputTail());
console.log("the real program under a flood of 214 000 deltas: memory (second row: heap capped at 200 MB)");
console.table([await floodMemory(), await floodMemory({ heapMb: 200 })]);
console.log("the real program receiving one 10 MB delta: event-loop delay, connection kept");
console.table([await hugeDelta()]);
