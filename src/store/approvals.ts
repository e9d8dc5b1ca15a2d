import type { ControlRequest } from "../protocol/frames.js";
import { own } from "./own.js";
import type { ApprovalCard, RuntimeState } from "./state.js";
import { updateTool } from "./transcript.js";

// Approval cards key by request_id (perm-<tool_call_id>): a replayed control_request after
// sync or runtime_start must not produce a second card (PROTOCOL §2.3, §5.6).

export function addApproval(rt: RuntimeState, frame: ControlRequest): RuntimeState {
  const { request_id: id, request } = frame;
  const withTool = request.tool_call_id
    ? updateTool(rt, request.tool_call_id, (t) => ({
        ...t,
        name: request.tool_name,
        args: t.args || JSON.stringify(request.input),
        status: t.status === "running" || t.status === "success" ? t.status : "awaiting_approval",
      }))
    : rt;
  const existing = own(rt.approvals.byId, id);
  const card: ApprovalCard = {
    requestId: id,
    toolName: request.tool_name,
    toolCallId: request.tool_call_id,
    input: request.input,
    suggestions: (request.permission_suggestions ?? []).map((s) => ({ id: s.id, text: s.text })),
    diffs: request.diffs,
    // A replay while our answer is in flight must not reopen the card for a second answer.
    phase: existing?.phase === "sending" ? "sending" : "pending",
    replayed: existing !== undefined || undefined,
    // The prompt itself is newer than any status so far, a replay included (reconcileApprovals).
    listed: undefined,
  };
  const order = existing ? rt.approvals.order : [...rt.approvals.order, id];
  // A new prompt supersedes the notice of an old refused one.
  return { ...withTool, rejectedApproval: undefined, approvals: { order, byId: { ...rt.approvals.byId, [id]: card } } };
}

export function removeApproval(rt: RuntimeState, id: string): RuntimeState {
  if (!own(rt.approvals.byId, id)) return rt;
  const byId = { ...rt.approvals.byId };
  delete byId[id];
  return { ...rt, approvals: { order: rt.approvals.order.filter((x) => x !== id), byId } };
}

export function patchApproval(rt: RuntimeState, id: string, patch: Partial<ApprovalCard>): RuntimeState {
  const card = own(rt.approvals.byId, id);
  if (!card) return rt;
  return { ...rt, approvals: { ...rt.approvals, byId: { ...rt.approvals.byId, [id]: { ...card, ...patch } } } };
}

/**
 * The server's list of open prompts closes a card it no longer lists (answered here or by
 * another client, or cancelled: PROTOCOL §5.4), but only once a status has listed that card
 * since its control_request. Before that, the list may predate the card: 0.32.18, after a
 * restart, sends a card and in the same millisecond a status of an older moment
 * (`pending_control_requests: []`); trusting it dropped a card the server still waited on.
 * A card the server never lists still closes when its tool starts or returns, or when the
 * server refuses our answer to it.
 */
export function reconcileApprovals(rt: RuntimeState, pendingIds: string[]): RuntimeState {
  const open = new Set(pendingIds);
  return rt.approvals.order.reduce((acc, id) => {
    const card = own(acc.approvals.byId, id);
    if (open.has(id)) return card?.listed ? acc : patchApproval(acc, id, { listed: true });
    return card?.listed ? removeApproval(acc, id) : acc;
  }, rt);
}

/**
 * A tool that started or returned was answered already, here or by another client: its card
 * closes (PROTOCOL §5.4; there is no "approval resolved" event).
 */
export function closeApprovalForTool(rt: RuntimeState, toolCallId: string): RuntimeState {
  const id = rt.approvals.order.find((x) => own(rt.approvals.byId, x)?.toolCallId === toolCallId);
  return id ? removeApproval(rt, id) : rt;
}

/** "1 of 3" for the card of `toolCallId` within the batch the harness classified, if known. */
export function batchPosition(rt: RuntimeState, toolCallId: string | undefined): { index: number; total: number } | undefined {
  const ids = rt.classification?.needsUser ?? [];
  const i = toolCallId ? ids.indexOf(toolCallId) : -1;
  return i >= 0 && ids.length > 1 ? { index: i + 1, total: ids.length } : undefined;
}

/** The first card still waiting for the user, if any. */
export function focusedApproval(rt: RuntimeState | undefined): ApprovalCard | undefined {
  if (!rt) return undefined;
  for (const id of rt.approvals.order) {
    const card = own(rt.approvals.byId, id);
    if (card) return card;
  }
  return undefined;
}
