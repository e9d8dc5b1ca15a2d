import type { PermissionMode, RuntimeScope } from "../protocol/runtime.js";
import type { ServerLink } from "../transport/link.js";

// Runtime-scoped commands whose only effect on our side is what the server broadcasts back
// (update_queue, update_device_status, turn_finished): they resolve once sent and answered.

export async function abort(client: ServerLink, scope: RuntimeScope, timeoutMs?: number): Promise<void> {
  await client.request({ type: "abort_message", request_id: client.newRequestId("abort"), runtime: scope }, "abort_message_response", timeoutMs);
}

/**
 * change_device_state has no response frame: the new mode shows up in update_device_status,
 * which is what the status line reads, never our own idea of the mode.
 */
export async function setMode(client: ServerLink, scope: RuntimeScope, mode: PermissionMode): Promise<void> {
  client.send({ type: "change_device_state", request_id: client.newRequestId("mode"), runtime: scope, payload: { mode } });
}

/**
 * The conversation's working directory. Like the mode, no answer: the new cwd shows in
 * update_device_status. The server silently keeps the old one for a path that does not exist,
 * so the caller checks it first (/cwd lists it with list_in_directory).
 */
export async function setCwd(client: ServerLink, scope: RuntimeScope, cwd: string): Promise<void> {
  client.send({ type: "change_device_state", request_id: client.newRequestId("cwd"), runtime: scope, payload: { cwd } });
}

/** Release the items abort_message paused, without sending a new message. */
export async function resumeQueue(client: ServerLink, scope: RuntimeScope, timeoutMs?: number): Promise<void> {
  await client.request({ type: "resume_queue", request_id: client.newRequestId("rq"), runtime: scope }, "resume_queue_response", timeoutMs);
}

/** The server answers with a fresh update_queue either way, which repairs a stale panel. */
export async function removeQueueItem(client: ServerLink, scope: RuntimeScope, itemId: string, timeoutMs?: number): Promise<void> {
  if (scope.agent_id === null) throw new Error("this server cannot remove queue items of agent-free conversations");
  const runtime = { agent_id: scope.agent_id, conversation_id: scope.conversation_id };
  await client.request({ type: "remove_queue_item", request_id: client.newRequestId("rm"), runtime, item_id: itemId }, "remove_queue_item_response", timeoutMs);
}

export interface ConversationChoice {
  id: string;
  title?: string;
  lastActive?: string;
  /** Set for another agent's conversation (its default one), offered beside the active agent's. */
  agentId?: string;
}

/** The agent's conversations, most recently active first, for the conversation picker. */
export async function listConversations(client: ServerLink, agentId: string, timeoutMs?: number): Promise<ConversationChoice[]> {
  const res = await client.request(
    { type: "conversation_list", request_id: client.newRequestId("convs"), query: { agent_id: agentId, limit: 30, order: "desc" } },
    "conversation_list_response",
    timeoutMs,
  );
  if (!res.success) throw new Error(res.error ?? "the server could not list conversations");
  return res.conversations.flatMap((c) =>
    c.id && !c.archived ? [{ id: c.id, title: c.summary ?? undefined, lastActive: c.last_message_at ?? c.updated_at ?? c.created_at ?? undefined }] : [],
  );
}

/** The agents this host knows, most recently created first, for the picker. */
export async function listAgents(client: ServerLink, timeoutMs?: number): Promise<{ id: string; name?: string; lastActive?: string }[]> {
  const res = await client.request({ type: "agent_list", request_id: client.newRequestId("agents"), query: { limit: 30, order: "desc" } }, "agent_list_response", timeoutMs);
  if (!res.success) throw new Error(res.error ?? "the server could not list agents");
  return (res.agents ?? []).flatMap((a) => (a.id ? [{ id: a.id, name: a.name ?? undefined, lastActive: a.last_run_completion ?? undefined }] : []));
}
