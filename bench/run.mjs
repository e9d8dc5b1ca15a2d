// `npm run bench`: every benchmark, against the freshly built dist/.
import { run as reducerScale } from "./reducer-scale.mjs";
import { run as outputTail } from "./output-tail.mjs";
import { run as renderScale } from "./render-scale.mjs";

console.log("reducer: one streamed assistant chunk, by transcript length");
console.table(reducerScale());
console.log("screen: frame after one streamed delta, by transcript length");
console.table(await renderScale());
console.log("screen: fitting a live output to 20 rows, by line length");
console.table(outputTail());
