import type { Conversation } from "../protocol/wire.js";
import type { AppState } from "./state.js";

// A conversation's title (its `summary`) as the tabs and the status line show it. It comes
// with runtime_start, and changes with a rename (conversation_update) or a fresh read
// (conversation_retrieve): every attached runtime of that conversation takes it, whoever asked.

/** Characters of a title kept: it names a tab, and a hostile server could send megabytes. */
export const TITLE_LIMIT = 120;

/** The title a conversation object gives: none for a blank or missing summary. */
export function titleOf(conversation: Conversation): string | undefined {
  const s = conversation.summary?.trim();
  return s ? s.slice(0, TITLE_LIMIT) : undefined;
}

/** Every runtime attached to `conversation` (same id, same agent when it says) takes its title. */
export function withConversationTitle(state: AppState, conversation: Conversation | null | undefined): AppState {
  const id = conversation?.id;
  if (!conversation || !id) return state;
  const title = titleOf(conversation);
  let runtimes = state.runtimes;
  for (const [key, rt] of Object.entries(state.runtimes)) {
    if (rt.scope.conversation_id !== id) continue;
    if (conversation.agent_id && rt.scope.agent_id && conversation.agent_id !== rt.scope.agent_id) continue;
    if (rt.title === title) continue;
    runtimes = { ...runtimes, [key]: { ...rt, title } };
  }
  return runtimes === state.runtimes ? state : { ...state, runtimes };
}
