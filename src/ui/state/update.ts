import type { Key } from "ink";
import { appended } from "../../registry/sentHistory.js";
import { focusedApproval } from "../../store/approvals.js";
import { connectionOf, type RuntimeState } from "../../store/state.js";
import { cardEdited, cardKeyRouted, cardPaste } from "../approval/route.js";
import { keyArrived, viewDrawn } from "../approval/guard.js";
import { REJECTED_CARD_MS } from "../components/RejectedCardView.js";
import { edit } from "../components/textEdit.js";
import { chipsIn } from "../attachments/chips.js";
import { imagePathIn } from "../attachments/imagePath.js";
import { NO_ATTACHMENTS } from "../attachments/registry.js";
import { messageContent, resolvedText } from "../attachments/send.js";
import { bindingFor, actionFor, type KeyBinding } from "../keymap.js";
import { nextMode } from "../modes.js";
import { queueRows } from "../queue.js";
import { commandReply } from "../commands/registry.js";
import { MENTION } from "../mention.js";
import { PALETTE, runLine } from "../views/palette.js";
import { readerScreen } from "../reader/view.js";
import { VIEWS } from "../views/registry.js";
import type { ViewStep } from "../views/view.js";
import { quitConfirmed, quitPressed, quitTick } from "./quit.js";
import { expandChip, pasteIntoDraft, placeImage, reading } from "./attachmentSteps.js";
import { mentionFollow, mentionKey, mentionReply } from "./mentionSteps.js";
import { activeRuntime, EMPTY, none } from "./step.js";
import type { Effect, Msg, Step, UiState, ViewEntry, World } from "./uiState.js";

// The screen's one update: (UiState, World, Msg, now) -> (UiState, Effects). Pure: the clock
// comes in as `now`, the store's state as `world.app`, and everything that touches the world
// leaves as an Effect value (effects/runEffects.ts carries them out).
//
// THE KEY ROUTING ORDER. A key goes to the first of these that takes it:
//
//   0. a key release (kitty protocol)               ignored
//   1. "quit anyway?" being asked                   y quits, any other key stays
//   2. a full-screen view on top (the runtime list) only Ctrl+C passes it (to 3); all else is the view's
//   3. global bindings (keymap "global", or "offline" when the connection gave up)
//                                                   Ctrl chords, Alt+N, Shift+Tab: they mean the same
//                                                   wherever the keys are, and no text field may eat them
//   4. the view on top of the stack (help, conversations, about...): modal, takes every key
//   5. the focused approval card, else the oldest ask_user question, through the keystroke guard
//                                                   (approval/guard.ts): a key it does not take falls through
//   6. the queue panel, while it has the focus (Tab)
//   7. the input line: while an `@` word's file list is open (mention.ts), ↑/↓ move in it,
//      Tab/Enter insert the path and Esc closes it (Enter never sends then); else Esc aborts, Tab focuses the queue, "?" on an empty line opens help,
//      "/" on an empty line opens the command palette, everything else edits the draft
//      (components/textEdit.ts); Enter on a line starting with "/" runs it as a command
//      (commands/resolve.ts), never sends it by accident
//
// Every key, taken or not, counts for the guard (a key anywhere breaks the quiet a card needs).
// A paste is text, never a key: into the card's field when the person is typing in it, else
// into the draft (or the filter of a list view on top).


const top = (ui: UiState): ViewEntry | undefined => ui.views.at(-1);
const withTop = (ui: UiState, entry: ViewEntry | null): UiState => ({ ...ui, views: entry ? [...ui.views.slice(0, -1), entry] : ui.views.slice(0, -1) });

/** Whether a card or question is up on the runtime on screen (the input line then has no keys). */
function cardUp(rt: RuntimeState | undefined): boolean {
  return focusedApproval(rt) !== undefined || (rt?.questions.length ?? 0) > 0;
}

export function update(ui: UiState, world: World, msg: Msg, now: number): Step {
  switch (msg.type) {
    case "key":
      return keyMsg(ui, world, msg.input, msg.key, now);
    case "paste":
      return pasteMsg(ui, world, msg.text, now);
    case "tick":
      return none(fleetingTick(quitTick(ui, now), now));
    case "drawn":
      return drawn(ui, msg, now);
    case "conversations":
      return none({ ...ui, views: ui.views.map((v) => (v.id === "conversations" && v.items === "loading" ? { ...v, items: msg.items } : v)) });
    case "edited":
      return none(cardEdited(ui, msg));
    case "environments":
      return none({ ...ui, environments: msg.rows });
    case "attached":
      return none({ ...ui, views: ui.views.filter((v) => v.id !== "environments") });
    case "attach-failed":
      return none({
        ...ui,
        views: ui.views.map((v) => (v.id === "environments" ? { ...v, pending: false, note: `could not attach to ${msg.name}: ${msg.message}` } : v)),
      });
    case "reply":
      return msg.to === MENTION ? mentionReply(ui, world, msg.tag, msg.result) : replyMsg(ui, world, msg);
    case "draft-edited":
      return draftEdited(ui, msg);
    case "image-read":
      return imageRead(ui, world, msg);
    case "broadcast":
      return broadcastMsg(ui, world, msg.frame);
    case "reader-screen":
      return none(readerScreen(ui, msg.on));
    case "text-edited":
      return textEdited(ui, world, msg);
  }
}

/** The editor's text for the view that asked, while it is open (a closed view's edit is dropped). */
function textEdited(ui: UiState, world: World, msg: Extract<Msg, { type: "text-edited" }>): Step {
  const at = ui.views.findIndex((v) => v.id === msg.to);
  const def = VIEWS[msg.to];
  if (at < 0 || !def?.edited) return none(ui);
  const step = def.edited(ui.views[at]!, msg.tag, { editor: msg.editor, text: msg.text }, world);
  const views = step.entry ? ui.views.map((v, i) => (i === at ? step.entry! : v)) : ui.views.filter((_, i) => i !== at);
  return afterView({ ...ui, views }, world, step);
}

/** A broadcast: each open view that listens for it takes its step (a fetch, a redraw). */
function broadcastMsg(ui0: UiState, world: World, frame: string): Step {
  let ui = ui0;
  const effects: Effect[] = [];
  for (const entry of ui0.views) {
    const def = VIEWS[entry.id];
    if (!def?.broadcast) continue;
    const step = def.broadcast(entry, frame, world);
    const at = ui.views.findIndex((v) => v.id === entry.id);
    ui = { ...ui, views: step.entry ? ui.views.map((v, i) => (i === at ? step.entry! : v)) : ui.views.filter((_, i) => i !== at) };
    effects.push(...(step.effects ?? []));
  }
  return { ui, effects };
}

/** An answer to a request: for the view that asked while it is open, else for the command that sent it. */
function replyMsg(ui0: UiState, world: World, msg: Extract<Msg, { type: "reply" }>): Step {
  // A command the server refused: its line comes back to the input to fix, unless something
  // new is being typed there.
  const ui = !msg.result.ok && msg.line && ui0.draft.value === "" ? { ...ui0, draft: { value: msg.line, cursor: msg.line.length } } : ui0;
  const at = ui.views.findIndex((v) => v.id === msg.to);
  const def = VIEWS[msg.to];
  if (at >= 0 && def?.reply) {
    const step = def.reply(ui.views[at]!, msg.tag, msg.result, world);
    const views = step.entry ? ui.views.map((v, i) => (i === at ? step.entry! : v)) : ui.views.filter((_, i) => i !== at);
    return afterView({ ...ui, views }, world, step);
  }
  if (def) return none(ui);
  return { ui, effects: commandReply(msg.to, msg.tag, msg.result, world) };
}

/**
 * The rest of a view's step once its entry is placed: the line it ran goes into the sent
 * history, text it gives back goes into the input line, and a view it opens goes on top.
 */
function afterView(ui0: UiState, world: World, step: ViewStep): Step {
  let ui = ui0;
  const effects: Effect[] = [];
  if (step.sent?.trim()) {
    ui = { ...ui, sent: { entries: appended(ui.sent.entries, step.sent), position: null, saved: "" } };
    effects.push({ kind: "history-push", text: step.sent });
  }
  if (step.draft !== undefined) ui = { ...ui, draft: { value: step.draft, cursor: step.draft.length } };
  effects.push(...(step.effects ?? []));
  if (!step.open) return { ui, effects };
  const opened = openView(ui, world, step.open.view, step.open.args);
  return { ui: opened.ui, effects: [...effects, ...opened.effects] };
}

function drawn(ui: UiState, msg: Extract<Msg, { type: "drawn" }>, now: number): Step {
  // The guard counts from the frame that drew the card (and drew it unchanged), never from its arrival in the store.
  const guard = viewDrawn(ui.guard, msg.card, now);
  let next: UiState = guard === ui.guard && msg.helpPages === ui.helpPages ? ui : { ...ui, guard, helpPages: msg.helpPages };
  const effects: Effect[] = [];
  const id = msg.rejected;
  // A rejected card is worth a glance, not a keypress: shown for a while from its first frame, once.
  if (id !== undefined && id !== next.fleeting.id && !next.fleeting.expired.includes(id)) {
    next = { ...next, fleeting: { ...next.fleeting, id, since: now } };
    effects.push({ kind: "wake", afterMs: REJECTED_CARD_MS });
  }
  return { ui: next, effects };
}

function fleetingTick(ui: UiState, now: number): UiState {
  const { id, since, expired } = ui.fleeting;
  if (id === undefined || since === undefined || now - since < REJECTED_CARD_MS) return ui;
  // A few dozen ids at most in a session; bounded anyway.
  return { ...ui, fleeting: { expired: [...expired.slice(-200), id] } };
}

/** Whether the rejected card `id` is still to be shown. */
export function rejectedShown(ui: UiState, id: string | undefined): boolean {
  return id !== undefined && !ui.fleeting.expired.includes(id);
}

function keyMsg(ui0: UiState, world: World, input: string, key: Key, now: number): Step {
  if (key.eventType === "release") return none(ui0);
  const rt = activeRuntime(world);
  // The guard hears every key; level 5 replaces this with its own routing of the same key.
  const ui: UiState = { ...ui0, guard: keyArrived(ui0.guard, now) };
  if (ui.quit.confirming) return quitConfirmed(ui, actionFor("confirm-quit", input, key) === "quit-anyway");
  const view = top(ui);
  const def = view ? VIEWS[view.id] : undefined;
  const offline = connectionOf(world.app, rt).status === "offline";
  const global = bindingFor(offline ? "offline" : "global", input, key);
  const screen = def?.placement === "screen";
  if (global && (!screen || global.action === "quit")) {
    const inputFocused = !view && ui.queueSel === null && !cardUp(rt);
    return chord(ui, world, global, input, inputFocused, now);
  }
  if (view && def) {
    const step = def.key(view, input, key, world, ui);
    return afterView(withTop(ui, step.entry), world, step);
  }
  const routed = cardKeyRouted(ui0, rt, input, key, now);
  if (routed.taken) return { ui: routed.ui, effects: routed.effects };
  const after = routed.ui;
  const queue = queueRows(rt);
  if (after.queueSel !== null) return queueKey(after, queue, input, key);
  return inputKey(after, world, queue, input, key);
}

/** Global bindings: the same wherever the keys go. */
function chord(ui: UiState, world: World, b: KeyBinding, input: string, inputFocused: boolean, now: number): Step {
  const rt = activeRuntime(world);
  const toggle = (k: keyof UiState["toggles"]): Step => none({ ...ui, toggles: { ...ui.toggles, [k]: !ui.toggles[k] } });
  switch (b.action) {
    case "quit":
      return quitPressed(ui, world.app, inputFocused && ui.draft.value !== "", now);
    case "retry":
      return { ui, effects: [{ kind: "retry" }] };
    case "sync":
      return { ui, effects: [{ kind: "resync" }] };
    case "debug":
      return toggle("debug");
    case "verbose":
      return toggle("verbose");
    case "server-log":
      return world.serverLog ? toggle("serverLog") : none(ui);
    case "switch-runtime": {
      const target = Object.keys(world.app.runtimes)[Number(input) - 1];
      return { ui, effects: target ? [{ kind: "switch-runtime", key: target }] : [] };
    }
    case "mode":
      return { ui, effects: [{ kind: "set-mode", mode: nextMode(rt?.device?.current_permission_mode) }] };
    case "open-view":
      return openView(ui, world, b.view);
    default:
      return none(ui);
  }
}

/** Open the view `id` on top of the stack; pressed again while it is on top, it closes. */
export function openView(ui: UiState, world: World, id: string | undefined, args?: string): Step {
  const def = id ? VIEWS[id] : undefined;
  if (!id || !def || (def.available && !def.available(world))) return none(ui);
  if (top(ui)?.id === id) return none(withTop(ui, null));
  const opened = def.open(world, ui, args);
  return { ui: { ...ui, views: [...ui.views.filter((v) => v.id !== id), opened.entry] }, effects: opened.effects ?? [] };
}

function queueKey(ui: UiState, queue: ReturnType<typeof queueRows>, input: string, key: Key): Step {
  // The queue may have shrunk under the selection (an item ran or was removed).
  const sel = Math.min(ui.queueSel ?? 0, Math.max(0, queue.length - 1));
  switch (actionFor("queue", input, key)) {
    case "queue-prev":
      return none({ ...ui, queueSel: Math.max(0, sel - 1) });
    case "queue-next":
      return none({ ...ui, queueSel: Math.min(Math.max(0, queue.length - 1), sel + 1) });
    case "queue-resume":
      return { ui, effects: [{ kind: "queue-resume" }] };
    case "queue-remove": {
      const id = queue[sel]?.id;
      return { ui, effects: id ? [{ kind: "queue-remove", id }] : [] };
    }
    case "close":
      return none({ ...ui, queueSel: null });
    default:
      return none(ui);
  }
}

/** The input line: Esc, Tab, "?" on an empty line, else the draft's editor. */
function inputKey(ui: UiState, world: World, queue: ReturnType<typeof queueRows>, input: string, key: Key): Step {
  const listed = ui.mention && !ui.mention.dismissed ? mentionKey(ui, world, input, key) : undefined;
  if (listed) return listed;
  const action = actionFor("input", input, key);
  if (action === "edit-draft") return { ui, effects: [{ kind: "edit-draft", text: ui.draft.value }] };
  if (action === "paste-image") return { ui: { ...ui, attachments: reading(ui.attachments, 1) }, effects: [{ kind: "clipboard-image" }] };
  if (action === "expand-paste") return none(expandChip(ui));
  // A path typed faster than keys split (a terminal without bracketed paste drops a file so):
  // the same as a pasted one, before "/" can open the palette with it.
  if (input.length > 1 && !key.ctrl && !key.meta && imagePathIn(input)) return pasteIntoDraft(ui, world, input);
  if (action === "abort") return { ui, effects: [{ kind: "abort" }] };
  if (action === "queue-focus") return none(queue.length ? { ...ui, queueSel: 0 } : ui);
  if (input === "?" && !key.ctrl && !key.meta && ui.draft.value === "") return openView(ui, world, "help");
  // Keys typed quickly can arrive as one chunk ("/he"): the palette opens with all of it.
  if (input.startsWith("/") && !input.includes("\r") && !key.ctrl && !key.meta && ui.draft.value === "") return openView(ui, world, PALETTE, input);
  const result = edit(ui.draft, input, key, chipsIn(ui.draft.value, ui.attachments.items));
  if (result.kind === "field") return mentionFollow({ ...ui, draft: result.field }, world);
  if (result.kind === "submit") return submit(ui, world, result.text);
  if (result.kind === "history") return none(recall(ui, result.direction));
  return none(ui);
}

function submit(ui: UiState, world: World, draft: string): Step {
  // An image still being read (Enter right after pasting its path): the draft goes when it is in.
  if (ui.attachments.reading > 0) return none({ ...ui, draft: draft === ui.draft.value ? ui.draft : { value: draft, cursor: draft.length }, attachments: { ...ui.attachments, sendWhenRead: true } });
  const cleared: UiState = { ...ui, draft: EMPTY, mention: undefined, attachments: NO_ATTACHMENTS };
  // Pasted texts go out whole; images as content parts where their chips stand. The transcript
  // and the sent history keep the text with the image chips (never the base64).
  const items = ui.attachments.items;
  const text = resolvedText(draft, items);
  const content = messageContent(draft, items);
  if (!text.trim()) return none(cleared);
  // A slash line (typed out, pasted, recalled with ↑) goes through the palette's one path: it
  // runs, or stays on screen with why it cannot, or asks before going out as a message.
  if (text.trimStart().startsWith("/")) {
    const step = runLine(text, world, ui);
    const opened = step.entry ? { ...cleared, views: [...cleared.views.filter((v) => v.id !== step.entry!.id), step.entry] } : cleared;
    return afterView(opened, world, step);
  }
  return {
    ui: { ...cleared, sent: { entries: appended(ui.sent.entries, text), position: null, saved: "" } },
    effects: [
      { kind: "history-push", text },
      typeof content === "string" ? { kind: "send", text } : { kind: "send", text, content },
    ],
  };
}

/**
 * ↑/↓ past the draft's first/last line: walk the sent messages. Walking away keeps the draft,
 * so ↓ past the newest entry brings back what was being typed.
 */
function recall(ui: UiState, direction: -1 | 1): UiState {
  const list = ui.sent.entries;
  const at = (value: string, sent: UiState["sent"]): UiState => ({ ...ui, draft: { value, cursor: value.length }, sent });
  const position = ui.sent.position;
  if (position === null) {
    if (direction === 1 || list.length === 0) return ui;
    return at(list[list.length - 1]!, { ...ui.sent, position: list.length - 1, saved: ui.draft.value });
  }
  const next = position + direction;
  if (next < 0) return ui;
  if (next >= list.length) return at(ui.sent.saved, { ...ui.sent, position: null });
  return at(list[next]!, { ...ui.sent, position: next });
}

function pasteMsg(ui0: UiState, world: World, text: string, now: number): Step {
  const rt = activeRuntime(world);
  const ui: UiState = { ...ui0, guard: keyArrived(ui0.guard, now) };
  const view = top(ui);
  if (view) {
    // A view on top: its own field (a list's filter) if it has one; never the hidden draft.
    const def = VIEWS[view.id];
    return none(def?.paste ? withTop(ui, def.paste(view, text)) : ui);
  }
  // The card's field is chosen by the guard as it was before this paste (engaged on the card).
  const carded = cardPaste(ui0, rt, text);
  if (carded) return none({ ...carded, guard: ui.guard });
  return pasteIntoDraft(ui, world, text);
}




/**
 * An image was read (or not): its chip replaces the path it was pasted as, or goes in at the
 * cursor. If Enter was pressed meanwhile, the draft goes once the last image is in; a failed
 * one keeps it here, with the line saying why.
 */
function imageRead(ui0: UiState, world: World, msg: Extract<Msg, { type: "image-read" }>): Step {
  const counted = reading(ui0.attachments, -1);
  // A failed image cancels a send that waited for it: the draft stays, with the line saying why.
  const { sendWhenRead: _, ...kept } = counted;
  const ui = { ...ui0, attachments: msg.load.ok ? counted : kept };
  const step = placeImage(ui, world, msg);
  const send = ui0.attachments.sendWhenRead && msg.load.ok && step.ui.attachments.reading === 0;
  if (!send) return step;
  const sent = submit(step.ui, world, step.ui.draft.value);
  return { ui: sent.ui, effects: [...step.effects, ...sent.effects] };
}






/** $EDITOR gave the draft back (or could not run): the result becomes the draft, or the draft stays and a line says why. */
function draftEdited(ui: UiState, msg: Extract<Msg, { type: "draft-edited" }>): Step {
  if (msg.text === undefined) {
    const text = msg.editor
      ? `the editor (${msg.editor}) failed or could not start; the draft is unchanged`
      : "no editor: set $VISUAL or $EDITOR to write the draft in one; the draft is unchanged";
    return { ui, effects: [{ kind: "notice", level: "warning", text }] };
  }
  // Editors end a file with a newline the person did not mean to send.
  const value = msg.text.replace(/\r?\n$/, "");
  return none({ ...ui, draft: { value, cursor: value.length }, mention: undefined, sent: { ...ui.sent, position: null } });
}
