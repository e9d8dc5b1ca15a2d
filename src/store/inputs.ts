import { removeApproval } from "./approvals.js";
import { own } from "./own.js";
import type { RuntimeState } from "./state.js";
import { addNotice, dequeueLocal, getItem, removeItem, updateTool, upsertItem } from "./transcript.js";

// What became of what we sent: messages (sent, queued behind a turn, dropped) and approval
// answers (applied, or refused with the card kept to show why).

/**
 * `removed[]` lists queue transitions since the last frame (PROTOCOL §4.4): a dequeued message
 * of ours enters the transcript now (its echo may never come when messages are coalesced); a
 * cancelled one is dropped with a note, so the user knows it will not run.
 */
export function applyQueue(rt: RuntimeState, removed: { client_message_id?: string | null; disposition?: string }[]): RuntimeState {
  let next = rt;
  for (const r of removed) {
    const id = r.client_message_id;
    const held = id ? own(next.queuedMessages, id) : undefined;
    if (!id || !held) continue;
    next = dequeueLocal(next, id);
    next =
      r.disposition === "cancelled"
        ? addNotice(next, "warning", `queued message dropped: ${held.text}`)
        : upsertItem(next, { kind: "user", key: `user:${id}`, text: held.text, state: "started", done: true });
  }
  return next;
}

/** Resolve an `input_accepted` (or a local failure) against what that input was for. */
export function settleInput(rt: RuntimeState, requestId: string, accepted: boolean, error?: string, disposition?: string): RuntimeState {
  const pending = own(rt.pendingInputs, requestId);
  if (!pending) return rt;
  const pendingInputs = { ...rt.pendingInputs };
  delete pendingInputs[requestId];
  const next = { ...rt, pendingInputs };
  if (pending.kind === "approval") {
    if (accepted) {
      const closed = removeApproval(next, pending.approvalId);
      if (pending.behavior !== "deny" || !pending.toolCallId) return closed;
      return updateTool(closed, pending.toolCallId, (t) => ({ ...t, status: "denied" }));
    }
    // Typical: "Approval request is no longer pending" (answered elsewhere, or the turn ended).
    // The card closes with the error shown on it; the notice keeps it in the transcript.
    const reason = error ?? "rejected";
    const card = own(next.approvals.byId, pending.approvalId);
    const noted = addNotice(removeApproval(next, pending.approvalId), "warning", `approval not applied: ${reason}`);
    return card ? { ...noted, rejectedApproval: { card, error: reason, seq: noted.seq } } : noted;
  }
  const key = `user:${pending.clientMessageId}`;
  const item = getItem(next, key, "user");
  if (!item) return next;
  if (!accepted) return upsertItem(next, { ...item, state: "failed", error: error ?? "rejected", done: true });
  if (disposition === "queued") {
    // It runs later: show it in the queue panel until its turn starts (echo or removed[]).
    const held = { ...next.queuedMessages, [pending.clientMessageId]: { text: item.text } };
    return removeItem({ ...next, queuedMessages: held }, key);
  }
  return upsertItem(next, { ...item, state: "started", done: true });
}
