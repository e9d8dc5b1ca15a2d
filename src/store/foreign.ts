import { lookup } from "./archive.js";
import type { RuntimeState, TranscriptItem } from "./state.js";
import { removeItem, upsertItem } from "./transcript.js";

// Another client's message on the same conversation (a second terminal, a script). 0.32.18
// streams the reply of its turn to every subscriber but never the message itself, so a client
// that did not send it would show the reply without its prompt. The loop status names the
// message (client_message_ids_by_run_id): a row for it is opened where the turn starts, empty
// and not done, so nothing after it is printed before it; history fills it in
// (controller/heal.ts reads it when the turn starts and again when it ends), and a row history
// never fills is dropped once the turn is over and read.

type UserItem = Extract<TranscriptItem, { kind: "user" }>;

/**
 * Messages the runs took that this client neither sent nor shows (all runs the status lists,
 * or only the running ones). `opened`: whether a row opened for one, still unread, counts as
 * shown (it does for opening rows; not for reading them).
 */
export function foreignMessages(rt: RuntimeState, running = false, opened = true): string[] {
  const runs = rt.loop?.client_message_ids_by_run_id;
  if (!runs) return [];
  const ours = new Set(Object.values(rt.pendingInputs).flatMap((p) => (p.kind === "message" ? [p.clientMessageId] : [])));
  const taken = running ? (rt.loop?.active_run_ids ?? []).flatMap((run) => runs[run] ?? []) : Object.values(runs).flat();
  const shown = (id: string) => {
    const item = lookup(rt.transcript, `user:${id}`);
    return item !== undefined && (opened || !unread(item));
  };
  return taken.filter((id) => !ours.has(id) && rt.queuedMessages[id] === undefined && !shown(id));
}

/**
 * An open row for each message a running turn took from another client. Opened as "sending",
 * so placeTakenMessages (transcript.ts) moves it above what its run streamed already. An
 * earlier one still unread once another turn runs is dropped: its turn is over and its reads
 * came back without it, and an open row holds everything after it out of the scrollback.
 */
export function openForeignRows(rt: RuntimeState): RuntimeState {
  const runs = rt.loop?.client_message_ids_by_run_id ?? {};
  const running = new Set((rt.loop?.active_run_ids ?? []).flatMap((run) => runs[run] ?? []));
  const stale = running.size ? rt.transcript.order.filter((key) => unread(rt.transcript.items[key]!) && !running.has(key.slice("user:".length))) : [];
  return foreignMessages(rt, true).reduce(
    (next, id) => upsertItem(next, { kind: "user", key: `user:${id}`, text: "", state: "sending", elsewhere: true, done: false }),
    stale.reduce(removeItem, rt),
  );
}

/** Still waiting for history to say what it was. */
export const unread = (item: TranscriptItem): item is UserItem => item.kind === "user" && item.elsewhere === true && !item.done;

/** The turn is over and history was read: rows it did not fill are dropped, never printed empty. */
export function dropUnreadForeignRows(rt: RuntimeState): RuntimeState {
  return rt.transcript.order.filter((key) => unread(rt.transcript.items[key]!)).reduce(removeItem, rt);
}
