import { Box, Text } from "ink";
import { contentText } from "../../protocol/deltas.js";
import { LettaMessageSchema } from "../../protocol/letta.js";
import { oldestFirst } from "../../store/history.js";
import { withoutInjectedContext } from "../../store/injected.js";
import { FORK } from "../commands/fork.js";
import { conversationOnScreen, isDefaultConversation, type AgentConversation } from "../commands/scope.js";
import { wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";
import { pickerHeight, PickerView, type PickerItem } from "../pickers/Picker.js";
import type { Effect, ViewEntry, World } from "../state/uiState.js";
import { listKey, listPaste } from "./listView.js";
import type { ViewDef } from "./view.js";

// /fork's picker: the conversation's messages as the server holds them, each with its server
// message id (conversation_fork needs one). Asked of the server rather than read off the
// transcript: a reply streamed this session carries its id, but our own messages carry only
// the id we gave them until a history read, and a fork at any message must work.

export const FORK_POINT = "fork-point";
export const FORK_TITLE = "Fork at which message? The copy keeps it and everything before it";
export const FORK_EMPTY = "no messages to fork at yet";
export const FORK_LOADING = "loading this conversation's messages…";
/** Messages read: the newest this many (the server's page). */
const PAGE = 50;

/** The user's and the agent's messages of a page, oldest first, keyed by server message id. */
export function forkItems(messages: readonly unknown[]): PickerItem[] {
  const items: PickerItem[] = [];
  for (const raw of oldestFirst([...messages])) {
    const m = LettaMessageSchema.safeParse(raw);
    if (!m.success) continue;
    const who = m.data.message_type === "user_message" ? "you" : m.data.message_type === "assistant_message" ? "agent" : undefined;
    if (!who) continue;
    const text = withoutInjectedContext(contentText(m.data.content)).trim();
    // A message of nothing but context the server added is no row of the transcript either.
    if (!text) continue;
    items.push({ key: m.data.id, label: `${who}: ${text.split("\n")[0]}`, detail: m.data.id });
  }
  return items;
}

const sameConversation = (a: AgentConversation | undefined, b: AgentConversation | undefined) =>
  !!a && !!b && a.agent_id === b.agent_id && a.conversation_id === b.conversation_id;

export const forkPoint: ViewDef = {
  context: "picker",
  placement: "panel",
  available: (world) => conversationOnScreen(world) !== undefined,
  open(world) {
    const on = conversationOnScreen(world);
    if (!on) return { entry: { id: FORK_POINT, items: [], note: "no agent's conversation on screen" } };
    // The agent's default conversation is read through the agent.
    const query = { limit: PAGE, order: "desc" as const, ...(isDefaultConversation(on) ? { agent_id: on.agent_id } : {}) };
    return {
      entry: { id: FORK_POINT, items: "loading", forkOf: on },
      effects: [
        {
          kind: "request",
          command: { type: "conversation_messages_list", conversation_id: on.conversation_id, query },
          expect: "conversation_messages_list_response",
          reply: { to: FORK_POINT, tag: on.conversation_id },
        },
      ],
    };
  },
  reply(entry, tag, result) {
    // A page asked for before the view was closed and opened again on another conversation.
    if (tag !== entry.forkOf?.conversation_id) return { entry };
    if (!result.ok) return { entry: { ...entry, items: [], note: `could not read the messages: ${result.error}` } };
    const messages = result.frame.type === "conversation_messages_list_response" ? result.frame.messages : [];
    const items = forkItems(messages);
    // The last message is where a fork usually starts: Enter right away takes it.
    return { entry: { ...entry, items, selected: Math.max(0, items.length - 1) } };
  },
  key(entry, input, key, world) {
    const items = entry.items === "loading" || !entry.items ? [] : entry.items;
    const r = listKey(entry, items, input, key);
    if (r.outcome?.kind === "cancel") return { entry: null };
    if (r.outcome?.kind !== "pick") return { entry: r.entry };
    const from = entry.forkOf;
    // Alt+N may have put another conversation on screen, and requests go to its host.
    if (!from || !sameConversation(from, conversationOnScreen(world))) return { entry: { ...r.entry, note: "another conversation is on screen now: Esc, then /fork there" } };
    const body = { message_id: r.outcome.key, ...(isDefaultConversation(from) ? { agent_id: from.agent_id } : {}) };
    const effects: Effect[] = [
      { kind: "request", command: { type: "conversation_fork", conversation_id: from.conversation_id, body }, expect: "conversation_fork_response", reply: { to: FORK, tag: r.outcome.key } },
    ];
    return { entry: null, effects };
  },
  paste: listPaste,
  rows(entry, _world: World, width) {
    const note = wrapped(entry.note && sanitizeLine(entry.note), width);
    if (entry.items === "loading" || !entry.items) return wrapped(FORK_LOADING, width) + note;
    return note + pickerHeight(width, { title: FORK_TITLE, items: entry.items, emptyText: FORK_EMPTY, query: entry.query ?? "", selected: entry.selected ?? 0 });
  },
  View: ({ entry }) => (
    <Box flexDirection="column">
      {entry.note ? <Text color="yellow">{sanitizeLine(entry.note)}</Text> : null}
      {entry.items === "loading" || !entry.items ? (
        <Text color="gray">{FORK_LOADING}</Text>
      ) : (
        <PickerView title={FORK_TITLE} items={entry.items} emptyText={FORK_EMPTY} query={entry.query ?? ""} selected={entry.selected ?? 0} />
      )}
    </Box>
  ),
};
