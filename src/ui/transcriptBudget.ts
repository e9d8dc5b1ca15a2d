import type { SubagentSnapshot } from "../protocol/status.js";
import type { RuntimeState, TranscriptItem } from "../store/state.js";
import { layoutItem, subagentRows, type ItemLayout } from "./transcriptFit.js";

// One row budget for every live item together. The newest item is what is streaming, so it is
// fitted first and gets what it needs; older live items share what is left, and those that do
// not fit at all are counted in one line (they are printed into the scrollback when done).

/** Background subagents shown at most, when their Task row has already been printed. */
const ORPHAN_LIMIT = 3;

export interface FittedItem {
  item: TranscriptItem;
  layout: ItemLayout;
  subagents: SubagentSnapshot[] | undefined;
}

export interface LiveFit {
  fitted: FittedItem[];
  /** Live items left out for want of rows. */
  hidden: number;
  /** Running subagents whose Task row is no longer live (background ones), shown on their own. */
  orphans: SubagentSnapshot[];
  /** Rows all of it takes. */
  rows: number;
}

const isFinished = (s: SubagentSnapshot) => s.status === "completed" || s.status === "error";

/** Rows of the block of subagents without a live Task row: a heading and one block. */
export function orphanRows(orphans: readonly SubagentSnapshot[], activity: Record<string, string>): number {
  return orphans.length ? 2 + subagentRows(orphans, activity) : 0;
}

export function fitLive(
  runtime: RuntimeState | undefined,
  live: readonly TranscriptItem[],
  o: { width: number; verbose: boolean; rows: number },
): LiveFit {
  const activity = runtime?.subagentActivity ?? {};
  const liveTools = new Set(live.flatMap((i) => (i.kind === "tool" ? [i.toolCallId] : [])));
  const all = runtime?.subagents ?? [];
  let orphans = all.filter((s) => !isFinished(s) && !(s.tool_call_id && liveTools.has(s.tool_call_id))).slice(0, ORPHAN_LIMIT);
  if (orphanRows(orphans, activity) > o.rows / 2) orphans = [];
  // One row is kept for the "… N earlier items" line, in case it is needed.
  let left = o.rows - orphanRows(orphans, activity) - 1;
  const fitted: FittedItem[] = [];
  for (let i = live.length - 1; i >= 0; i--) {
    const item = live[i]!;
    const subagents = item.kind === "tool" ? all.filter((s) => s.tool_call_id === item.toolCallId) : undefined;
    const layout = layoutItem(item, { width: o.width, verbose: o.verbose, maxRows: left, subagents, subagentActivity: activity });
    if (layout.rows > left) break;
    fitted.unshift({ item, layout, subagents });
    left -= layout.rows;
  }
  const hidden = live.length - fitted.length;
  return { fitted, hidden, orphans, rows: o.rows - left - (hidden > 0 ? 0 : 1) };
}
