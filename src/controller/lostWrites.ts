import { own } from "../store/own.js";
import type { RuntimeState } from "../store/state.js";

// What a new socket tells us about messages written on the socket we lost.
//
// A message written to a server that then went silent (SIGSTOP, a stalled path) is in the
// server's receive buffer: the same server process reads it when it resumes, on the old
// connection, while we are already re-attached on the new one. 0.32.18 does not dedupe it
// against our resend then (found by reliability-freeze: both copies ran, at once, their
// replies' ids interleaved; as its source reads, it evicts the conversation runtime, and with
// it the id memory, when the old connection closes while the message still waits to run). So after such a loss a message is sent
// again only once the same server has had its chance to show it: a run that consumed it, its
// place in the queue, or history. A restarted server (a kill) lost it for sure, and
// gets it again at once.

/** Run id -> the client_message_ids that run consumed, as the runtime's loop status last said. */
export type RunMap = Readonly<Record<string, readonly string[]>>;

export const runsOf = (rt: RuntimeState | undefined): RunMap => rt?.loop?.client_message_ids_by_run_id ?? {};

/**
 * Whether the runtime is served by the process that served it before the loss. The run map
 * lives in the server's memory (listener state, not per connection): a process that kept it
 * still lists a run we saw, with the same messages; a restarted one starts empty (and counts
 * runs from 1 again, so an id alone proves nothing). Unknown (no run seen before) is treated as
 * a new process: nothing was there to lose.
 */
export function sameServer(before: RunMap, now: RunMap): boolean {
  return Object.entries(before).some(([run, ids]) => {
    const later = own(now, run);
    return later !== undefined && later.length === ids.length && later.every((id, i) => id === ids[i]);
  });
}

/**
 * The server shows it holds the message: a run consumed it, or its queue holds it. (Not our
 * row's state: an input_accepted the lost socket brought says nothing of what became of it.)
 */
export function serverHasIt(rt: RuntimeState | undefined, clientMessageId: string): boolean {
  if (!rt) return false;
  return Object.values(runsOf(rt)).some((ids) => ids.includes(clientMessageId)) || rt.queue.some((q) => q.client_message_id === clientMessageId);
}
