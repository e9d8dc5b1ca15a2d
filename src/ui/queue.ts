import { contentText } from "../protocol/deltas.js";
import type { RuntimeState } from "../store/state.js";
import { taskNoticeLine, taskNotices } from "../store/taskNotification.js";

export interface QueueRow {
  /** The server's QueueItem.id; absent for our own message the server has not listed yet. */
  id?: string;
  /** Still on our side: waiting for the runtime's turn to end before it is sent. */
  held?: boolean;
  text: string;
  paused: boolean;
  source: string;
}

/** What the queue panel lists: the server's queue, then our queued messages it does not list yet. */
export function queueRows(rt: RuntimeState | undefined): QueueRow[] {
  if (!rt) return [];
  const listed = new Set<string>();
  const rows: QueueRow[] = rt.queue.map((q) => {
    if (q.client_message_id) listed.add(q.client_message_id);
    const raw = typeof q.content === "string" ? q.content : Array.isArray(q.content) ? contentText(q.content as never) : (q.kind ?? "item");
    // A finished task's notification waits here before it starts its turn: its label, not its XML.
    const notified = taskNotices(raw);
    const text = notified?.notices.length ? notified.notices.map(taskNoticeLine).join(" · ") : raw;
    return { id: q.id, text, paused: q.paused === true, source: q.source ?? "user" };
  });
  for (const [id, m] of Object.entries(rt.queuedMessages)) {
    if (!listed.has(id)) rows.push({ text: m.text, paused: false, source: "user", held: m.held });
  }
  return rows;
}
