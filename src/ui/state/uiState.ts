import type { Key } from "ink";
import type { ConversationPick } from "../../controller/conversations.js";
import type { ApprovalDecision } from "../../protocol/commands.js";
import type { PermissionMode } from "../../protocol/runtime.js";
import type { AppState } from "../../store/state.js";
import { NO_FLOW, type CardFlow } from "../approval/cardKeys.js";
import { GUARD_START, type KeyGuard } from "../approval/guard.js";
import type { EnvironmentRow } from "../components/EnvironmentsView.js";
import type { Field } from "../components/textEdit.js";
import type { PickerItem } from "../pickers/Picker.js";
import type { CommandDraft, Expect, ReplyResult } from "../commands/command.js";
import type { AgentConversation } from "../commands/scope.js";
import type { CronTask } from "../../protocol/responses-schedule.js";
import type { ModelCatalog } from "../../store/models.js";
import type { MentionState } from "../mention.js";
import type { Notice } from "../notify/decide.js";
import type { ReaderState } from "../reader/model.js";
import type { MemoryState } from "../memory/state.js";
import { NO_ATTACHMENTS, type Attachments } from "../attachments/registry.js";
import type { ImageLoad } from "../attachments/load.js";
import type { MessageContent } from "../attachments/send.js";

// Everything the screen remembers, in one value: the store holds what the server said, this
// holds what the person is doing with it. `update` (state/update.ts) is the only writer; the
// views draw from (UiState, AppState) and nothing else.

/** One open view on the stack (views/registry.ts names them). The fields a view uses are its own. */
export interface ViewEntry {
  readonly id: string;
  /** Help: the page shown. */
  readonly page?: number;
  /** A list view: its items (or "loading" until they arrive), filter and selection. */
  readonly items?: readonly PickerItem[] | "loading";
  readonly query?: string;
  readonly selected?: number;
  /** A line above a list: "attaching to …", an error, a hint. */
  readonly note?: string;
  /** Something the view started has not answered yet (one attach at a time). */
  readonly pending?: boolean;
  /** What the command that opened it was given (`/model HANDLE` opens the model list at HANDLE). */
  readonly args?: string;
  /** A text field of the view (the palette's line, a name being typed). */
  readonly field?: Field;
  /** A view with several steps: which one (e.g. "list", "confirm-delete", "name"). */
  readonly step?: string;
  /** The item a step acts on (its key). */
  readonly target?: string;
  /** /fork's picker: the conversation it was opened on (the fork is of that one, not of whatever is on screen later). */
  readonly forkOf?: AgentConversation;
  /** The schedules view (/cron): the agent's tasks as the server last listed them, or "loading". */
  readonly cronTasks?: readonly CronTask[] | "loading";
  /** The schedules view: a cron_list is out ("out"), and something changed since it left ("again"). */
  readonly cronFetch?: "out" | "again";
  /** /agents: the agents the server listed (or "loading" until they arrive). */
  readonly agents?: readonly AgentRow[] | "loading";
  /** /agents: the new agent being made, step by step (name, then model, then personality), and the models offered. */
  readonly agentForm?: { readonly name?: string; readonly model?: string; readonly models?: readonly PickerItem[] | "loading" };
  /** The model picker: the list it shows (list_models), until then "loading". */
  readonly models?: ModelCatalog;
  /** The reader (Ctrl+F, /search): its lines, position, search and pages (reader/model.ts). */
  readonly reader?: ReaderState;
  /** The memory view (/memory): its files, marks and screen (memory/state.ts). */
  readonly memory?: MemoryState;
}

/** One agent as /agents lists it. */
export interface AgentRow {
  readonly id: string;
  /** As the server has it, unsanitised: deleting asks for exactly this. */
  readonly name?: string;
  readonly model?: string;
  readonly lastActive?: string;
}

export interface UiState {
  readonly draft: Field;
  /** The draft's pasted texts and images, shown in it as chips (attachments/). */
  readonly attachments: Attachments;
  /** Sent messages for ↑/↓ (oldest first), where ↑/↓ stands, and the draft walked away from. */
  readonly sent: { readonly entries: readonly string[]; readonly position: number | null; readonly saved: string };
  /** Open views, the top (the one that gets keys) last. */
  readonly views: readonly ViewEntry[];
  /** The selected row of the queue panel while it has the keys (Tab), else null. */
  readonly queueSel: number | null;
  /** The focused approval card's step, text field, highlight and fold. */
  readonly card: CardFlow;
  /** The answer typed into an ask_user question, for the question with signature `sig`. */
  readonly ask: { readonly sig?: string; readonly field: Field };
  /** The card or question answered from here (its signature): the store may not have caught up. */
  readonly answered?: string;
  readonly guard: KeyGuard;
  readonly toggles: { readonly verbose: boolean; readonly debug: boolean; readonly serverLog: boolean };
  /** Ctrl+C pressed once (when), or a second time with work that quitting would cost. */
  readonly quit: { readonly armedAt?: number; readonly confirming: boolean };
  /** The rejected-card notice: since when it has been shown, and the ids that have had their glance. */
  readonly fleeting: { readonly id?: string; readonly since?: number; readonly expired: readonly string[] };
  /** `letta-tui listen`: the runtimes that dialled in, as last reported. */
  readonly environments: readonly EnvironmentRow[];
  /** Pages of the help overlay at the size last drawn (the layout decides, update clamps to it). */
  readonly helpPages: number;
  /** The `@` word being completed in the draft and its file list (mention.ts); absent when the cursor is in none. */
  readonly mention?: MentionState | undefined;
}

const EMPTY: Field = { value: "", cursor: 0 };

export function initialUi(opts: { history?: readonly string[]; views?: readonly ViewEntry[] } = {}): UiState {
  return {
    draft: EMPTY,
    attachments: NO_ATTACHMENTS,
    sent: { entries: opts.history ?? [], position: null, saved: "" },
    views: opts.views ?? [],
    queueSel: null,
    card: NO_FLOW,
    ask: { field: EMPTY },
    guard: GUARD_START,
    toggles: { verbose: false, debug: false, serverLog: false },
    quit: { confirming: false },
    fleeting: { expired: [] },
    environments: [],
    helpPages: 1,
  };
}

/** What happened: a key, a paste, time passing, a frame drawn, an answer to an effect. */
export type Msg =
  | { type: "key"; input: string; key: Key }
  | { type: "paste"; text: string }
  /** Time passed (a `wake` effect came due): timed state (quit arming, fleeting notice) moves on. */
  | { type: "tick" }
  /** A frame was committed showing this card view (guard), this rejected-card id, and this many help pages. */
  | { type: "drawn"; card?: string | undefined; rejected?: string | undefined; helpPages: number }
  | { type: "conversations"; items: PickerItem[] }
  /** $EDITOR finished (or there is none: `editor` undefined) for the card with this signature. */
  | { type: "edited"; card: string; original: string; editor?: string | undefined; text?: string | undefined }
  /** $EDITOR finished with the draft: its text, or none (no editor: `editor` undefined; it failed). */
  | { type: "draft-edited"; editor?: string | undefined; text?: string | undefined }
  | { type: "environments"; rows: EnvironmentRow[] }
  /**
   * An image read for the draft (or why not): from the path pasted as `shown` (which its chip
   * replaces), or from the clipboard (`shown` undefined: the chip goes in at the cursor).
   */
  | { type: "image-read"; shown?: string | undefined; load: ImageLoad }
  | { type: "attached" }
  | { type: "attach-failed"; name: string; message: string }
  /** The answer to a `request` effect, for the view or command named `to`. */
  /** `line`: the slash line that sent it, given back to an empty input line if it failed. */
  | { type: "reply"; to: string; tag: string; result: ReplyResult; line?: string }
  /** A broadcast of this type arrived (the store counts them): open views that show what it announces fetch again. */
  | { type: "broadcast"; frame: string }
  /** The terminal is on the alternate screen for the reader now (`on`), or back on the main one. */
  | { type: "reader-screen"; on: boolean }
  /** $EDITOR gave back a text a view asked to edit (`edit-text`): `text` undefined if it failed, `editor` undefined if there is none. */
  | { type: "text-edited"; to: string; tag: string; editor?: string | undefined; text?: string | undefined };

/** What update asks the outside world to do, as values: effects/runEffects.ts carries them out. */
export type Effect =
  /** `text` is what the transcript and the sent history show; `content`, when given, what goes out (image parts). */
  | { kind: "send"; text: string; content?: MessageContent | undefined }
  /** Read the image file at `path` (pasted as `shown`); answered with an `image-read` Msg. */
  | { kind: "read-image"; path: string; shown: string }
  /** Read the clipboard's image; answered with an `image-read` Msg. */
  | { kind: "clipboard-image" }
  /** Bell and desktop notification (notify/osc.ts), for a person whose terminal lost the focus. */
  | { kind: "notify"; notice: Notice }
  | { kind: "history-push"; text: string }
  | { kind: "answer-approval"; requestId: string; decision: ApprovalDecision }
  | { kind: "answer-question"; requestId: string; text: string }
  | { kind: "decline-question"; requestId: string }
  | { kind: "abort" }
  | { kind: "resync" }
  | { kind: "retry" }
  | { kind: "switch-runtime"; key: string }
  | { kind: "set-mode"; mode: PermissionMode }
  /** change_device_state cwd on the runtime on screen: a path /cwd already found to exist. */
  | { kind: "set-cwd"; path: string }
  /** Answered with a `conversations` Msg (empty on failure). */
  | { kind: "list-conversations" }
  | { kind: "open-conversation"; choice: ConversationPick }
  /** Suspend the screen, edit `json` in $EDITOR; answered with an `edited` Msg. */
  | { kind: "edit-json"; card: string; json: string }
  /** Suspend the screen, edit the draft in $VISUAL/$EDITOR; answered with a `draft-edited` Msg. */
  | { kind: "edit-draft"; text: string }
  /** Suspend the screen, edit `text` in $VISUAL/$EDITOR (a temp file NAME+SUFFIX); answered with `text-edited` to `reply.to`. */
  | { kind: "edit-text"; text: string; suffix: string; name: string; reply: { to: string; tag: string } }
  | { kind: "queue-resume" }
  | { kind: "queue-remove"; id: string }
  /** Answered with `attached` or `attach-failed`. */
  | { kind: "attach-environment"; key: string; name: string }
  /**
   * Send a wire command (any of protocol/commands.ts, built by update; the runner adds the
   * request_id) to the host of the runtime on screen, and answer with a `reply` Msg to
   * `reply.to` (a view id, or a slash command's name) tagged `reply.tag`.
   */
  | { kind: "request"; command: CommandDraft; expect: Expect; reply: { to: string; tag: string; line?: string } }
  /** A line in the transcript of the runtime on screen (a command's outcome, a refusal). */
  | { kind: "notice"; level: "info" | "success" | "warning" | "error"; text: string }
  /** A command's result with more than a line to say, as a block in that transcript. */
  | { kind: "block"; title: string; text: string; ok: boolean }
  /** /export: every page of the conversation to a new Markdown file (`file` as typed, or a name of ours); a notice says where. */
  | { kind: "export"; conversation: AgentConversation; title?: string | undefined; file?: string | undefined }
  /** /copy: `text` to the clipboard (OSC 52) and a file; a notice says what happened. `what` names it ("the last reply"). */
  | { kind: "copy"; text: string; what: string }
  /** Send a wake-up `tick` after this long. */
  | { kind: "wake"; afterMs: number }
  | { kind: "quit" };

/** What update reads besides the UI state: the store's state at this moment, and what the CLI offers. */
export interface World {
  app: AppState;
  /** A server log to show (we started the server ourselves). */
  serverLog: boolean;
  /** `letta-tui listen`: the runtime list can be shown. */
  listen: boolean;
  /** The terminal's size as last drawn (the reader scrolls by screen rows); absent in tests that need none. */
  screen?: { rows: number; columns: number } | undefined;
}

export interface Step {
  ui: UiState;
  effects: Effect[];
}
