import type { SubagentSnapshot } from "../protocol/status.js";
import type { RuntimeState, TranscriptItem } from "../store/state.js";
import { draftMaxRows } from "./components/draftWindow.js";
import { rowCount } from "./transcriptRows.js";
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

/** What else is on screen below the live transcript, for its row budget. */
export interface Surroundings {
  rows: number;
  columns: number;
  /** The directive hint above the input and the draft being typed. */
  hint?: string | undefined;
  draft: string;
  queueLength: number;
  tabs: boolean;
  quitLines: number;
  /** Upper bounds of what overlays and cards take, from `overlayRows`. */
  overlays: number;
}

/** Every row has to be accounted for: the whole live region must stay below the terminal's height. */
export function liveTranscriptRows(s: Surroundings): number {
  // The draft is drawn one <Text> per line after "› "; the hint above it wraps.
  // A long draft scrolls within draftMaxRows (+1: the cursor past a full row may wrap once).
  const draft = rowCount(s.draft, s.columns - 2, draftMaxRows(s.rows) + 1);
  const input = (s.hint ? rowCount(s.hint, s.columns) : 0) + 2 + draft + 1;
  const queue = s.queueLength ? 4 + Math.min(s.queueLength, 5) + (s.queueLength > 5 ? 2 : 0) : 0;
  const status = 2 + (s.tabs ? 1 : 0);
  // One row so the frame is shorter than the terminal (as tall counts as full screen), one spare.
  return Math.max(1, s.rows - 2 - input - queue - status - s.quitLines - s.overlays);
}
