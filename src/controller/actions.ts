import type { ApprovalDecision, CommandDraft, UserMessage } from "../protocol/commands.js";
import type { FrameType, KnownFrame } from "../protocol/frames.js";
import type { PermissionMode } from "../protocol/runtime.js";
import type { Controller } from "./controller.js";
import { conversationsOf, openConversation, type ConversationPick } from "./conversations.js";
import type { ConversationChoice } from "./runtimeCommands.js";

/** What the views may ask for. The views never see the socket, only these intentions. */
export interface UiActions {
  /** `text` as the transcript shows it; `content` (text and image parts) when it is not just the text. */
  sendMessage(text: string, content?: UserMessage["content"]): void;
  answerApproval(approvalId: string, decision: ApprovalDecision): void;
  abort(): void;
  resumeQueue(): void;
  /** Teammates: the runtimes attached on this socket, and the conversation picker. */
  switchRuntime(key: string): void;
  listConversations(): Promise<ConversationChoice[]>;
  openConversation(choice: ConversationPick): Promise<void>;
  /** Answer (or decline) a question our ask_user tool put to the person. */
  answerQuestion(requestId: string, text: string): void;
  declineQuestion(requestId: string): void;
  setMode(mode: PermissionMode): void;
  /** The working directory of the conversation on screen (a path already checked to exist). */
  setCwd(path: string): void;
  removeQueueItem(itemId: string): void;
  /** Replay the server's state (approvals, status, queue) and backfill the transcript tail. */
  resync(): void;
  /** Offline after giving up: try to reconnect now. */
  retry(): void;
  quit(): void;
  /** A wire command the screen built, to the host of the runtime on screen; its response frame. */
  request(command: CommandDraft, expect: FrameType): Promise<KnownFrame>;
  /** A line in the transcript of the runtime on screen. */
  notice(level: "info" | "success" | "warning" | "error", text: string): void;
  /** A command's result as a block (title, then lines) in the transcript of the runtime on screen. */
  block(title: string, text: string, ok: boolean): void;
}

export function uiActionsFor(controller: Controller, quit: () => void): UiActions {
  return {
    sendMessage: (text, content) => controller.sendMessage(text, content),
    answerApproval: (id, decision) => controller.answerApproval(id, decision),
    abort: () => controller.abort(),
    resumeQueue: () => controller.resumeQueue(),
    switchRuntime: (key) => controller.switchTo(key),
    listConversations: () => conversationsOf(controller),
    openConversation: (choice) => openConversation(controller, choice),
    answerQuestion: (id, text) => controller.tools.answer(id, text),
    declineQuestion: (id) => controller.tools.decline(id),
    setMode: (mode) => controller.setMode(mode),
    setCwd: (path) => controller.setCwd(path),
    removeQueueItem: (id) => controller.removeQueueItem(id),
    resync: () => void controller.resync(),
    retry: () => controller.retry(),
    quit,
    request: (command, expect) => controller.request(command, expect),
    notice: (level, text) => controller.say(level, text),
    block: (title, text, ok) => controller.sayBlock(title, text, ok),
  };
}
