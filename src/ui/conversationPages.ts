import type { ConversationMessagesListCommand } from "../protocol/commands-data.js";
import type { CommandDraft } from "../protocol/commands.js";
import type { KnownFrame } from "../protocol/frames.js";
import type { AgentConversation } from "./commands/scope.js";
import { isDefaultConversation } from "./commands/scope.js";

// One page of a conversation's history (conversation_messages_list, newest first, `before` =
// the previous page's next_before): asked for and read the same way by /export, which reads
// every page at once, and by the reader, which reads one page at a time as the person goes back.

/** Messages per page: the server's default, which every 0.32.18 accepts. */
export const PAGE_SIZE = 50;

/** The request for the page before `before` (the newest page without it). */
export function pageCommand(on: AgentConversation, before: string | undefined, limit = PAGE_SIZE): Extract<CommandDraft, { type: "conversation_messages_list" }> {
  const query: NonNullable<ConversationMessagesListCommand["query"]> = { limit, order: "desc" };
  if (isDefaultConversation(on)) query.agent_id = on.agent_id;
  if (before !== undefined) query.before = before;
  return { type: "conversation_messages_list", conversation_id: on.conversation_id, query };
}

export interface Page {
  messages: unknown[];
  /** The cursor for the page before this one; undefined when this page is the first. */
  next: string | undefined;
}

/** A page from the server's answer to `pageCommand(…, before)`; throws with the server's reason. */
export function pageOf(frame: KnownFrame, before: string | undefined): Page {
  if (frame.type !== "conversation_messages_list_response") throw new Error(`the server answered ${frame.type}`);
  if (frame.success === false) throw new Error(frame.error ?? "the server refused to list the messages");
  const next = frame.next_before ?? undefined;
  // No cursor, or the same one again: asking once more would read the same page.
  const last = !frame.has_more || frame.messages.length === 0 || next === undefined || next === before;
  return { messages: frame.messages, next: last ? undefined : next };
}
