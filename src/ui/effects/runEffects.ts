import type { UiActions } from "../../controller/actions.js";
import type { SentHistory } from "../../registry/sentHistory.js";
import { noticeBytes } from "../notify/osc.js";
import { editExternally, preferredEditor } from "../externalEditor.js";
import { copyFolder, copyText } from "./clipboard.js";
import { exportConversation } from "./exportConversation.js";
import { conversationItems } from "../pickers/conversations.js";
import { loadClipboardImage, loadImageFile, type ImageLoad } from "../attachments/load.js";
import type { Effect, Msg } from "../state/uiState.js";

// The one place the screen's intentions meet the world: each Effect that update returned is
// carried out here, and what comes back later (a list, an edited file, an attach) returns as a
// Msg through `dispatch`. update itself never calls any of these.

export interface EffectPorts {
  actions: UiActions;
  dispatch(msg: Msg): void;
  /** Give the terminal to a program (the editor) and take it back. */
  suspendTerminal(run: () => void): Promise<void>;
  history?: SentHistory | undefined;
  /** `letta-tui listen`: attach to the runtime with this key. */
  attach?: ((key: string) => Promise<void>) | undefined;
  /** A timer for `wake`: the App's, so it stops with the App. */
  schedule(ms: number, run: () => void): void;
  /** Raw bytes to the terminal, outside Ink's frames: OSC 52 for /copy, the bell and OSC notifications. */
  terminal?: ((data: string) => void) | undefined;
  /** /export's folder for relative names (letta-tui's cwd) and /copy's (the state folder's `copies`). */
  folders?: { cwd: string; copies: string } | undefined;
  /** The clock for file names and the export's date. */
  now?: (() => Date) | undefined;
  /** Where the clipboard's image comes from: the platform's tool unless a test gives another. */
  clipboardImage?: (() => Promise<ImageLoad>) | undefined;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function runEffects(effects: readonly Effect[], p: EffectPorts): void {
  for (const e of effects) runEffect(e, p);
}

function runEffect(e: Effect, p: EffectPorts): void {
  const { actions, dispatch } = p;
  switch (e.kind) {
    case "send":
      return e.content === undefined ? actions.sendMessage(e.text) : actions.sendMessage(e.text, e.content);
    case "read-image": {
      const shown = e.shown;
      void loadImageFile(e.path).then((load) => dispatch({ type: "image-read", shown, load }));
      return;
    }
    case "clipboard-image":
      void (p.clipboardImage ?? loadClipboardImage)().then(
        (load) => dispatch({ type: "image-read", load }),
        (err: unknown) => dispatch({ type: "image-read", load: { ok: false, error: `cannot read the clipboard: ${messageOf(err)}` } }),
      );
      return;
    case "history-push":
      return p.history?.push(e.text);
    case "answer-approval":
      return actions.answerApproval(e.requestId, e.decision);
    case "answer-question":
      return actions.answerQuestion(e.requestId, e.text);
    case "decline-question":
      return actions.declineQuestion(e.requestId);
    case "abort":
      return actions.abort();
    case "resync":
      return actions.resync();
    case "retry":
      return actions.retry();
    case "switch-runtime":
      return actions.switchRuntime(e.key);
    case "set-mode":
      return actions.setMode(e.mode);
    case "set-cwd":
      return actions.setCwd(e.path);
    case "list-conversations":
      actions.listConversations().then(
        (list) => dispatch({ type: "conversations", items: conversationItems(list) }),
        () => dispatch({ type: "conversations", items: conversationItems([]) }),
      );
      return;
    case "open-conversation":
      void actions.openConversation(e.choice);
      return;
    case "edit-json": {
      const editor = preferredEditor();
      if (!editor) return dispatch({ type: "edited", card: e.card, original: e.json });
      void p.suspendTerminal(() => {
        const text = editExternally(editor, e.json);
        dispatch({ type: "edited", card: e.card, original: e.json, editor, text });
      });
      return;
    }
    case "edit-draft": {
      const editor = preferredEditor();
      if (!editor) return dispatch({ type: "draft-edited" });
      void p.suspendTerminal(() => {
        const text = editExternally(editor, e.text, ".md", "draft");
        dispatch({ type: "draft-edited", editor, text });
      });
      return;
    }
    case "edit-text": {
      const editor = preferredEditor();
      const { to, tag } = e.reply;
      if (!editor) return dispatch({ type: "text-edited", to, tag });
      void p.suspendTerminal(() => {
        const text = editExternally(editor, e.text, e.suffix, e.name);
        dispatch({ type: "text-edited", to, tag, editor, text });
      });
      return;
    }
    case "queue-resume":
      return actions.resumeQueue();
    case "queue-remove":
      return actions.removeQueueItem(e.id);
    case "attach-environment":
      if (!p.attach) return dispatch({ type: "attach-failed", name: e.name, message: "not listening" });
      p.attach(e.key).then(
        () => dispatch({ type: "attached" }),
        (err: unknown) => dispatch({ type: "attach-failed", name: e.name, message: messageOf(err) }),
      );
      return;
    case "request": {
      const { to, tag } = e.reply;
      const line = e.reply.line !== undefined ? { line: e.reply.line } : {};
      actions.request(e.command, e.expect).then(
        (frame) => {
          // Every response carries success/error (PROTOCOL §3): a refusal is a failed reply.
          const refused = "success" in frame && frame.success === false;
          // The reason is in `error`, or for execute_command in its `output`.
          const why = (["error", "output"] as const).map((k) => (k in frame ? (frame as Record<string, unknown>)[k] : undefined)).find((v): v is string => typeof v === "string" && v !== "");
          dispatch({ type: "reply", to, tag, ...line, result: refused ? { ok: false, error: why ?? `the server refused ${e.command.type}`, frame } : { ok: true, frame } });
        },
        (err: unknown) => dispatch({ type: "reply", to, tag, ...line, result: { ok: false, error: messageOf(err) } }),
      );
      return;
    }
    case "notice":
      return actions.notice(e.level, e.text);
    case "block":
      return actions.block(e.title, e.text, e.ok);
    case "export": {
      const now = p.now?.() ?? new Date();
      const { conversation, title, file } = e;
      void exportConversation(actions, { conversation, title, file }, p.folders?.cwd ?? process.cwd(), now).then(
        (r) => actions.notice(r.ok ? "success" : "error", r.text),
        (err: unknown) => actions.notice("error", `/export: ${messageOf(err)}`),
      );
      return;
    }
    case "copy":
      void copyText(e.text, e.what, p.terminal, p.folders?.copies ?? copyFolder(), p.now?.() ?? new Date()).then(
        (r) => actions.notice(r.ok ? "success" : "error", r.text),
        (err: unknown) => actions.notice("error", `/copy: ${messageOf(err)}`),
      );
      return;
    case "wake":
      return p.schedule(e.afterMs, () => dispatch({ type: "tick" }));
    case "quit":
      return actions.quit();
    case "notify":
      return p.terminal?.(noticeBytes(e.notice));
  }
}
