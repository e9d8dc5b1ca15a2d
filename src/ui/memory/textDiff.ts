import { textLines, type DiffRow } from "../approval/diffRows.js";

// The diff of two versions of a file, as the rows the approval cards draw: what a write from
// the memory view (an edit, a restore, a new file) would change, shown before it is confirmed.

/** Lines of context around each change, as git shows them. */
const CONTEXT = 3;
/** Beyond this many line pairs (after the common head and tail) the diff is "all of it replaced": cost stays bounded. */
const MAX_CELLS = 4_000_000;

type Op = { type: "context" | "add" | "remove"; old?: number; new?: number; content: string };

/** Line operations turning `a` into `b`: a longest common subsequence over what differs. */
function ops(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ma = a.slice(head, a.length - tail);
  const mb = b.slice(head, b.length - tail);
  const out: Op[] = [];
  for (let i = 0; i < head; i++) out.push({ type: "context", old: i + 1, new: i + 1, content: a[i]! });
  const n = ma.length;
  const m = mb.length;
  if (n * m > MAX_CELLS) {
    ma.forEach((content, i) => out.push({ type: "remove", old: head + i + 1, content }));
    mb.forEach((content, j) => out.push({ type: "add", new: head + j + 1, content }));
  } else {
    // lcs[i][j]: the common length of ma[i..] and mb[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) lcs[i * w + j] = ma[i] === mb[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ma[i] === mb[j]) {
        out.push({ type: "context", old: head + i + 1, new: head + j + 1, content: ma[i]! });
        i++;
        j++;
      } else if (j < m && (i >= n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        out.push({ type: "add", new: head + j + 1, content: mb[j]! });
        j++;
      } else {
        out.push({ type: "remove", old: head + i + 1, content: ma[i]! });
        i++;
      }
    }
    // Removals first within a run of changes, as git prints them.
    for (let k = head; k < out.length; k++) {
      if (out[k]!.type === "context") continue;
      let end = k;
      while (end < out.length && out[end]!.type !== "context") end++;
      const run = out.slice(k, end);
      out.splice(k, run.length, ...run.filter((o) => o.type === "remove"), ...run.filter((o) => o.type === "add"));
      k = end;
    }
  }
  for (let t = 0; t < tail; t++) {
    const ai = a.length - tail + t;
    const bi = b.length - tail + t;
    out.push({ type: "context", old: ai + 1, new: bi + 1, content: a[ai]! });
  }
  return out;
}

const lines = (text: string) => (text === "" ? [] : textLines(text));

/** Rows of the change from `before` to `after`, in hunks with context; a note when nothing changes. */
export function textDiffRows(path: string, before: string, after: string): DiffRow[] {
  const all = ops(lines(before), lines(after));
  const rows: DiffRow[] = [{ kind: "file", path }];
  const changed = all.map((o, i) => (o.type === "context" ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [...rows, { kind: "note", text: before === after ? "no changes" : "only the line endings change" }];
  // Hunks: changed lines with CONTEXT lines around them, merged when they touch.
  let start = Math.max(0, changed[0]! - CONTEXT);
  let end = Math.min(all.length, changed[0]! + CONTEXT + 1);
  const hunks: [number, number][] = [];
  for (const i of changed.slice(1)) {
    if (i - CONTEXT <= end) end = Math.min(all.length, i + CONTEXT + 1);
    else {
      hunks.push([start, end]);
      start = Math.max(0, i - CONTEXT);
      end = Math.min(all.length, i + CONTEXT + 1);
    }
  }
  hunks.push([start, end]);
  for (const [s, e] of hunks) {
    const part = all.slice(s, e);
    const oldStart = part.find((o) => o.old !== undefined)?.old ?? 0;
    const newStart = part.find((o) => o.new !== undefined)?.new ?? 0;
    const oldCount = part.filter((o) => o.type !== "add").length;
    const newCount = part.filter((o) => o.type !== "remove").length;
    rows.push({ kind: "hunk", text: `@@ -${oldCount ? oldStart : 0},${oldCount} +${newCount ? newStart : 0},${newCount} @@` });
    for (const o of part) rows.push({ kind: "line", type: o.type, ...(o.old !== undefined && o.type !== "add" ? { old: o.old } : {}), ...(o.new !== undefined && o.type !== "remove" ? { new: o.new } : {}), content: o.content });
  }
  return rows;
}

/** "+3 −1": lines added and removed in rows. */
export function diffCounts(rows: readonly DiffRow[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const r of rows) if (r.kind === "line") r.type === "add" ? added++ : r.type === "remove" ? removed++ : undefined;
  return { added, removed };
}
