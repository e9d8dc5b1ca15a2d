import { gitDiffPath } from "../../store/memoryChanges.js";
import { textLines, type DiffRow } from "./diffRows.js";

// A git unified diff (`git show --format=`, what memory_commit_diff answers) as the approval
// cards' display rows, so a memory change in the transcript is drawn like an Edit's card. Strings
// stay raw; the view sanitises them.

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
/** git's per-file header lines that say nothing a reader needs (the file row names the file). */
const BOOKKEEPING = /^(index |similarity index |dissimilarity index |old mode |new mode |--- |\+\+\+ |rename to |copy from |copy to )/;

export function unifiedDiffRows(text: string): DiffRow[] {
  const rows: DiffRow[] = [];
  // Inside a hunk every line is content, even one that looks like a header ("--- rule").
  let inHunk = false;
  let oldNo = 0;
  let newNo = 0;
  for (const line of text === "" ? [] : textLines(text)) {
    if (line.startsWith("diff --git ")) {
      inHunk = false;
      rows.push({ kind: "file", path: gitDiffPath(line) });
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      rows.push({ kind: "hunk", text: line });
      continue;
    }
    if (line.startsWith("\\")) {
      rows.push({ kind: "note", text: "no newline at end of file" });
      continue;
    }
    if (inHunk && line.startsWith("+")) rows.push({ kind: "line", type: "add", new: newNo++, content: line.slice(1) });
    else if (inHunk && line.startsWith("-")) rows.push({ kind: "line", type: "remove", old: oldNo++, content: line.slice(1) });
    else if (inHunk && (line.startsWith(" ") || line === "")) rows.push({ kind: "line", type: "context", old: oldNo++, new: newNo++, content: line.slice(1) });
    else if (line.startsWith("new file mode")) rows.push({ kind: "note", text: "new file" });
    else if (line.startsWith("deleted file mode")) rows.push({ kind: "note", text: "file deleted" });
    else if (line.startsWith("rename from ")) rows.push({ kind: "note", text: `renamed from ${line.slice("rename from ".length)}` });
    else if (line.startsWith("Binary files ")) rows.push({ kind: "note", text: "binary file changed" });
    else if (rows.length > 0 && BOOKKEEPING.test(line)) continue;
    // Anything else is shown as it came: nothing the server sent is dropped unseen.
    else rows.push({ kind: "line", type: "context", content: line });
  }
  return rows;
}
