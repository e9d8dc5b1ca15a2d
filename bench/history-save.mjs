// What one send costs the sent-message history: the whole file is reread and rewritten (tmp +
// rename) on every push, so the cost grows with the file. Times a push into a full history
// (500 entries) of short messages and of messages at the stored-entry cap.
//
//   npm run build --silent && node bench/history-save.mjs
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SentHistoryFile, MAX_ENTRIES, MAX_ENTRY_CHARS } from "../dist/registry/sentHistory.js";
import { ratiosTo } from "./table.mjs";

export async function run({ quick = false } = {}) {
  const entries = quick ? 50 : MAX_ENTRIES;
  const rows = [];
  for (const chars of [100, MAX_ENTRY_CHARS]) {
    const dir = mkdtempSync(path.join(tmpdir(), "history-bench-"));
    try {
      const history = SentHistoryFile.open({ server: "ws://127.0.0.1:1/ws", dir });
      // Entries exactly `chars` long (a unique prefix, padded), so each is stored.
      const entry = (tag) => tag.padEnd(chars, "x");
      for (let i = 0; i < entries; i++) history.push(entry(`fill ${i} `));
      const pushes = quick ? 5 : 50;
      const t = performance.now();
      for (let i = 0; i < pushes; i++) history.push(entry(`timed ${i} `));
      rows.push({ topic: "history-save", case: `one push into ${entries} entries of ${chars.toLocaleString("en-US")} chars`, value: (performance.now() - t) / pushes, unit: "ms" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return ratiosTo(rows, (r) => r === rows[0]);
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
