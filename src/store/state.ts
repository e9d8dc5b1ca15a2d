import type { DeviceStatus, LoopStatus, QueueItem } from "../protocol/frames.js";
import type { DiffPreview } from "../protocol/approval.js";
import type { AvailableSkill, SubagentSnapshot } from "../protocol/status.js";
import type { RuntimeScope } from "../protocol/runtime.js";
import type { TaskRecord } from "./tasks.js";
import type { ModelCatalog } from "./models.js";
import type { KeyIndex } from "./keyIndex.js";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "closed" | "failed";

export interface ConnectionState {
  status: ConnectionStatus;
  url: string;
  serverVersion?: string;
  error?: string;
  /** While reconnecting: which attempt is next, and when (epoch ms). */
  attempt?: number;
  nextRetryAt?: number;
}

// A queued message is not a transcript item: it waits in RuntimeState.queuedMessages.
export type UserItemState = "sending" | "started" | "failed";
/** `closed`: its approval card was closed by the server or the turn's end, never answered. */
export type ToolStatus = "streaming" | "awaiting_approval" | "approved" | "denied" | "running" | "success" | "error" | "closed";
export type NoticeLevel = "info" | "success" | "warning" | "error";

interface ItemBase {
  key: string;
  /**
   * A done item never changes again, so the view may print it once and forget it. The one
   * exception is the server's history after a gap (history.ts): it replaces what we had, and
   * an archived item it changed is listed in Transcript.revised for the view to print again.
   */
  done: boolean;
  /** Cut off by a lost connection or a dead server: the server's history has no end for it. */
  interrupted?: boolean;
}

export type TranscriptItem =
  // `elsewhere`: sent by another client on the conversation (store/foreign.ts).
  | (ItemBase & { kind: "user"; text: string; state: UserItemState; error?: string; elsewhere?: boolean })
  // `omitted`: characters that arrived past ITEM_TEXT_LIMIT (transcript.ts), counted, not kept.
  | (ItemBase & { kind: "assistant"; text: string; omitted?: number })
  | (ItemBase & { kind: "reasoning"; text: string; omitted?: number })
  | (ItemBase & {
      kind: "tool";
      toolCallId: string;
      name: string;
      args: string;
      status: ToolStatus;
      output?: string;
      /** False while output is a streaming tail that the final result will replace. */
      outputFinal?: boolean;
    })
  | (ItemBase & { kind: "notice"; level: NoticeLevel; text: string })
  /**
   * A command's outcome as a block: the server's slash commands (slash_command_start/_end) and
   * ours with more than a line to say (a compaction's summary, a list). `text` may span lines.
   */
  | (ItemBase & { kind: "command"; title: string; text: string; status: CommandStatus })
  /**
   * One file of a commit to the agent's memory made during a turn (store/memoryChanges.ts):
   * the line says the file and its counts, the diff opens with the expand key.
   */
  | (ItemBase & { kind: "memory"; path: string; change: MemoryChangeKind; from?: string; sha: string; added: number; removed: number; diff: string });
export type CommandStatus = "running" | "ok" | "failed";
export type MemoryChangeKind = "changed" | "created" | "deleted" | "renamed";

/** A full chunk of finished items (see archive.ts); Transcript.index finds a key in them. */
export interface ArchiveChunk {
  readonly items: readonly TranscriptItem[];
}

export interface Transcript {
  /** Finished items in fixed-size chunks (see archive.ts); they never change again. */
  archive: readonly ArchiveChunk[];
  archived: number;
  /**
   * Each archived key's position in `archive` (keyIndex.ts), kept by archive.ts alone. Absent
   * only on a transcript built by hand with an archive (tests): lookups then scan the chunks.
   */
  index?: KeyIndex;
  /** The unfinished tail, in order, by key. Kept short: finished prefixes move to the archive. */
  order: string[];
  items: Record<string, TranscriptItem>;
  /**
   * Archived (printed) items the server's history corrected after a gap, newest last: the view
   * prints each again, marked. Bounded: `revisedCount` counts every one ever listed.
   */
  revised?: readonly TranscriptItem[];
  revisedCount?: number;
}

export type ApprovalPhase = "pending" | "sending";

export interface ApprovalCard {
  requestId: string;
  toolName: string;
  toolCallId?: string;
  input: Record<string, unknown>;
  suggestions: { id: string; text?: string }[];
  /** Server-computed previews for file tools (PROTOCOL §5.2). */
  diffs?: DiffPreview[];
  phase: ApprovalPhase;
  error?: string;
  /** Shown again by a replay (sync, runtime_start after a reconnect) rather than first asked now. */
  replayed?: boolean;
  /** A device status listed it since its last control_request: a later list may close it. */
  listed?: boolean;
}

export interface UserQuestion {
  requestId: string;
  question: string;
  options?: string[];
}

/** What an outstanding `input` command was for, so `input_accepted` can be routed. */
export type PendingInput =
  | { kind: "message"; clientMessageId: string }
  | { kind: "approval"; approvalId: string; toolCallId?: string; behavior: "allow" | "deny" };

export interface ContextWindows {
  /** The conversation's context_window_limit (its own, or set by /context-limit). */
  conversation?: number;
  /** model_settings.context_window_limit of the last update_model. */
  settings?: number;
  /** The agent's llm_config.context_window. */
  agent?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface RuntimeState {
  key: string;
  scope: RuntimeScope;
  /** The label of the link this runtime was started over (see AppState.hosts). */
  host?: string;
  agentName?: string;
  /** The conversation's title (its `summary`), from runtime_start and renames (store/titles.ts). */
  title?: string;
  /**
   * The model handle in use: the conversation's own or the agent's (runtime_start), then
   * what update_model applied and the server's "Model updated to …" status (context.ts).
   */
  model?: string;
  /** Context tokens of the last model call (usage_statistics), or left after a compaction. */
  contextTokens?: number;
  /** The context window as each source last said it; the status line prefers them in this order, with the model list's between settings and agent. */
  windows?: ContextWindows;
  transcript: Transcript;
  loop: LoopStatus | null;
  device: DeviceStatus | null;
  queue: QueueItem[];
  /** Replaced by update_subagent_state; shown under the Task row that dispatched each. */
  subagents: SubagentSnapshot[];
  /** The latest line each subagent streamed (its deltas never enter the main transcript). */
  subagentActivity: Record<string, string>;
  /** Background processes and subagents, running and recently finished, for the tasks panel (tasks.ts). */
  tasks?: readonly TaskRecord[];
  /** How the harness classified the last batch of tool calls (approval_classification_end). */
  classification: { autoAllowed: string[]; autoDenied: string[]; needsUser: string[] } | null;
  approvals: { order: string[]; byId: Record<string, ApprovalCard> };
  /**
   * The last card whose answer the server refused (typically "no longer pending": answered
   * elsewhere, or the turn ended). It is no longer open, so it stays out of `approvals`; the
   * view shows the error on it briefly. `seq` tells one refusal from the next.
   */
  rejectedApproval?: { card: ApprovalCard; error: string; seq: number };
  /** Questions our ask_user tool put to the person, oldest first, by the call's request_id. */
  questions: UserQuestion[];
  /** notify_user calls so far and the newest one's message: the screen's notifier rings for each new one. */
  attention?: { readonly count: number; readonly text: string };
  pendingInputs: Record<string, PendingInput>;
  /**
   * Our messages the server queued behind a running turn, by client_message_id. They wait in
   * the queue panel, not the transcript, and enter the transcript when their turn starts.
   */
  queuedMessages: Record<string, { text: string; held?: boolean }>;
  usage: Usage;
  lastStopReason?: string;
  /**
   * Items that were still streaming when the connection was lost (see history.ts). Until the
   * server's history says what became of them they stay out of the archive; `ended`: the
   * server ended the turn (turn_finished) since, so no "interrupted" note is added.
   */
  cut?: { keys: string[]; ended: boolean };
  /**
   * Replies, reasoning and tool rows the stream wrote since the turn last ended. A lost
   * connection cuts all of them, closed or not: a history read or a resync during the turn may
   * have closed a row the server then discards with the cancelled turn (see noteCut).
   */
  turnRows?: string[];
  /** Runs streaming into this runtime now (store/runs.ts): more than one, and the rows are in doubt. */
  openRuns?: string[];
  /** The run that last wrote each of the newest text rows (store/runs.ts), newest last. */
  rowRuns?: ReadonlyArray<readonly [string, string]>;
  /**
   * Rows of a turn cut off by a gap that the server still listed after it: 0.32.18 may yet
   * discard them (when the next turn starts, it drops a cancelled turn's messages, whole or
   * not). Checked by each history read; `turns`: turns finished since, after which a listed
   * row is the server's for good.
   */
  doubtful?: { keys: string[]; turns: number };
  /** Counter for keys of items that have no server id (notices). Part of state so replays stay pure. */
  seq: number;
  /**
   * The skills of the last device status that listed them (store/skills.ts): 0.32.18 fills the
   * list only around a turn, and an idle `sync` reports none, which must not erase it.
   */
  skills?: readonly AvailableSkill[];
}

/** A skill enabled or disabled from here (its link in the server's ~/.letta/skills). */
export interface SkillToggle {
  state: "enabled" | "disabled";
  /** The directory linked (enable answers it): what enabling it again would link. */
  path?: string;
}

export interface DebugEntry {
  /** "cut": a frame that was used, but with values nested too deep replaced by a note. */
  kind: "unknown" | "malformed" | "unrouted" | "cut";
  type: string;
  detail: string;
}

export interface AppState {
  /** The last connection event from any host: what a single-host session shows. */
  connection: ConnectionState;
  /** Each host's own connection, by the link's label (its URL, or a direct-mode env). */
  hosts: Record<string, ConnectionState>;
  runtimes: Record<string, RuntimeState>;
  active: string | null;
  /** Frames we could not use, newest last, bounded so a hostile server cannot grow it forever. */
  debug: DebugEntry[];
  /**
   * Skills enabled or disabled from here, by skillKey(host, name) (store/skills.ts). 0.32.18 lists
   * a new skill only from the next turn and keeps listing a disabled one, so the list alone
   * would say the opposite of what just happened.
   */
  skillToggles?: Readonly<Record<string, SkillToggle>>;
  /** How many of each broadcast (crons_updated, skills_updated) arrived: open views refresh on a change. */
  broadcasts?: Readonly<Record<string, number>>;
  /** The last model list each host sent (list_models), by the link's label (see models.ts). */
  models?: Readonly<Record<string, ModelCatalog>>;
}

export const EMPTY_TRANSCRIPT: Transcript = { archive: [], archived: 0, order: [], items: {} };

export const DEBUG_LOG_LIMIT = 200;
/** Characters kept of an entry's type and detail: a frame's type may be megabytes long. */
export const DEBUG_TYPE_LIMIT = 80;
export const DEBUG_DETAIL_LIMIT = 400;

export function initialState(url = ""): AppState {
  return { connection: { status: "connecting", url }, hosts: {}, runtimes: {}, active: null, debug: [] };
}

export function emptyRuntime(key: string, scope: RuntimeScope): RuntimeState {
  return {
    key,
    scope,
    transcript: EMPTY_TRANSCRIPT,
    loop: null,
    device: null,
    queue: [],
    subagents: [],
    subagentActivity: {},
    classification: null,
    approvals: { order: [], byId: {} },
    questions: [],
    pendingInputs: {},
    queuedMessages: {},
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    seq: 0,
  };
}

/**
 * The connection that matters for `rt`: its own host's when several hosts are attached (direct
 * mode), else the session's. The server version is known once per session.
 */
export function connectionOf(state: AppState, rt: RuntimeState | undefined): ConnectionState {
  const own = rt?.host !== undefined ? state.hosts[rt.host] : undefined;
  return own ? { ...own, serverVersion: own.serverVersion ?? state.connection.serverVersion } : state.connection;
}
