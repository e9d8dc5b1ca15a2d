import type { ConversationMessagesListCommand, ExternalToolsGroup, RuntimeStartCommand } from "../protocol/commands.js";
import type { PermissionMode, RuntimeScope } from "../protocol/runtime.js";
import type { StoreEvent } from "../store/events.js";
import type { LinkStatus } from "../transport/client.js";
import { TransportError } from "../transport/errors.js";
import type { ServerLink } from "../transport/link.js";
import { CLIENT_NAME, selectionFields, type AttachOptions, type RuntimeSelection } from "./selection.js";

/** runtime_start answered success:false (unknown agent, bad combination...). */
export class RuntimeStartError extends Error {
  override name = "RuntimeStartError";
}

/**
 * What to say when a re-attach is refused because the server no longer has the conversation.
 * 0.32.18's local backend rewrites a conversation's record in place during turns, so a server
 * killed in that write comes back without it ("Conversation local-conv-1 not found"): no
 * retry can bring it back, and "resync failed: …" would leave the person guessing.
 */
export function lostConversationText(err: unknown): string | undefined {
  if (!(err instanceof RuntimeStartError)) return undefined;
  const id = /\bConversation (\S+) not found\b/.exec(err.message)?.[1];
  if (id === undefined) return undefined;
  return `the server no longer has this conversation (${id}): it was lost when the server stopped, and nothing more can be sent to it. /new starts a new one with this agent; what you typed is in ↑ history.`;
}

type ConcreteSelection = Exclude<RuntimeSelection, { kind: "auto" }>;

/** The agent that ran last, in its default conversation; a new agent when the server has none. */
export async function resolveAuto(client: ServerLink, model?: string): Promise<ConcreteSelection> {
  const res = await client.request(
    { type: "agent_list", request_id: client.newRequestId("agents"), query: { limit: 1, order: "desc", order_by: "last_run_completion" } },
    "agent_list_response",
  );
  const latest = res.success ? res.agents?.[0]?.id : undefined;
  if (latest) return { kind: "existing", agentId: latest, conversationId: "default" };
  return { kind: "new-agent", model };
}

/**
 * Send runtime_start and wait for its answer. Re-attaching (after a reconnect) uses the exact
 * runtime the server returned the first time, and never resends cwd; the mode it resends is
 * the one the server reported last (see reattachRuntime).
 */
export async function startRuntime(
  client: ServerLink,
  selection: ConcreteSelection,
  options: Omit<AttachOptions, "selection">,
  clientVersion: string,
  timeoutMs: number,
  externalTools: ExternalToolsGroup[] = [],
): Promise<RuntimeScope> {
  const command: RuntimeStartCommand = {
    type: "runtime_start",
    request_id: client.newRequestId("rs"),
    ...selectionFields(selection),
    client_info: { name: CLIENT_NAME, title: "Letta TUI", version: clientVersion },
    force_device_status: true,
    // Omitting both skill fields would reset the conversation's skill sources (PROTOCOL §3.2).
    preserve_skill_sources: true,
  };
  if (options.cwd !== undefined) command.cwd = options.cwd;
  if (options.mode !== undefined) command.mode = options.mode;
  // Omitting external_tools would unregister ours (PROTOCOL §3.2): always send the full set.
  if (externalTools.length) command.external_tools = externalTools;
  const res = await client.request(command, "runtime_start_response", timeoutMs);
  if (!res.success || !res.runtime) {
    throw new RuntimeStartError(`The server could not start the runtime: ${res.error ?? "no reason given"}`);
  }
  return res.runtime;
}

const HISTORY_TIMEOUT_MS = 5000;

/** The tail of the transcript; `sync` does not replay history, only this does (PROTOCOL §3.10). */
export async function fetchHistory(client: ServerLink, scope: RuntimeScope, limit = 50): Promise<unknown[]> {
  const query: NonNullable<ConversationMessagesListCommand["query"]> = { limit, order: "desc" };
  // The default conversation is addressed through its agent.
  if (scope.conversation_id === "default" && scope.agent_id) query.agent_id = scope.agent_id;
  const res = await client.request(
    { type: "conversation_messages_list", request_id: client.newRequestId("hist"), conversation_id: scope.conversation_id, query },
    "conversation_messages_list_response",
    // History is a courtesy: a server without it must not hold up the attach for long.
    HISTORY_TIMEOUT_MS,
  );
  return res.success && Array.isArray(res.messages) ? res.messages : [];
}

/**
 * runtime_start for a runtime we had before. A fresh socket can swallow the first answer (a
 * dialled-in runtime finishes setting up its socket after "open" and drops what arrives
 * before), so a silent runtime_start is asked again, up to three times, before giving up.
 * `mode` is the permission mode the server last reported: a restarted server forgot it and
 * would start the runtime in its default, unrestricted (found by reliability-kill).
 */
export async function reattachRuntime(
  client: ServerLink,
  scope: RuntimeScope,
  clientVersion: string,
  timeoutMs: number,
  externalTools: ExternalToolsGroup[],
  mode?: PermissionMode,
): Promise<void> {
  const again = { kind: "existing" as const, agentId: scope.agent_id ?? "", conversationId: scope.conversation_id };
  for (let attempt = 1; ; attempt++) {
    try {
      await startRuntime(client, again, mode ? { mode } : {}, clientVersion, timeoutMs, externalTools);
      return;
    } catch (err) {
      if (!(err instanceof TransportError && err.code === "timeout") || attempt >= 3) throw err;
    }
  }
}

/** sync with a forced device status, so status and approval cards are rebuilt from the replay. */
export async function syncRuntime(client: ServerLink, scope: RuntimeScope, recoverApprovals: boolean, timeoutMs?: number): Promise<void> {
  const command = { type: "sync" as const, request_id: client.newRequestId("sync"), runtime: scope, recover_approvals: recoverApprovals, force_device_status: true };
  await client.request(command, "sync_response", timeoutMs);
}

/** Our client_message_ids among a page of history: the server sets a user message's otid to it. */
export function sentMessageIds(messages: unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const m of messages) {
    const { message_type: type, otid } = (m ?? {}) as { message_type?: unknown; otid?: unknown };
    if (type === "user_message" && typeof otid === "string") ids.add(otid);
  }
  return ids;
}

/** The store's view of a link's status. */
export function connectionEvent(url: string, s: LinkStatus): StoreEvent {
  switch (s.status) {
    case "connected":
      return { type: "connection", status: "connected", url };
    case "reconnecting":
      return { type: "connection", status: "reconnecting", url, error: s.error, attempt: s.attempt, nextRetryAt: s.nextRetryAt };
    case "offline":
      return { type: "connection", status: "offline", url, error: s.error };
    case "closed":
      return { type: "connection", status: "closed", url };
  }
}
