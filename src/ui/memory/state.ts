import type { MemoryCommit } from "../../protocol/responses-memory.js";
import type { DiffRow } from "../approval/diffRows.js";
import type { Field } from "../components/textEdit.js";
import type { MemoryFile } from "./files.js";

// What the memory view remembers (ViewEntry.memory): the files as last listed, the marks on
// those that changed since, and the screen it is on. Pure data; steps.ts moves it.

/** A write the person is asked to confirm, with what happens after it. */
export type Pending =
  | { readonly kind: "write"; readonly path: string; readonly content: string; readonly message: string; readonly created?: boolean }
  | { readonly kind: "delete"; readonly path: string };

export interface HistoryScreen {
  readonly kind: "history";
  /** A file's history, or the whole memory's. */
  readonly path?: string;
  readonly commits: readonly MemoryCommit[] | "loading";
  readonly sel: number;
}

export type MemoryScreen =
  | { readonly kind: "tree" }
  | { readonly kind: "file"; readonly path: string; readonly scroll: number }
  | HistoryScreen
  | { readonly kind: "diff"; readonly history: HistoryScreen; readonly commit: MemoryCommit; readonly rows: readonly DiffRow[] | "loading"; readonly scroll: number }
  | { readonly kind: "old"; readonly history: HistoryScreen & { readonly path: string }; readonly commit: MemoryCommit; readonly content: string | "loading"; readonly scroll: number }
  /** Asked before a write: the diff of what it changes (none for a delete); `sending` once y went out. */
  | { readonly kind: "confirm"; readonly pending: Pending; readonly rows: readonly DiffRow[]; readonly scroll: number; readonly back: MemoryScreen; readonly sending?: boolean }
  /** A new file: its path, then its description. */
  | { readonly kind: "form"; readonly stage: "path" | "description"; readonly field: Field; readonly path?: string; readonly typedPath?: string }
  /** Waiting on the server or the editor before a confirm: reading the file to edit or restore, or the editor open. */
  | { readonly kind: "wait"; readonly purpose: "edit" | "restore" | "create"; readonly path: string; readonly what: string; readonly original?: string; readonly old?: string; readonly message?: string; readonly back: MemoryScreen };

export interface MemoryState {
  readonly agent: string;
  /** The agent's name when the view opened (the view stays on that agent if another tab is chosen). */
  readonly agentName?: string | undefined;
  readonly files: readonly MemoryFile[] | "loading";
  /** false: list_memory said memfs_enabled:false (the view offers enable_memfs). */
  readonly enabled: boolean;
  /** A list_memory is out ("out"), and something changed since it left ("again"). */
  readonly fetch?: "out" | "again";
  /** Files changed since the view last showed them: marked until opened. */
  readonly changed: readonly string[];
  readonly collapsed: readonly string[];
  /** The selected row of the tree. */
  readonly sel: number;
  readonly screen: MemoryScreen;
  readonly note?: string | undefined;
  /** A path written from the view whose next listing is no news (see changedPaths). */
  readonly quiet?: string | undefined;
}
