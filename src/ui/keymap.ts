import type { Key } from "ink";

// The one keymap table: key handling, the footer hints and the help overlay are all generated
// from it, so a key cannot work without being listed, or be listed without working. Bindings
// marked `editor` are carried out by the text field itself; they are here to be documented.

export type KeyContext =
  | "global"
  | "input"
  | "approval"
  | "confirm-always"
  | "question"
  | "deny-reason"
  | "edit"
  | "ask"
  | "queue"
  | "help"
  | "offline"
  | "confirm-quit"
  | "picker";
export type KeyAction =
  | "quit"
  | "abort"
  | "send"
  | "newline"
  | "history"
  | "edit"
  | "approve"
  | "always"
  | "deny"
  | "edit-args"
  | "fold"
  | "option-prev"
  | "option-next"
  | "option-pick"
  | "option-number"
  | "option-toggle"
  | "mode"
  | "send-deny"
  | "decline"
  | "quit-anyway"
  | "stay"
  | "cancel-deny"
  | "sync"
  | "retry"
  | "debug"
  | "server-log"
  | "switch-runtime"
  | "environments"
  | "conversations"
  | "verbose"
  | "help"
  | "close"
  | "page-prev"
  | "page-next"
  | "queue-focus"
  | "queue-prev"
  | "queue-next"
  | "queue-resume"
  | "queue-remove";

export interface KeyBinding {
  context: KeyContext;
  label: string;
  action: KeyAction;
  description: string;
  matches(input: string, key: Key): boolean;
  /** Handled inside the text field; listed for the help overlay only. */
  editor?: boolean;
  /** A shorter description for the one-line hints under cards; the help overlay uses the long one. */
  short?: string;
}

const ctrl = (c: string) => (i: string, k: Key) => k.ctrl && i === c;
/** A bare key: with Alt or Ctrl held it means something else (Alt+1 switches runtime, never "answer 1"). */
const plain = (match: (i: string, k: Key) => boolean) => (i: string, k: Key) => !k.ctrl && !k.meta && match(i, k);
const never = () => false;

export const KEYMAP: readonly KeyBinding[] = [
  { context: "global", label: "Ctrl+C", action: "quit", description: "clear the input; twice to quit", matches: ctrl("c") },
  // Ctrl chords: a letter would go into the input line.
  { context: "global", label: "Ctrl+R", action: "sync", description: "resync with the server", matches: ctrl("r") },
  { context: "global", label: "Ctrl+O", action: "verbose", description: "expand reasoning and tool output", matches: ctrl("o") },
  { context: "global", label: "Ctrl+T", action: "debug", description: "debug log", matches: ctrl("t") },
  { context: "global", label: "Alt+1-9", action: "switch-runtime", description: "switch to attached runtime N", matches: (i, k) => k.meta && /^[1-9]$/.test(i) },
  { context: "global", label: "Ctrl+X", action: "conversations", description: "conversations and agents: open another, or a new one, beside this one", matches: ctrl("x") },
  { context: "global", label: "Ctrl+G", action: "environments", description: "runtimes that dialled in (letta-tui listen)", matches: ctrl("g") },
  { context: "global", label: "Ctrl+L", action: "server-log", description: "log of the letta server we started (no --url)", matches: ctrl("l") },
  { context: "input", label: "Enter", action: "send", description: "send", matches: never, editor: true },
  { context: "input", label: "Alt+Enter / Ctrl+J", action: "newline", description: "new line", matches: never, editor: true },
  { context: "input", label: "↑/↓", action: "history", description: "previous / next message", matches: never, editor: true },
  { context: "input", label: "Ctrl+A/E, Ctrl+W/U", action: "edit", description: "line start/end, delete word/line", matches: never, editor: true },
  { context: "input", label: "Esc", action: "abort", description: "abort the turn", matches: (_i, k) => k.escape },
  { context: "input", label: "Tab", action: "queue-focus", description: "queue", matches: (_i, k) => k.tab && !k.shift },
  { context: "input", label: "?", action: "help", description: "help (on an empty line)", matches: never, editor: true },
  { context: "global", label: "Shift+Tab", action: "mode", description: "next permission mode", matches: (_i, k) => k.tab && k.shift },
  { context: "approval", label: "y", action: "approve", description: "approve", short: "yes", matches: plain((i) => i === "y" || i === "Y") },
  { context: "approval", label: "a", action: "always", description: "approve and don't ask again (when offered; asks to confirm)", short: "always", matches: plain((i) => i === "a" || i === "A") },
  { context: "approval", label: "n", action: "deny", description: "deny with a reason", short: "no", matches: plain((i) => i === "n" || i === "N") },
  { context: "approval", label: "e", action: "edit-args", description: "edit, then approve", short: "edit", matches: plain((i) => i === "e" || i === "E") },
  { context: "approval", label: "1-4", action: "option-number", description: "pick an answer by number", short: "pick", matches: plain((i) => /^[1-4]$/.test(i)) },
  { context: "approval", label: "↑/↓", action: "option-prev", description: "move between answers", short: "move", matches: (_i, k) => k.upArrow },
  { context: "approval", label: "↓", action: "option-next", description: "next answer", matches: (_i, k) => k.downArrow },
  { context: "approval", label: "Enter", action: "option-pick", description: "pick the highlighted answer", short: "pick", matches: (_i, k) => k.return && !k.meta },
  { context: "approval", label: "f", action: "fold", description: "show all / fold", short: "fold", matches: plain((i) => i === "f" || i === "F") },
  { context: "approval", label: "Esc", action: "abort", description: "abort the turn", short: "abort", matches: (_i, k) => k.escape },
  // "Always" writes a permanent allow rule: its first press only asks (approval/cardKeys.ts).
  { context: "confirm-always", label: "a / 2 / Enter", action: "always", description: "save the rule and approve", short: "save the rule and approve", matches: (i, k) => (k.return && !k.meta) || plain((c) => c === "a" || c === "A" || c === "2")(i, k) },
  { context: "confirm-always", label: "any other key", action: "cancel-deny", description: "back to the answers, nothing saved", short: "back", matches: () => true },
  { context: "question", label: "↑/↓", action: "option-prev", description: "move", matches: (_i, k) => k.upArrow },
  { context: "question", label: "↓", action: "option-next", description: "move", matches: (_i, k) => k.downArrow },
  { context: "question", label: "Space", action: "option-toggle", description: "tick (multi-select)", matches: plain((i) => i === " ") },
  { context: "question", label: "Enter", action: "option-pick", description: "answer, or type your own on the last row", matches: (_i, k) => k.return && !k.meta },
  { context: "question", label: "1-5", action: "option-number", description: "pick by number", matches: plain((i) => /^[1-9]$/.test(i)) },
  { context: "question", label: "Esc", action: "abort", description: "abort the turn", matches: (_i, k) => k.escape },
  { context: "deny-reason", label: "Enter", action: "send-deny", description: "send the denial", matches: never, editor: true },
  { context: "deny-reason", label: "Esc", action: "cancel-deny", description: "back", matches: (_i, k) => k.escape },
  { context: "edit", label: "Enter", action: "send", description: "approve with the edit", matches: never, editor: true },
  { context: "edit", label: "Ctrl+J", action: "newline", description: "new line", matches: never, editor: true },
  { context: "edit", label: "Esc", action: "cancel-deny", description: "back, nothing sent", matches: (_i, k) => k.escape },
  { context: "ask", label: "Enter", action: "send", description: "answer the agent", matches: never, editor: true },
  { context: "ask", label: "1-9", action: "send", description: "type an option's number to pick it", matches: never, editor: true },
  { context: "ask", label: "Esc", action: "decline", description: "decline to answer", matches: (_i, k) => k.escape },
  { context: "queue", label: "↑/↓", action: "queue-prev", description: "select", matches: (_i, k) => k.upArrow },
  { context: "queue", label: "↓", action: "queue-next", description: "select", matches: (_i, k) => k.downArrow },
  { context: "queue", label: "r", action: "queue-resume", description: "resume paused items", matches: plain((i) => i === "r") },
  { context: "queue", label: "d", action: "queue-remove", description: "remove the selected item", matches: plain((i, k) => i === "d" || k.delete) },
  { context: "queue", label: "Tab/Esc", action: "close", description: "back to the input", matches: (_i, k) => k.tab || k.escape },
  { context: "help", label: "↑/↓", action: "page-prev", description: "turn the page", matches: (_i, k) => k.upArrow || k.pageUp || k.leftArrow },
  { context: "help", label: "↓", action: "page-next", description: "next page", matches: (_i, k) => k.downArrow || k.pageDown || k.rightArrow },
  { context: "help", label: "Esc/?/Enter", action: "close", description: "close help", matches: (i, k) => k.escape || i === "?" || k.return },
  { context: "confirm-quit", label: "y", action: "quit-anyway", description: "quit anyway", matches: plain((i) => i === "y" || i === "Y") },
  { context: "confirm-quit", label: "any other key", action: "stay", description: "stay", matches: () => true },
  { context: "picker", label: "↑/↓ Enter", action: "edit", description: "choose", matches: never, editor: true },
  { context: "picker", label: "type", action: "edit", description: "filter the list", matches: never, editor: true },
  { context: "picker", label: "Esc", action: "edit", description: "close", matches: never, editor: true },
  { context: "offline", label: "Ctrl+R", action: "retry", description: "reconnect now", matches: ctrl("r") },
];

/** The action bound to a key in a context; the context's own bindings win over global ones. */
export function actionFor(context: KeyContext, input: string, key: Key): KeyAction | undefined {
  const own = KEYMAP.find((b) => b.context === context && !b.editor && b.matches(input, key));
  return (own ?? KEYMAP.find((b) => b.context === "global" && b.matches(input, key)))?.action;
}

/** Bindings that share a row in hints with another ("↑/↓ Enter" already says ↑ and ↓). */
export const HIDDEN_IN_HINTS: readonly KeyAction[] = ["queue-next", "option-next", "page-next"];

/** "y approve · n deny with a reason · Esc abort the turn" for one context. */
export function keyHints(context: KeyContext, only?: readonly KeyAction[]): string {
  return KEYMAP.filter((b) => b.context === context && !HIDDEN_IN_HINTS.includes(b.action) && (!only || only.includes(b.action)))
    .map((b) => `${b.label} ${b.short ?? b.description}`)
    .join(" · ");
}

export const CONTEXT_TITLES: Record<KeyContext, string> = {
  global: "Anywhere",
  input: "Input line",
  approval: "Approval card",
  "confirm-always": "Confirming \"don't ask again\"",
  "deny-reason": "Deny reason",
  edit: "Editing before approval",
  question: "Questions from the agent",
  ask: "ask_user (a question from the agent's tool)",
  "confirm-quit": "Quitting during a turn",
  picker: "Pickers",
  queue: "Queue (Tab)",
  help: "Help",
  offline: "Offline",
};
