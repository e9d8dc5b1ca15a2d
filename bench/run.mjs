// `npm run bench`: every benchmark, against the freshly built dist/.
import { run as reducerScale } from "./reducer-scale.mjs";

console.log("reducer: one streamed assistant chunk, by transcript length");
console.table(reducerScale());
