import type { Delta } from "../protocol/deltas.js";
import { STREAMED } from "./history.js";
import type { RuntimeState } from "./state.js";
import { textRowKey } from "./transcript.js";

// Runs streaming into one runtime at the same time. 0.32.18 does it after a freeze: a thawed
// server runs the old socket's copy of a message beside ours, or a late timer starts a run
// while another still streams, and it hands both runs' deltas the same message ids, so a row we
// assemble may be neither run's text and a row it later drops stays on screen (found by
// reliability-freeze: "reply w6" shown where the server kept ticks, "tick1…tick11" shown and
// never stored). While two runs are open, every row on the live tail is doubtful: the healer
// reads history when the turn ends, and the server's version wins (store/history.ts).

/** Open runs are few; a run whose end went to a lost connection must not make the list grow. */
const OPEN_RUNS_LIMIT = 8;
/** Rows whose run we remember: the newest few, enough for the rows a turn writes. */
const ROW_RUNS_LIMIT = 32;

const runOf = (delta: Delta): string | undefined => {
  const id = (delta as { run_id?: unknown }).run_id;
  return typeof id === "string" && id ? id : undefined;
};

/** After a delta of the main stream was applied: which runs are open, and whether they mix. */
export function noteRuns(rt: RuntimeState, delta: Delta): RuntimeState {
  const run = runOf(delta);
  if (!run) return rt;
  const open = rt.openRuns ?? [];
  if (delta.message_type === "stop_reason") return open.includes(run) ? withOpen(rt, open.filter((r) => r !== run)) : rt;
  // Only reply text counts: a run is open from its first text delta to its stop_reason. Its
  // approval and tool rows go on after a stop_reason of requires_approval, and counting them
  // would make every approval look like two runs at once.
  const key = textRowKey(delta);
  if (!key) return rt;
  let next = open.includes(run) ? rt : withOpen(rt, [...open, run].slice(-OPEN_RUNS_LIMIT));
  // A row another run wrote: the runs overlap even if we never saw both open at once (the
  // first one's stop_reason came before the second one's late deltas for the same id).
  const before = rt.rowRuns?.find(([k]) => k === key)?.[1];
  if (before !== run) next = { ...next, rowRuns: [...(rt.rowRuns ?? []).filter(([k]) => k !== key), [key, run] as const].slice(-ROW_RUNS_LIMIT) };
  const mixed = (next.openRuns?.length ?? 0) > 1 || (before !== undefined && before !== run);
  return mixed ? doubtLiveRows(next, key) : next;
}

/** A run's turn_finished: it streams no more. */
export function runFinished(rt: RuntimeState, run: string | null | undefined): RuntimeState {
  return run && rt.openRuns?.includes(run) ? withOpen(rt, rt.openRuns.filter((r) => r !== run)) : rt;
}

/** After a resync or an idle loop: what was open ended where we could not hear it. */
export function forgetRuns(rt: RuntimeState): RuntimeState {
  return rt.openRuns ? withOpen(rt, []) : rt;
}

function withOpen(rt: RuntimeState, open: string[]): RuntimeState {
  if (open.length === 0) {
    const { openRuns: _, ...rest } = rt;
    return rest;
  }
  return { ...rt, openRuns: open };
}

function doubtLiveRows(rt: RuntimeState, key?: string): RuntimeState {
  const t = rt.transcript;
  const live = t.order.filter((k) => STREAMED.has(t.items[k]!.kind));
  const keys = [...new Set([...(rt.doubtful?.keys ?? []), ...(rt.turnRows ?? []), ...live, ...(key ? [key] : [])])];
  if (rt.doubtful && keys.length === rt.doubtful.keys.length && rt.doubtful.turns === 0) return rt;
  return { ...rt, doubtful: { keys, turns: 0 } };
}
