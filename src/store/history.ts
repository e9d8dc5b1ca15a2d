import { parseDelta, type Delta } from "../protocol/deltas.js";
import type { RuntimeState } from "./state.js";
import { hasKey, settle } from "./archive.js";
import { addNotice, applyDelta, dequeueLocal, getItem, upsertItem } from "./transcript.js";

// Backfill from conversation_messages_list (PROTOCOL §3.10). History messages have the same ids
// as the deltas that streamed them (assistant `id`, user `otid` = our client_message_id,
// `tool_call_id`), so merging by key shows every message once, however often we backfill.

/** `<system-reminder>` parts are context the harness injects for the model, not user text. */
function stripReminders(message: Record<string, unknown>): Record<string, unknown> {
  const content = message.content;
  if (typeof content === "string") return { ...message, content: content.replace(/<system-reminder>[\s\S]*?<\/system-reminder>\s*/g, "") };
  if (!Array.isArray(content)) return message;
  const kept = content.filter((p) => !(typeof p?.text === "string" && p.text.trimStart().startsWith("<system-reminder>")));
  return { ...message, content: kept };
}

function keysOf(d: Delta): string[] {
  switch (d.message_type) {
    case "assistant_message":
      return [`assistant:${d.id ?? d.run_id ?? "?"}`];
    case "reasoning_message":
    case "hidden_reasoning_message":
      return [`reasoning:${d.id ?? "hidden"}`];
    case "user_message":
      return [`user:${d.otid ?? d.id ?? "?"}`];
    case "approval_request_message":
    case "tool_call_message": {
      const calls = d.tool_calls?.length ? d.tool_calls : d.tool_call ? [d.tool_call] : [];
      return calls.map((c) => `tool:${c.tool_call_id ?? "?"}`);
    }
    default:
      return [];
  }
}

/** Whether a history message adds something the transcript does not have yet. */
function isNew(rt: RuntimeState, d: Delta): boolean {
  if (d.message_type === "tool_return_message") {
    const ids = d.tool_returns?.length ? d.tool_returns.map((r) => r.tool_call_id) : d.tool_call_id ? [d.tool_call_id] : [];
    // A result lost while we were away still belongs on the row we already show.
    return ids.some((id) => getItem(rt, `tool:${id}`, "tool")?.output === undefined);
  }
  const keys = keysOf(d);
  return keys.length > 0 && keys.some((k) => !hasKey(rt.transcript, k));
}

const dateOf = (m: Record<string, unknown>): string => (typeof m.date === "string" ? m.date : "");

/** Merge a page of history (any order) into the transcript without duplicates. */
export function mergeHistory(rt: RuntimeState, messages: unknown[]): RuntimeState {
  const parsed = messages
    .filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null)
    // Only string dates order messages; anything else the server might send sorts first.
    .sort((a, b) => dateOf(a).localeCompare(dateOf(b)))
    .map((m) => parseDelta(m.message_type === "user_message" ? stripReminders(m) : m));
  let next = rt;
  const touched = new Set<string>();
  for (const d of parsed) {
    if (d.message_type === "unknown" || !isNew(next, d)) continue;
    const before = new Set(next.transcript.order);
    next = applyDelta(next, d);
    for (const k of next.transcript.order) if (!before.has(k)) touched.add(k);
    if (d.message_type === "tool_return_message") {
      for (const r of d.tool_returns ?? []) touched.add(`tool:${r.tool_call_id}`);
    }
  }
  if (touched.size === 0) return next;
  // History messages are complete: nothing will stream into them any more.
  const t = next.transcript;
  const items = { ...t.items };
  for (const k of touched) {
    const item = items[k];
    if (item && !item.done) items[k] = { ...item, done: true };
  }
  return { ...next, transcript: settle({ ...t, items }) };
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
