import { parseDelta } from "../protocol/deltas.js";
import { allItems, amendArchive, archiveHas, hasKey, lookup, settle } from "./archive.js";
import { stripInjectedContext } from "./injected.js";
import { own } from "./own.js";
import { emptyRuntime, type RuntimeState, type Transcript, type TranscriptItem } from "./state.js";
import { addNotice, addTurnEndNotice, applyDelta, dequeueLocal, isFinalToolStatus, upsertItem } from "./transcript.js";
import { isBusy } from "./loop.js";

// Backfill from conversation_messages_list (PROTOCOL §3.10). History messages have the same ids
// as the deltas that streamed them (assistant `id`, user `otid` = our client_message_id,
// `tool_call_id`), so merging by key shows every message once, however often we backfill.
//
// After a gap (a frozen or restarted server, a cut connection) the server's word wins: an item
// it has is replaced by its version (a reply we saw only in part gets its full text), in its
// order; items only we have (notes, a message still being sent) keep their place. Items already
// archived were printed for good: they are corrected in place and listed in Transcript.revised
// for the view to print again, marked, since the terminal's scrollback cannot be rewritten.

/** Message types history shows as rows; the rest (system prompt, events) are context. */
const SHOWN = new Set([
  "assistant_message",
  "reasoning_message",
  "hidden_reasoning_message",
  "user_message",
  "approval_request_message",
  "tool_call_message",
  "tool_return_message",
]);

const dateOf = (m: Record<string, unknown>): string => (typeof m.date === "string" ? m.date : "");

/**
 * The page oldest first. We ask for `order: desc`, so the page reversed is in order, messages of
 * one date included (they share a millisecond often); the stable sort fixes any other order.
 */
export function oldestFirst(messages: unknown[]): Record<string, unknown>[] {
  return messages
    .filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null && !Array.isArray(m))
    .reverse()
    // Only string dates order messages; anything else the server might send sorts first.
    .sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
}

/**
 * The server's version of every row the page holds, in its order: the page reduced on its own,
 * the way live deltas are (one row per tool call, its result on it). Text is complete; a tool
 * call without its result may still run.
 */
function serverRows(rt: RuntimeState, page: Record<string, unknown>[]): TranscriptItem[] {
  let scratch = emptyRuntime(rt.key, rt.scope);
  // Notes made from messages (task notifications) are keyed by the message, so a second page
  // finds the same note instead of adding it again.
  const noteIds = new Map<string, string>();
  for (const m of page) {
    const d = parseDelta(m.message_type === "user_message" ? stripInjectedContext(m) : m);
    if (!SHOWN.has(d.message_type)) continue;
    const seq = scratch.seq;
    scratch = applyDelta(scratch, d);
    // A message may carry several notifications: each of its notes gets a key of its own.
    if ("id" in d) for (let k = seq + 1; k <= scratch.seq; k++) noteIds.set(`notice:${k}`, `notice:history:${d.id ?? seq}${k > seq + 1 ? `:${k - seq}` : ""}`);
  }
  return allItems(scratch.transcript).map((it) => {
    if (it.kind === "notice") return { ...it, key: noteIds.get(it.key) ?? it.key };
    if (it.kind === "tool") return it;
    return { ...it, done: true };
  });
}

/**
 * Our row with the server's version of it laid over. While the turn runs, the server's copy of
 * a reply still streaming is a snapshot (it lists the message it is writing, and discards it if
 * the turn is cancelled): the row stays open, so a cut after this read still finds it
 * (noteCut), and the turn's end closes it.
 */
function overlay(ours: TranscriptItem, server: TranscriptItem, running: boolean): TranscriptItem {
  if (ours.kind === "user" && server.kind === "user") return { ...server, state: "started", done: true, ...(ours.elsewhere ? { elsewhere: true } : {}) };
  if (ours.kind !== "tool" || server.kind !== "tool") return running && !ours.done ? { ...server, done: false } : server;
  // Arguments we have in part get the full text; different ones were edited at approval time
  // (client_tool_start carries what ran), which history does not show.
  const args = ours.status === "streaming" || server.args.startsWith(ours.args) ? server.args : ours.args;
  const name = server.name !== "tool" ? server.name : ours.name;
  if (server.output === undefined) return { ...ours, name, args };
  const { interrupted: _, ...rest } = ours;
  const status = ours.status === "denied" ? "denied" : server.status;
  return { ...rest, name, args, output: server.output, outputFinal: true, status, done: true };
}

function sameItem(a: TranscriptItem, b: TranscriptItem): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  return Object.keys({ ...x, ...y }).every((k) => x[k] === y[k]);
}

/** The server says a turn is under way (before any status, nothing is known to run). */
const turnRunning = (rt: RuntimeState) => isBusy(rt.loop?.status);

/** Whether the server's row says the item came to its end (text is whole, a tool returned). */
const complete = (server: TranscriptItem) => server.kind !== "tool" || server.output !== undefined;

/**
 * Merge a page of history (any order) into the transcript: the server's version wins.
 * `afterGap`: a read after a lost connection or a resync. A reply or tool row it adds that we
 * never streamed went to the connection we lost, and may be a turn's that the server cancelled
 * when that connection closed: 0.32.18 lists such a partial reply until the next turn starts,
 * then drops it (reliability-proxy: `reply `, `Tool finished. `, never streamed to us, so no
 * cut held them). Such rows are doubtful like cut rows the server still lists (settleDoubtful).
 */
export function mergeHistory(rt: RuntimeState, messages: unknown[], afterGap = false): RuntimeState {
  const server = serverRows(rt, oldestFirst(messages));
  if (server.length === 0) return rt;
  const running = turnRunning(rt);
  const byKey = new Map(server.map((it) => [it.key, it]));
  const t = rt.transcript;

  // Printed rows: corrected in place, never moved.
  const amended: TranscriptItem[] = [];
  for (const s of server) {
    if (!archiveHas(t, s.key)) continue;
    const ours = lookup(t, s.key)!;
    const next = overlay(ours, s, false);
    if (!sameItem(next, ours)) amended.push(next);
  }

  // The live tail and what is new, in the server's order. Each row only we have follows the
  // server row it followed before (or stays first); a message still being sent stays last.
  const anchored = new Map<string | null, TranscriptItem[]>();
  const last: TranscriptItem[] = [];
  let anchor: string | null = null;
  for (const key of t.order) {
    const ours = t.items[key]!;
    if (byKey.has(key)) anchor = key;
    // (Another client's message we have not read yet keeps its place: its turn follows it.)
    else if (ours.kind === "user" && !ours.done && !ours.elsewhere) last.push(ours);
    else anchored.set(anchor, [...(anchored.get(anchor) ?? []), ours]);
  }
  const tail: TranscriptItem[] = [...(anchored.get(null) ?? [])];
  for (const s of server) {
    if (archiveHas(t, s.key)) continue;
    const ours = t.items[s.key];
    tail.push(ours ? overlay(ours, s, running) : s, ...(anchored.get(s.key) ?? []));
  }
  tail.push(...last);

  const order = tail.map((it) => it.key);
  const unchanged = amended.length === 0 && order.length === t.order.length && tail.every((it, i) => it === t.items[t.order[i]!] || sameItem(it, t.items[t.order[i]!]!));
  // A message of ours the server lists ran: it leaves our queue (its row is the server's).
  const queued = server.filter((s) => s.kind === "user" && own(rt.queuedMessages, s.key.slice("user:".length)));
  // A cut row the server has is whole only once the turn is over: until then its copy may be a
  // snapshot the server will discard with the cancelled turn (reliability-proxy: `reply `,
  // `Tool ` kept unmarked). The read at the turn's end decides (heal.ts).
  const cut = rt.cut && (!running || rt.cut.ended) ? { ...rt.cut, keys: rt.cut.keys.filter((k) => !(byKey.has(k) && complete(byKey.get(k)!))) } : rt.cut;
  if (unchanged && queued.length === 0 && (cut?.keys.length ?? 0) === (rt.cut?.keys.length ?? 0)) return settleDoubtful(rt, byKey);

  const kept = rt.cut && cut && !rt.cut.ended ? rt.cut.keys.filter((k) => !cut.keys.includes(k)) : [];
  const unseen = afterGap ? server.filter((s) => STREAMED.has(s.kind) && !hasKey(t, s.key)).map((s) => s.key) : [];
  let next: RuntimeState = cut ? { ...rt, cut } : rt;
  if (kept.length || unseen.length) next = { ...next, doubtful: { keys: [...new Set([...(next.doubtful?.keys ?? []), ...kept, ...unseen])], turns: 0 } };
  for (const q of queued) next = dequeueLocal(next, q.key.slice("user:".length));
  if (unchanged) return settleDoubtful(next, byKey);
  const items: Record<string, TranscriptItem> = {};
  for (const it of tail) items[it.key] = it;
  const merged: Transcript = { ...amendArchive(t, amended), order, items };
  return settleDoubtful({ ...next, transcript: settle(merged) }, byKey);
}

/**
 * Doubtful rows (RuntimeState.doubtful) against a page of history: one the server no longer
 * lists, though the page reaches back past it, was discarded with its cut turn: marked
 * interrupted. One still listed once a turn has finished since is the server's for good.
 */
function settleDoubtful(rt: RuntimeState, byKey: Map<string, TranscriptItem>): RuntimeState {
  const doubtful = rt.doubtful;
  if (!doubtful) return rt;
  const all = allItems(rt.transcript).map((it) => it.key);
  const firstListed = all.findIndex((k) => byKey.has(k));
  const dropped: TranscriptItem[] = [];
  const keys: string[] = [];
  for (const key of doubtful.keys) {
    const item = lookup(rt.transcript, key);
    if (!item || item.interrupted) continue;
    if (byKey.has(key)) {
      if (doubtful.turns === 0) keys.push(key);
    } else if (firstListed >= 0 && firstListed < all.indexOf(key)) dropped.push(item);
    else keys.push(key);
  }
  const next: RuntimeState = keys.length ? { ...rt, doubtful: { ...doubtful, keys } } : (({ doubtful: _, ...rest }) => rest)(rt);
  if (dropped.length === 0) return keys.length === doubtful.keys.length && doubtful.turns === 0 ? rt : next;
  return markInterrupted(next, dropped);
}

/** A turn finished: doubtful rows the next read still finds are kept for good. */
export const countDoubtfulTurn = (rt: RuntimeState): RuntimeState => (rt.doubtful ? { ...rt, doubtful: { ...rt.doubtful, turns: rt.doubtful.turns + 1 } } : rt);

/**
 * After the server's history came in: rows that were streaming when the connection was lost
 * and that history does not complete were cut off. They are marked so, closed, and the turn
 * gets a note, unless the server ended it itself (turn_finished came). Without history
 * (`historyLoaded` false) nothing is known, and nothing is marked.
 */
export function settleCut(rt: RuntimeState, historyLoaded: boolean): RuntimeState {
  const cut = rt.cut;
  if (!cut) return rt;
  const { cut: _, ...rest } = rt;
  let next: RuntimeState = rest;
  if (!historyLoaded) return next;
  const marked = cut.keys.map((k) => lookup(next.transcript, k)).filter((it): it is TranscriptItem => !!it && !it.interrupted && STREAMED.has(it.kind));
  if (marked.length === 0) return next;
  next = markInterrupted(next, marked);
  if (cut.ended) return next;
  return addTurnEndNotice({ ...next, lastStopReason: "interrupted" }, "warning", "turn interrupted: the connection was lost before it finished");
}

/** The kinds of row a turn's stream writes (cut, doubtful and turn rows are only these). */
export const STREAMED = new Set(["assistant", "reasoning", "tool"]);

/** Mark rows cut off, closed (a tool that never returned failed), wherever they are. */
function markInterrupted(rt: RuntimeState, rows: TranscriptItem[]): RuntimeState {
  const t0 = rt.transcript;
  const marked = rows.map((it): TranscriptItem => (it.kind === "tool" && !isFinalToolStatus(it.status) ? { ...it, status: "error", interrupted: true, done: true } : { ...it, interrupted: true, done: true }));
  const t = amendArchive(t0, marked.filter((it) => archiveHas(t0, it.key)));
  const items = { ...t.items };
  for (const it of marked) if (!archiveHas(t0, it.key)) items[it.key] = it;
  return { ...rt, transcript: settle({ ...t, items }) };
}

/**
 * Rows of the turn under way when the connection was lost (see settleCut): those still
 * streaming, and those the stream wrote since the turn last ended even if something closed
 * them (a history read mid-turn lists the reply being written; the server discards it when it
 * cancels the turn). The server's history after the turn says which of them it kept.
 */
export function noteCut(rt: RuntimeState): RuntimeState {
  const t = rt.transcript;
  const open = t.order.filter((k) => {
    const it = t.items[k]!;
    return !it.done && STREAMED.has(it.kind);
  });
  const now = [...(rt.turnRows ?? []).filter((k) => hasKey(t, k)), ...open];
  // A loss before the last one's cut was settled adds to it; rows cut now reopen its turn.
  const fresh = now.filter((k) => !rt.cut?.keys.includes(k));
  if (fresh.length === 0) return rt;
  return { ...rt, cut: { keys: [...(rt.cut?.keys ?? []), ...fresh], ended: false } };
}

/** At most this many rows of one turn are remembered for a cut (the oldest go first). */
const TURN_ROWS_LIMIT = 200;

/** After a stream delta: remember the rows it wrote; a turn's end forgets them. */
export function trackTurnRows(before: RuntimeState, after: RuntimeState, ended: boolean, stopReason?: unknown): RuntimeState {
  if (ended) return forgetTurnRows(after, stopReason);
  const t = after.transcript;
  let rows = after.turnRows;
  for (const k of t.order) {
    const it = t.items[k]!;
    if (it === before.transcript.items[k] || !STREAMED.has(it.kind) || rows?.includes(k)) continue;
    rows = [...(rows ?? []), k].slice(-TURN_ROWS_LIMIT);
  }
  return rows === after.turnRows ? after : { ...after, turnRows: rows };
}

/** The server ended the turn: its rows are no longer a cut's to take. (An idle status after a
 * resync is not enough: it can be stale while the stream goes on, found by reliability-proxy.) */
export function forgetTurnRows(rt: RuntimeState, stopReason?: unknown): RuntimeState {
  if (!rt.turnRows) return rt;
  const { turnRows, ...rest } = rt;
  // A cancelled turn (a message sent while it streamed interrupts it) is one whose messages
  // 0.32.18 drops, whole or not, with no gap at all (reliability-freeze, short freezes): its
  // rows are doubtful until history says (the healer reads it while any are).
  if (stopReason !== "cancelled") return rest;
  return { ...rest, doubtful: { keys: [...new Set([...(rt.doubtful?.keys ?? []), ...turnRows])], turns: 0 } };
}

/**
 * After a resync and backfill, settle our messages the server had queued but no longer lists
 * (its removed[] went to the connection we lost). One that ran (history shows it, or a run
 * consumed it) leaves the queue panel for the transcript; one that did not is gone: the server
 * drops a closed connection's queued items (PROTOCOL §1.6). It is reported, not resent: the
 * turn it waited behind may have been cancelled with the drop, so the user decides. Held
 * messages (never sent yet) and those still in the server's queue stay.
 */
export function settleQueuedAfterResync(rt: RuntimeState): RuntimeState {
  const inQueue = new Set(rt.queue.map((q) => q.client_message_id));
  const consumed = new Set(Object.values(rt.loop?.client_message_ids_by_run_id ?? {}).flat());
  let next = rt;
  for (const [id, queued] of Object.entries(rt.queuedMessages)) {
    if (queued.held || inQueue.has(id)) continue;
    next = dequeueLocal(next, id);
    if (hasKey(next.transcript, `user:${id}`)) continue;
    next = consumed.has(id)
      ? upsertItem(next, { kind: "user", key: `user:${id}`, text: queued.text, state: "started", done: true })
      : addNotice(next, "error", `queued message lost when the connection dropped: ${queued.text} — send it again`);
  }
  return next;
}
