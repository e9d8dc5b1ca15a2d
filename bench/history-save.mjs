// What one send costs the sent-message history: the whole file is reread and rewritten (tmp +
// rename) on every push, so the cost grows with the file. Times a push into a full history
// (500 entries) of short messages and of messages at the stored-entry cap.
//
//   npm run build --silent && node bench/history-save.mjs [dist-dir]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = path.resolve(process.argv[2] ?? "dist");
const { SentHistoryFile, MAX_ENTRIES, MAX_ENTRY_CHARS } = await import(pathToFileURL(path.join(dist, "registry", "sentHistory.js")).href);

const rows = [];
for (const chars of [100, MAX_ENTRY_CHARS]) {
  const dir = mkdtempSync(path.join(tmpdir(), "history-bench-"));
  const history = SentHistoryFile.open({ server: "ws://127.0.0.1:1/ws", dir });
  // Entries exactly `chars` long (a unique prefix, padded), so each is stored.
  const entry = (tag) => tag.padEnd(chars, "x");
  for (let i = 0; i < MAX_ENTRIES; i++) history.push(entry(`fill ${i} `));
  const pushes = 50;
  const t = performance.now();
  for (let i = 0; i < pushes; i++) history.push(entry(`timed ${i} `));
  rows.push({ "entry chars": chars, entries: MAX_ENTRIES, "ms per push": +((performance.now() - t) / pushes).toFixed(2) });
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
