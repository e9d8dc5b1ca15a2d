import { textLines, type DiffRow } from "../approval/diffRows.js";

// `git show`'s unified diff (memory_commit_diff) as the rows the approval cards draw: a file row
// per file, its hunks with the line numbers their headers give. Raw strings: the view sanitises.

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;
const GIT_HEADER = /^diff --git a\/(.*) b\/(.*)$/;

export function unifiedDiffRows(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  let inHunk = false;
  for (const line of diff === "" ? [] : textLines(diff)) {
    const header = GIT_HEADER.exec(line);
    if (header) {
      rows.push({ kind: "file", path: header[2]! });
      inHunk = false;
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      inHunk = true;
      rows.push({ kind: "hunk", text: line });
      continue;
    }
    if (!inHunk) {
      // The header lines between `diff --git` and the first hunk: only what a reader needs.
      if (line.startsWith("new file mode")) rows.push({ kind: "note", text: "new file" });
      else if (line.startsWith("deleted file mode")) rows.push({ kind: "note", text: "file deleted" });
      else if (line.startsWith("rename from ")) rows.push({ kind: "note", text: `renamed from ${line.slice(12)}` });
      else if (line.startsWith("Binary files")) rows.push({ kind: "note", text: "binary file changed" });
      continue;
    }
    if (line.startsWith("+")) rows.push({ kind: "line", type: "add", new: newNo++, content: line.slice(1) });
    else if (line.startsWith("-")) rows.push({ kind: "line", type: "remove", old: oldNo++, content: line.slice(1) });
    else if (line.startsWith("\\")) rows.push({ kind: "note", text: line.slice(2) });
    else rows.push({ kind: "line", type: "context", old: oldNo++, new: newNo++, content: line.startsWith(" ") ? line.slice(1) : line });
  }
  return rows;
}
