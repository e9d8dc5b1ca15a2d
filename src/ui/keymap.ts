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
  | "picker"
  /** The command palette ("/" on an empty input line). */
  | "palette"
  /** Information views (about): they only close. */
  | "panel"
  /** /cron: the agent's schedules, the form that adds one, and the question before deleting one. */
  | "cron"
  | "cron-form"
  | "cron-confirm"
  /** /skills: the skills the agent can load, and the field that enables one. */
  | "skills"
  | "skills-form"
  /** The tasks panel (background processes and subagents). */
  | "tasks"
  /** /agents: the list of agents. */
  | "agents"
  /** /agents: a step of making, renaming or deleting one. */
  | "agent-form"
  /** The file list of an `@` word in the draft (mention.ts): the draft keeps every other key. */
  | "mention"
  /** The reader of the whole conversation (Ctrl+F, /search), and its search line. */
  | "reader"
  | "reader-search"
  /** /memory (Alt+M): the tree of the agent's memory files, a file, the history; each screen hints its own keys. */
  | "memory"
  /** /memory: a write shown as a diff, waiting for y. */
  | "memory-confirm"
  /** /memory: a new file's path and description. */
  | "memory-form";
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
  | "open-view"
  | "verbose"
  | "help"
  | "close"
  | "page-prev"
  | "page-next"
  | "queue-focus"
  | "queue-prev"
  | "queue-next"
  | "queue-resume"
  | "queue-remove"
  | "complete"
  | "cron-add"
  | "cron-pause"
  | "cron-run"
  | "cron-delete"
  | "confirm-yes"
  | "skill-enable"
  | "skill-disable"
  | "stop"
  | "agent-new"
  | "agent-rename"
  | "agent-delete"
  | "edit-draft"
  | "scroll-up"
  | "scroll-down"
  | "scroll-start"
  | "scroll-end"
  | "search"
  | "match-next"
  | "match-prev"
  | "memory-history"
  | "memory-edit"
  | "memory-new"
  | "memory-delete"
  | "memory-old"
  | "memory-restore"
  | "memory-enable"
  | "paste-image"
  | "expand-paste";

export interface KeyBinding {
  context: KeyContext;
  /** The keys, as the person reads them; a unit test checks it names exactly what `matches` takes. */
  label: string;
  action: KeyAction;
  description: string;
  matches(input: string, key: Key): boolean;
  /** Handled inside the text field; listed for the help overlay only. */
  editor?: boolean;
  /** A shorter description for the one-line hints under cards; the help overlay uses the long one. */
  short?: string;
  /** Shown on one row with the next binding ("↑" + "↓" read "↑/↓ move"): its twin in the other direction. */
  joinNext?: true;
  /** For `open-view`: the view (src/ui/views/registry.ts) the key opens, or closes when it is on top. */
  view?: string;
}

type Mods = { ctrl?: boolean; meta?: boolean; shift?: boolean };
const exact = (k: Key, m: Mods) => !!k.ctrl === !!m.ctrl && !!k.meta === !!m.meta && !!k.shift === !!m.shift;
const ctrl = (c: string) => (i: string, k: Key) => k.ctrl && !k.meta && i === c;
/** A bare key: with Alt or Ctrl held it means something else (Alt+1 switches runtime, never "answer 1"). */
const plain = (match: (i: string, k: Key) => boolean) => (i: string, k: Key) => !k.ctrl && !k.meta && match(i, k);
/** A letter, either case (Shift+y arrives as "Y"), with no Ctrl or Alt. */
const letter = (c: string) => plain((i) => i.toLowerCase() === c);
/** A named key (arrows, Enter, Esc...) with exactly the modifiers given, none by default. */
type Named = "upArrow" | "downArrow" | "leftArrow" | "rightArrow" | "pageUp" | "pageDown" | "return" | "escape" | "tab" | "delete" | "backspace";
const named =
  (...names: Named[]) =>
  (_i: string, k: Key) =>
    names.some((n) => k[n]) && exact(k, {});
const either =
  (...ms: ((i: string, k: Key) => boolean)[]) =>
  (i: string, k: Key) =>
    ms.some((m) => m(i, k));
const never = () => false;

/** ↑/↓ a row and PgUp/PgDn a page, over a diff. */
const scrolling = (context: KeyContext): KeyBinding[] => [
  { context, label: "↑", action: "option-prev", description: "scroll", matches: named("upArrow"), joinNext: true },
  { context, label: "↓", action: "option-next", description: "scroll", matches: named("downArrow") },
  { context, label: "PgUp", action: "page-prev", description: "a page up / down", short: "page", matches: named("pageUp"), joinNext: true },
  { context, label: "PgDn", action: "page-next", description: "a page down", matches: named("pageDown") },
];

export const KEYMAP: readonly KeyBinding[] = [
  { context: "global", label: "Ctrl+C", action: "quit", description: "clear the input; twice to quit", matches: ctrl("c") },
  // Ctrl chords: a letter would go into the input line.
  { context: "global", label: "Ctrl+R", action: "sync", description: "resync with the server", matches: ctrl("r") },
  { context: "global", label: "Ctrl+O", action: "verbose", description: "expand reasoning, tool output and memory diffs", matches: ctrl("o") },
  { context: "global", label: "Ctrl+T", action: "debug", description: "debug log", matches: ctrl("t") },
  { context: "global", label: "Alt+1-9", action: "switch-runtime", description: "switch to attached runtime N", matches: (i, k) => k.meta && !k.ctrl && /^[1-9]$/.test(i) },
  { context: "global", label: "Ctrl+X", action: "open-view", view: "conversations", description: "conversations and agents: open another, or a new one, beside this one", matches: ctrl("x") },
  { context: "global", label: "Ctrl+G", action: "open-view", view: "environments", description: "runtimes that dialled in (letta-tui listen)", matches: ctrl("g") },
  { context: "global", label: "Ctrl+L", action: "server-log", description: "log of the letta server we started (no --url)", matches: ctrl("l") },
  { context: "global", label: "Ctrl+K", action: "open-view", view: "about", description: "about: server version, capabilities, transport log", matches: ctrl("k") },
  // Ctrl+F finds, as in browsers and editors; Ctrl+R (a shell's reverse search) is resync here.
  { context: "global", label: "Ctrl+F", action: "open-view", view: "reader", description: "read and search the whole conversation (older pages from the server)", matches: ctrl("f") },
  // Alt+letter: every free Ctrl chord is a terminal's (Ctrl+B tmux, Ctrl+S/Q flow control, Ctrl+Z).
  { context: "global", label: "Alt+T", action: "open-view", view: "tasks", description: "tasks: background Bash, monitors, subagents", matches: (i, k) => k.meta && !k.ctrl && i.toLowerCase() === "t" },
  { context: "global", label: "Alt+M", action: "open-view", view: "memory", description: "the agent's memory: its files, their history, edit", matches: (i, k) => k.meta && !k.ctrl && i.toLowerCase() === "m" },
  { context: "input", label: "Enter", action: "send", description: "send", matches: never, editor: true },
  { context: "input", label: "Alt+Enter / Ctrl+J", action: "newline", description: "new line", matches: never, editor: true },
  { context: "input", label: "↑/↓", action: "history", description: "previous / next message", matches: never, editor: true },
  { context: "input", label: "Ctrl+A/E, Ctrl+W/U", action: "edit", description: "line start/end, delete word/line", matches: never, editor: true },
  { context: "input", label: "Esc", action: "abort", description: "abort the turn", matches: named("escape") },
  { context: "input", label: "Tab", action: "queue-focus", description: "queue", matches: named("tab") },
  { context: "input", label: "?", action: "help", description: "help (on an empty line)", matches: never, editor: true },
  { context: "input", label: "/", action: "open-view", view: "palette", description: "commands (on an empty line); //text sends /text", matches: never, editor: true },
  { context: "input", label: "@", action: "complete", description: "mention a file or folder: a list from the working directory opens", matches: never, editor: true },
  // Ctrl+E is end of line and Ctrl+G the runtimes: Alt+E, like Alt+T, is no terminal's.
  { context: "input", label: "Alt+E", action: "edit-draft", description: "write the draft in $VISUAL / $EDITOR", matches: (i, k) => k.meta && !k.ctrl && i.toLowerCase() === "e" },
  // Ctrl+V as in Letta Code and Claude Code: a terminal's own paste is Ctrl+Shift+V or Cmd+V.
  { context: "input", label: "Ctrl+V", action: "paste-image", description: "attach the clipboard's image (wl-paste, xclip, osascript or PowerShell)", matches: ctrl("v") },
  { context: "input", label: "Alt+P", action: "expand-paste", description: "put a pasted block's whole text back in place of its chip", matches: (i, k) => k.meta && !k.ctrl && i.toLowerCase() === "p" },
  { context: "global", label: "Shift+Tab", action: "mode", description: "next permission mode", matches: (_i, k) => k.tab && exact(k, { shift: true }) },
  { context: "approval", label: "y", action: "approve", description: "approve", short: "yes", matches: letter("y") },
  { context: "approval", label: "a", action: "always", description: "approve and don't ask again (when offered; asks to confirm)", short: "always", matches: letter("a") },
  { context: "approval", label: "n", action: "deny", description: "deny with a reason", short: "no", matches: letter("n") },
  { context: "approval", label: "e", action: "edit-args", description: "edit, then approve", short: "edit", matches: letter("e") },
  { context: "approval", label: "1-4", action: "option-number", description: "pick an answer by number", short: "pick", matches: plain((i) => /^[1-4]$/.test(i)) },
  { context: "approval", label: "↑", action: "option-prev", description: "move between answers", short: "move", matches: named("upArrow"), joinNext: true },
  { context: "approval", label: "↓", action: "option-next", description: "next answer", matches: named("downArrow") },
  { context: "approval", label: "Enter", action: "option-pick", description: "pick the highlighted answer", short: "pick", matches: named("return") },
  { context: "approval", label: "f", action: "fold", description: "show all / fold", short: "fold", matches: letter("f") },
  { context: "approval", label: "Esc", action: "abort", description: "abort the turn", short: "abort", matches: named("escape") },
  // "Always" writes a permanent allow rule: its first press only asks (approval/cardKeys.ts).
  { context: "confirm-always", label: "a / 2 / Enter", action: "always", description: "save the rule and approve", short: "save the rule and approve", matches: either(named("return"), letter("a"), plain((c) => c === "2")) },
  { context: "confirm-always", label: "any other key", action: "cancel-deny", description: "back to the answers, nothing saved", short: "back", matches: () => true },
  { context: "question", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "question", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "question", label: "Space", action: "option-toggle", description: "tick (multi-select)", matches: plain((i) => i === " ") },
  { context: "question", label: "Enter", action: "option-pick", description: "answer, or type your own on the last row", matches: named("return") },
  { context: "question", label: "1-9", action: "option-number", description: "pick by number", matches: plain((i) => /^[1-9]$/.test(i)) },
  { context: "question", label: "Esc", action: "abort", description: "abort the turn", matches: named("escape") },
  { context: "deny-reason", label: "Enter", action: "send-deny", description: "send the denial", matches: never, editor: true },
  { context: "deny-reason", label: "Esc", action: "cancel-deny", description: "back", matches: named("escape") },
  { context: "edit", label: "Enter", action: "send", description: "approve with the edit", matches: never, editor: true },
  { context: "edit", label: "Ctrl+J", action: "newline", description: "new line", matches: never, editor: true },
  { context: "edit", label: "Esc", action: "cancel-deny", description: "back, nothing sent", matches: named("escape") },
  { context: "ask", label: "Enter", action: "send", description: "answer the agent", matches: never, editor: true },
  { context: "ask", label: "1-9", action: "send", description: "type an option's number to pick it", matches: never, editor: true },
  { context: "ask", label: "Esc", action: "decline", description: "decline to answer", matches: named("escape") },
  { context: "queue", label: "↑", action: "queue-prev", description: "select", matches: named("upArrow"), joinNext: true },
  { context: "queue", label: "↓", action: "queue-next", description: "select", matches: named("downArrow") },
  { context: "queue", label: "r", action: "queue-resume", description: "resume paused items", matches: letter("r") },
  { context: "queue", label: "d/Delete", action: "queue-remove", description: "remove the selected item", matches: either(letter("d"), named("delete")) },
  { context: "queue", label: "Tab/Esc", action: "close", description: "back to the input", matches: named("tab", "escape") },
  { context: "help", label: "↑/PgUp/←", action: "page-prev", description: "turn the page", matches: named("upArrow", "pageUp", "leftArrow"), joinNext: true },
  { context: "help", label: "↓/PgDn/→", action: "page-next", description: "next page", matches: named("downArrow", "pageDown", "rightArrow") },
  { context: "help", label: "Esc/?/Enter", action: "close", description: "close help", matches: either(named("escape", "return"), plain((i) => i === "?")) },
  { context: "confirm-quit", label: "y", action: "quit-anyway", description: "quit anyway", matches: letter("y") },
  { context: "confirm-quit", label: "any other key", action: "stay", description: "stay", matches: () => true },
  { context: "picker", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "picker", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "picker", label: "PgUp", action: "page-prev", description: "a page up / down", matches: named("pageUp"), joinNext: true },
  { context: "picker", label: "PgDn", action: "page-next", description: "a page down", matches: named("pageDown") },
  { context: "picker", label: "Enter", action: "option-pick", description: "choose", matches: named("return") },
  { context: "picker", label: "Esc", action: "close", description: "close", matches: named("escape") },
  { context: "picker", label: "type", action: "edit", description: "filter the list", matches: never, editor: true },
  { context: "palette", label: "type", action: "edit", description: "the command and its arguments; the list narrows as you type", matches: never, editor: true },
  { context: "palette", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "palette", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "palette", label: "Tab", action: "complete", description: "complete the command, then its argument", short: "complete", matches: named("tab") },
  { context: "palette", label: "Enter", action: "option-pick", description: "run", matches: named("return") },
  { context: "palette", label: "Esc", action: "close", description: "close; the line goes back to the input", short: "close", matches: named("escape") },
  { context: "mention", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "mention", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "mention", label: "Tab/Enter", action: "option-pick", description: "insert the path (Enter does not send)", short: "insert", matches: named("tab", "return") },
  { context: "mention", label: "Esc", action: "close", description: "close the list; the text stays", short: "close", matches: named("escape") },
  { context: "mention", label: "type", action: "edit", description: "narrow the list (the draft goes on being edited)", matches: never, editor: true },
  { context: "reader", label: "↑", action: "scroll-up", description: "scroll a row (at the top: load older messages)", matches: named("upArrow"), joinNext: true },
  { context: "reader", label: "↓", action: "scroll-down", description: "scroll a row", matches: named("downArrow") },
  { context: "reader", label: "PgUp", action: "page-prev", description: "a page up / down", matches: named("pageUp"), joinNext: true },
  { context: "reader", label: "PgDn", action: "page-next", description: "a page down", matches: named("pageDown") },
  { context: "reader", label: "Space", action: "page-next", description: "a page down", matches: plain((i) => i === " ") },
  // g and G, n and N differ only by case, which the keymap test's labels read as one key: the view matches them itself.
  { context: "reader", label: "Home/g", action: "scroll-start", description: "the start (older pages load)", short: "start", matches: never, editor: true },
  { context: "reader", label: "End/G", action: "scroll-end", description: "the end", short: "end", matches: never, editor: true },
  { context: "reader", label: "/ or Ctrl+F", action: "search", description: "search: narrows as you type, Enter keeps it", short: "search", matches: never, editor: true },
  { context: "reader", label: "n/N", action: "match-next", description: "next / previous match (N before the first searches older pages)", short: "next/prev", matches: never, editor: true },
  { context: "reader", label: "Esc/q", action: "close", description: "close (while loading: stop loading)", short: "close", matches: either(named("escape"), letter("q")) },
  { context: "reader-search", label: "type", action: "edit", description: "the words to find; matches narrow as you type", matches: never, editor: true },
  { context: "reader-search", label: "Enter", action: "option-pick", description: "keep the search; n/N move between matches", short: "keep", matches: named("return") },
  { context: "reader-search", label: "Esc", action: "close", description: "clear the search", short: "clear", matches: named("escape") },
  { context: "panel", label: "Esc/Enter", action: "close", description: "close", matches: named("escape", "return") },
  { context: "tasks", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "tasks", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "tasks", label: "s", action: "stop", description: "stop the selected monitor (a Bash or subagent: ask the agent)", short: "stop a monitor", matches: letter("s") },
  { context: "tasks", label: "Esc", action: "close", description: "close", matches: named("escape") },
  { context: "agents", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "agents", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "agents", label: "Enter", action: "option-pick", description: "open it beside this one (a new tab)", short: "open", matches: named("return") },
  { context: "agents", label: "n", action: "agent-new", description: "new agent: name, model, personality", short: "new", matches: letter("n") },
  { context: "agents", label: "r", action: "agent-rename", description: "rename", short: "rename", matches: letter("r") },
  { context: "agents", label: "d/Delete", action: "agent-delete", description: "delete (after typing its name)", short: "delete", matches: either(letter("d"), named("delete")) },
  { context: "agents", label: "Esc", action: "close", description: "close", matches: named("escape") },
  { context: "agent-form", label: "type", action: "edit", description: "the name", matches: never, editor: true },
  { context: "agent-form", label: "↑", action: "option-prev", description: "move (choosing a model or personality)", short: "move", matches: named("upArrow"), joinNext: true },
  { context: "agent-form", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "agent-form", label: "Enter", action: "option-pick", description: "next step, or do it", short: "next", matches: named("return") },
  { context: "agent-form", label: "Esc", action: "close", description: "back to the list, nothing done", short: "back", matches: named("escape") },
  { context: "offline", label: "Ctrl+R", action: "retry", description: "reconnect now", matches: ctrl("r") },
  { context: "cron", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "cron", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "cron", label: "a", action: "cron-add", description: "add a schedule: an expression, then the prompt", short: "add", matches: letter("a") },
  { context: "cron", label: "p", action: "cron-pause", description: "pause the selected schedule, or resume it", short: "pause/resume", matches: letter("p") },
  { context: "cron", label: "r", action: "cron-run", description: "run it now: its prompt is queued in its conversation", short: "run now", matches: letter("r") },
  { context: "cron", label: "d/Delete", action: "cron-delete", description: "delete it (asks first)", short: "delete", matches: either(letter("d"), named("delete")) },
  { context: "cron", label: "Esc", action: "close", description: "close", matches: named("escape") },
  { context: "cron-form", label: "type", action: "edit", description: "the cron expression (its meaning shows below), then the prompt", matches: never, editor: true },
  { context: "cron-form", label: "Enter", action: "option-pick", description: "next; on the prompt, add the schedule", short: "next", matches: named("return") },
  { context: "cron-form", label: "Esc", action: "close", description: "back a step; what was typed is kept", short: "back", matches: named("escape") },
  { context: "cron-confirm", label: "y", action: "confirm-yes", description: "delete the schedule", short: "delete", matches: letter("y") },
  { context: "cron-confirm", label: "n/Esc", action: "close", description: "keep it", matches: either(letter("n"), named("escape")) },
  { context: "skills", label: "↑", action: "option-prev", description: "move", matches: named("upArrow"), joinNext: true },
  { context: "skills", label: "↓", action: "option-next", description: "move", matches: named("downArrow") },
  { context: "skills", label: "e", action: "skill-enable", description: "enable a skill directory: the server links it into its ~/.letta/skills", short: "enable", matches: letter("e") },
  { context: "skills", label: "d/Delete", action: "skill-disable", description: "disable the selected global skill (removes that link)", short: "disable", matches: either(letter("d"), named("delete")) },
  { context: "skills", label: "Esc", action: "close", description: "close", matches: named("escape") },
  { context: "skills-form", label: "type", action: "edit", description: "the skill's directory on the server's machine (it holds SKILL.md)", matches: never, editor: true },
  { context: "skills-form", label: "Enter", action: "option-pick", description: "enable it", short: "enable", matches: named("return") },
  { context: "skills-form", label: "Esc", action: "close", description: "back to the list", short: "back", matches: named("escape") },
  { context: "memory", label: "↑", action: "option-prev", description: "move; on a file or a diff, scroll", short: "move", matches: named("upArrow"), joinNext: true },
  { context: "memory", label: "↓", action: "option-next", description: "move / scroll", matches: named("downArrow") },
  { context: "memory", label: "PgUp", action: "page-prev", description: "a page up / down", short: "page", matches: named("pageUp"), joinNext: true },
  { context: "memory", label: "PgDn", action: "page-next", description: "a page down", matches: named("pageDown") },
  { context: "memory", label: "Enter", action: "option-pick", description: "read the file, fold a folder; in a history, the commit's diff", short: "open", matches: named("return") },
  { context: "memory", label: "h", action: "memory-history", description: "history: of the file, or of the whole memory on the first row", short: "history", matches: letter("h") },
  { context: "memory", label: "e", action: "memory-edit", description: "edit the file in $VISUAL / $EDITOR, then confirm the diff", short: "edit", matches: letter("e") },
  { context: "memory", label: "n", action: "memory-new", description: "new file: its path, its description, then the editor", short: "new", matches: letter("n") },
  { context: "memory", label: "d/Delete", action: "memory-delete", description: "delete the file (asks first)", short: "delete", matches: either(letter("d"), named("delete")) },
  { context: "memory", label: "v", action: "memory-old", description: "in a file's history: the file as it was after that commit", short: "as it was", matches: letter("v") },
  { context: "memory", label: "r", action: "memory-restore", description: "on a file as it was: restore that version (the diff is shown first)", short: "restore", matches: letter("r") },
  { context: "memory", label: "y", action: "memory-enable", description: "an agent without memory: enable it (enable_memfs)", short: "enable memory", matches: letter("y") },
  { context: "memory", label: "Esc", action: "close", description: "back; on the tree, close", short: "back", matches: named("escape") },
  { context: "memory-confirm", label: "y", action: "confirm-yes", description: "write it (or delete it) and commit", short: "yes, write", matches: letter("y") },
  ...scrolling("memory-confirm"),
  { context: "memory-confirm", label: "n/Esc", action: "close", description: "no: nothing is written", short: "no", matches: either(letter("n"), named("escape")) },
  { context: "memory-form", label: "type", action: "edit", description: "the new file's path, then its description", matches: never, editor: true },
  { context: "memory-form", label: "Enter", action: "option-pick", description: "next; after the description, the editor opens", short: "next", matches: named("return") },
  { context: "memory-form", label: "Esc", action: "close", description: "back a step", short: "back", matches: named("escape") },
];

/** The binding a key matches in a context; the context's own bindings win over global ones. */
export function bindingFor(context: KeyContext, input: string, key: Key): KeyBinding | undefined {
  return KEYMAP.find((b) => b.context === context && !b.editor && b.matches(input, key)) ?? KEYMAP.find((b) => b.context === "global" && b.matches(input, key));
}

/** The action bound to a key in a context; the context's own bindings win over global ones. */
export function actionFor(context: KeyContext, input: string, key: Key): KeyAction | undefined {
  return bindingFor(context, input, key)?.action;
}

/** The bindings of a context as shown in hints and help: a `joinNext` pair becomes one row. */
export function shownBindings(context: KeyContext, only?: readonly KeyAction[]): { label: string; binding: KeyBinding }[] {
  const own = KEYMAP.filter((b) => b.context === context);
  const rows: { label: string; binding: KeyBinding }[] = [];
  own.forEach((b, i) => {
    if (i > 0 && own[i - 1]?.joinNext) return;
    const twin = b.joinNext ? own[i + 1] : undefined;
    if (only && !only.includes(b.action)) return;
    rows.push({ label: twin ? `${b.label}/${twin.label}` : b.label, binding: b });
  });
  return rows;
}

/** Actions shown only through their joined twin's row (the "↓" of "↑/↓"). */
export const HIDDEN_IN_HINTS: readonly KeyAction[] = [...new Set(KEYMAP.filter((b, i) => i > 0 && KEYMAP[i - 1]?.joinNext && KEYMAP[i - 1]?.context === b.context).map((b) => b.action))];

/** "y approve · n deny with a reason · Esc abort the turn" for one context. */
export function keyHints(context: KeyContext, only?: readonly KeyAction[]): string {
  return shownBindings(context, only)
    .map(({ label, binding: b }) => `${label} ${b.short ?? b.description}`)
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
  picker: "Pickers (conversations, runtimes)",
  palette: "Command palette (/ on an empty line)",
  mention: "File list (@ in the draft)",
  reader: "Reader (Ctrl+F, /search)",
  "reader-search": "Reader's search line",
  panel: "Information panels (about)",
  cron: "Schedules (/cron)",
  "cron-form": "Adding a schedule",
  "cron-confirm": "Deleting a schedule",
  skills: "Skills (/skills)",
  "skills-form": "Enabling a skill",
  tasks: "Tasks panel (Alt+T, /tasks)",
  agents: "Agents (/agents)",
  "agent-form": "New agent, rename, delete (/agents)",
  memory: "Memory (/memory, Alt+M)",
  "memory-confirm": "Confirming a memory write",
  "memory-form": "New memory file",
  queue: "Queue (Tab)",
  help: "Help",
  offline: "Offline",
};
