// One topic of `npm run bench`, in a process of its own (forked by bench/run.mjs): its memory,
// its garbage and a crash stay its own, and a topic cannot slow the next one down.
// argv: module path, "quick" or "full". Sends { rows } or { error } back over IPC.
import { pathToFileURL } from "node:url";

const [modulePath, mode] = process.argv.slice(2);
let reply;
try {
  const { run } = await import(pathToFileURL(modulePath).href);
  if (typeof run !== "function") throw new Error("the module exports no run()");
  const rows = await run({ quick: mode === "quick" });
  if (!Array.isArray(rows)) throw new Error("run() returned no array of rows");
  reply = { rows };
} catch (err) {
  reply = { error: err instanceof Error ? err.message : String(err) };
}
process.send(reply, () => process.exit(0));
