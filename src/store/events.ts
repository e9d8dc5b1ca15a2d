import type { ParsedFrame } from "../protocol/parse.js";
import type { RuntimeScope } from "../protocol/runtime.js";
import type { ConnectionStatus, NoticeLevel } from "./state.js";

/**
 * Everything that can change the state: frames from the server and the user's own actions
 * (recorded when the controller sends the command, so the screen can show them at once).
 */
export type StoreEvent =
  | { type: "connection"; status: ConnectionStatus; url: string; error?: string; attempt?: number; nextRetryAt?: number }
  | { type: "server_info"; version: string }
  /** `via`: the label of the link it came over, so runtimes know their host. */
  | { type: "frame"; parsed: ParsedFrame; via?: string }
  /** `replaces`: the id this message had before, spent (the outbox sends it anew, see confirmQueued). */
  | { type: "message_sent"; scope: RuntimeScope; requestId: string; clientMessageId: string; text: string; replaces?: string }
  /** Typed while the runtime was busy: waits in our own queue until its turn (turn lock). */
  | { type: "message_held"; scope: RuntimeScope; clientMessageId: string; text: string }
  /** Another attached runtime becomes the one on screen. */
  | { type: "activate"; key: string }
  | { type: "approval_sent"; scope: RuntimeScope; requestId: string; approvalId: string; behavior: "allow" | "deny" }
  | { type: "request_failed"; scope: RuntimeScope; requestId: string; error: string }
  /** Written to a server that never acknowledges input (before 0.30.3): treat it as taken. */
  | { type: "input_unacknowledged"; scope: RuntimeScope; requestId: string }
  /** `ring`: the agent asked for the person's attention (notify_user), beyond the line itself. */
  | { type: "notice"; scope: RuntimeScope; level: NoticeLevel; text: string; ring?: boolean }
  /** A command's result as a block in the transcript (title, then lines). */
  | { type: "block"; scope: RuntimeScope; title: string; text: string; ok: boolean }
  /**
   * A page of conversation_messages_list, merged into the transcript without duplicates.
   * `afterGap`: read after a lost connection or a resync (not the first read when attaching):
   * rows it adds that we never streamed may be a cancelled turn's (RuntimeState.doubtful).
   */
  | { type: "history"; scope: RuntimeScope; messages: unknown[]; afterGap?: boolean }
  /** Re-attach after a reconnect (or a manual sync) finished: the replayed snapshots are in. */
  /** `reconnected`: after a new connection, which drops what the server had queued for the old one. */
  /** `historyLoaded: false`: the backfill failed, so what the server has is unknown. */
  | { type: "resynced"; scope: RuntimeScope; reconnected?: boolean; historyLoaded?: boolean }
  /** Our ask_user tool is waiting for the person; closed when answered, declined or timed out. */
  | { type: "question_opened"; scope: RuntimeScope; requestId: string; question: string; options?: string[] }
  | { type: "question_closed"; scope: RuntimeScope; requestId: string }
  /** A commit to the agent's memory (its `git show` diff), read by the controller (controller/memoryWatch.ts). */
  | { type: "memory_change"; scope: RuntimeScope; sha: string; diff: string }
