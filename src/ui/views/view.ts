import type { Key } from "ink";
import type { ReactElement } from "react";
import type { ReplyResult } from "../commands/command.js";
import type { KeyContext } from "../keymap.js";
import type { Effect, UiState, ViewEntry, World } from "../state/uiState.js";

// What a view on the stack is: its keys (a pure step over its entry), how it opens, and how it
// draws. Adding one is a file exporting a ViewDef, and a line in views/registry.ts.

/** A key's outcome on a view: its entry next (null closes it), and what to do. */
export interface ViewStep {
  entry: ViewEntry | null;
  effects?: Effect[];
  /** A line the person ran or sent from the view (the palette): kept in the sent history for ↑. */
  sent?: string;
  /** Then open this view (a command the palette ran opens its view), with the command's arguments. */
  open?: { view: string; args: string };
  /** Give this text back to the input line (the palette closed with a line typed). */
  draft?: string;
}

/** What a view's drawing may read: the UI state, the store's state, and what the CLI passed in. */
export interface ViewProps {
  entry: ViewEntry;
  ui: UiState;
  world: World;
  /** The transport log's path, when there is one. */
  logPath?: string | undefined;
  /** The runtime list's instructions (listen). */
  instructions?: readonly string[] | undefined;
  /** The App's clock (tests inject one): a view that shows elapsed time reads it, never Date.now. */
  now?: () => number;
  /** Rows the layout gives the view, and the terminal's width. */
  height: number;
  width: number;
}

export interface ViewDef {
  /** The keymap context of its bindings: the help overlay and its footer come from there. */
  context: KeyContext;
  /** "screen": drawn instead of the session (only Ctrl+C passes it); "panel": above the input line. */
  placement: "screen" | "panel";
  /** Whether it can open at all in this world (the runtime list needs `listen`). */
  available?(world: World): boolean;
  /** `args`: what a slash command that opens it was given (`/model HANDLE`). */
  open(world: World, ui: UiState, args?: string): { entry: ViewEntry; effects?: Effect[] };
  key(entry: ViewEntry, input: string, key: Key, world: World, ui: UiState): ViewStep;
  /** A bracketed paste while it is on top (text, never keys); without it the paste is dropped. */
  paste?(entry: ViewEntry, text: string): ViewEntry;
  /**
   * The answer to a `request` effect sent with `reply.to` = this view's id, while the view is
   * on the stack (a closed view's answers are dropped). `entry` is its entry as it is now.
   */
  reply?(entry: ViewEntry, tag: string, result: ReplyResult, world: World): ViewStep;
  /** The editor gave back a text the view sent out with an `edit-text` effect (reply.to = its id), while it is on the stack. */
  edited?(entry: ViewEntry, tag: string, result: { editor?: string | undefined; text?: string | undefined }, world: World): ViewStep;
  /** A broadcast of `frame`'s type arrived while it is on the stack (crons_updated...): fetch again if it shows that. */
  broadcast?(entry: ViewEntry, frame: string, world: World): ViewStep;
  /** Rows it takes at `width`, for the layout; views that size themselves elsewhere leave it out. */
  rows?(entry: ViewEntry, world: World, width: number): number;
  View(props: ViewProps): ReactElement | null;
}
