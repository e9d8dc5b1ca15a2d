import type { Key } from "ink";

// The one keymap table: input handling and the on-screen key hints are both generated from it,
// so a key cannot work without being listed, or be listed without working.

export type KeyContext = "global" | "input" | "approval" | "deny-reason" | "offline";
export type KeyAction = "quit" | "abort" | "send" | "approve" | "deny" | "send-deny" | "cancel-deny" | "sync" | "retry" | "debug";

export interface KeyBinding {
  context: KeyContext;
  label: string;
  action: KeyAction;
  description: string;
  matches(input: string, key: Key): boolean;
}

export const KEYMAP: readonly KeyBinding[] = [
  { context: "global", label: "Ctrl+C", action: "quit", description: "quit", matches: (i, k) => k.ctrl && i === "c" },
  { context: "input", label: "Enter", action: "send", description: "send", matches: (_i, k) => k.return },
  { context: "input", label: "Esc", action: "abort", description: "abort the turn", matches: (_i, k) => k.escape },
  // Ctrl+R: a letter would go into the input line; sync replays the server's state on demand.
  { context: "global", label: "Ctrl+R", action: "sync", description: "resync with the server", matches: (i, k) => k.ctrl && i === "r" },
  { context: "global", label: "Ctrl+T", action: "debug", description: "debug log", matches: (i, k) => k.ctrl && i === "t" },
  { context: "offline", label: "Ctrl+R", action: "retry", description: "retry now", matches: (i, k) => k.ctrl && i === "r" },
  { context: "approval", label: "y", action: "approve", description: "approve", matches: (i) => i === "y" || i === "Y" },
  { context: "approval", label: "n", action: "deny", description: "deny with a reason", matches: (i) => i === "n" || i === "N" },
  { context: "approval", label: "Esc", action: "abort", description: "abort the turn", matches: (_i, k) => k.escape },
  { context: "deny-reason", label: "Enter", action: "send-deny", description: "send the denial", matches: (_i, k) => k.return },
  { context: "deny-reason", label: "Esc", action: "cancel-deny", description: "back", matches: (_i, k) => k.escape },
];

/** The action bound to a key in a context; the context's own bindings win over global ones. */
export function actionFor(context: KeyContext, input: string, key: Key): KeyAction | undefined {
  const own = KEYMAP.find((b) => b.context === context && b.matches(input, key));
  return (own ?? KEYMAP.find((b) => b.context === "global" && b.matches(input, key)))?.action;
}

/** "y approve · n deny with a reason · Esc abort the turn" for one context. */
export function keyHints(context: KeyContext): string {
  return KEYMAP.filter((b) => b.context === context)
    .map((b) => `${b.label} ${b.description}`)
    .join(" · ");
}
