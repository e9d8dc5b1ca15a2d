import type { TranscriptItem } from "../store/state.js";
import { colorEnabled } from "./color.js";
import { renderRows } from "./approval/DiffView.js";
import { unifiedDiffRows } from "./approval/unifiedDiff.js";
import { sanitizeLine } from "./sanitize.js";

// How a memory change reads in the transcript: one line (the file, what happened, its counts),
// and under it, expanded, the commit's diff drawn like an approval card's.

type MemoryItem = Extract<TranscriptItem, { kind: "memory" }>;

/** "memory: system/human.md changed, +3 −1" (a rename names both paths). */
export function memoryHeadline(item: MemoryItem): string {
  const what = item.change === "renamed" && item.from !== undefined ? `${item.from} renamed to ${item.path}` : `${item.path} ${item.change}`;
  return sanitizeLine(`memory: ${what}, +${item.added} −${item.removed}`);
}

/** The diff under the line, one display string per row (SGR colour only when `color`). */
export function memoryDiffLines(item: MemoryItem, color = colorEnabled()): string[] {
  // The line above names the file: its own file row would say it twice.
  const rows = unifiedDiffRows(item.diff).filter((r, i) => !(i === 0 && r.kind === "file"));
  return renderRows(rows, color);
}
