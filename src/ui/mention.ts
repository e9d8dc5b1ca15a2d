import type { KnownFrame } from "../protocol/frames.js";
import type { Field } from "./components/textEdit.js";

// `@` file mentions in the draft, as Letta Code 0.32.18 writes them: the path goes in as plain
// text (`@src/app.ts `, `@src/ui/` for a folder, `@"my notes.md" ` when it has spaces) and is
// sent as typed; the agent reads the file itself. The candidates come from the server's
// search_files, scoped to the runtime's working directory. Everything here is pure: update.ts
// keeps the state and sends the requests.

/** The reply address of search_files answers (Msg "reply" `to`); the tag is the query asked. */
export const MENTION = "mention";
/** Rows of candidates shown at once. */
export const MENTION_ROWS = 10;
/** Asked for more than shown, so the list can say how many more there are. */
export const MENTION_ASK = 50;

export interface MentionItem {
  /** As the server gave it (relative to the cwd), unsanitised: inserted exactly. */
  readonly path: string;
  readonly dir: boolean;
}

export interface MentionState {
  /** Where the `@` of the word being completed stands in the draft. */
  readonly start: number;
  /** What follows the `@` up to the cursor (without an opening quote). */
  readonly query: string;
  /** Candidates for `shownFor`'s query, or "loading" before the first answer. */
  readonly items: readonly MentionItem[] | "loading";
  readonly shownFor?: string;
  readonly selected: number;
  /** The query whose search_files is out (one at a time: typing fast does not flood the server). */
  readonly asked?: string;
  /** Esc closed the list for the `@` at `start`: it stays closed until another `@` word. */
  readonly dismissed?: boolean;
  /** The search failed: why (shown instead of the list). */
  readonly error?: string;
}

/** The `@` word the cursor is in (or just after): where its `@` is and what is typed after it. */
export function mentionAt(field: Field): { start: number; end: number; query: string } | undefined {
  const { value, cursor } = field;
  let start = cursor;
  while (start > 0 && !/\s/.test(value[start - 1]!)) start--;
  // A quoted path may hold spaces: `@"my no` is still the word being typed.
  const quoted = value.lastIndexOf('@"', cursor);
  if (quoted >= 0 && quoted < start && (quoted === 0 || /\s/.test(value[quoted - 1]!)) && !value.slice(quoted + 2, cursor).includes('"')) start = quoted;
  if (value[start] !== "@") return undefined;
  let end = cursor;
  while (end < value.length && !/\s/.test(value[end]!)) end++;
  const typed = value.slice(start + 1, cursor);
  return { start, end, query: typed.startsWith('"') ? typed.slice(1) : typed };
}

/** The text a chosen candidate becomes: `@path ` for a file, `@dir/` for a folder (it goes on completing), quoted with spaces. */
export function mentionText(item: MentionItem): string {
  const path = item.dir && !item.path.endsWith("/") ? `${item.path}/` : item.path;
  const body = /\s/.test(path) ? `"${path}"` : path;
  return item.dir ? `@${body}` : `@${body} `;
}

/** The draft with the `@` word under the cursor replaced by the chosen candidate, the cursor after it. */
export function insertMention(field: Field, item: MentionItem): Field {
  const at = mentionAt(field);
  if (!at) return field;
  const text = mentionText(item);
  // A quoted folder's cursor stays inside its quotes, so the list goes on inside it as it does unquoted.
  const value = field.value.slice(0, at.start) + text + field.value.slice(at.end);
  return { value, cursor: at.start + text.length - (item.dir && text.endsWith('"') ? 1 : 0) };
}

/** The candidates a search_files answer carries (anything else: none). */
export function mentionItems(frame: KnownFrame | undefined): MentionItem[] {
  if (!frame || frame.type !== "search_files_response") return [];
  return frame.files.map((f) => ({ path: f.path, dir: f.type === "dir" }));
}
