import type { Key } from "ink";
import type { ReactElement } from "react";
import type { KeyContext } from "../keymap.js";
import type { Effect, UiState, ViewEntry, World } from "../state/uiState.js";

// What a view on the stack is: its keys (a pure step over its entry), how it opens, and how it
// draws. Adding one is a file exporting a ViewDef, and a line in views/registry.ts.

/** A key's outcome on a view: its entry next (null closes it), and what to do. */
export interface ViewStep {
  entry: ViewEntry | null;
  effects?: Effect[];
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
  open(world: World, ui: UiState): { entry: ViewEntry; effects?: Effect[] };
  key(entry: ViewEntry, input: string, key: Key, world: World, ui: UiState): ViewStep;
  /** A bracketed paste while it is on top (text, never keys); without it the paste is dropped. */
  paste?(entry: ViewEntry, text: string): ViewEntry;
  /** Rows it takes, for the layout; views that size themselves elsewhere leave it out. */
  rows?(entry: ViewEntry, world: World): number;
  View(props: ViewProps): ReactElement | null;
}
