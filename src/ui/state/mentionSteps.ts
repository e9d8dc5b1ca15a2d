import type { Key } from "ink";
import type { ReplyResult } from "../commands/command.js";
import { actionFor } from "../keymap.js";
import { insertMention, MENTION, MENTION_ASK, mentionAt, mentionItems, type MentionState } from "../mention.js";
import { activeRuntime, none } from "./step.js";
import type { Step, UiState, World } from "./uiState.js";

// The input line's `@` file list (ui/mention.ts holds its logic): the keys it takes while open,
// following the draft as it changes, and the search_files requests and their answers.

/** A key while the `@` list is open: its own keys, or undefined for the draft's editor. */
export function mentionKey(ui: UiState, world: World, input: string, key: Key): Step | undefined {
  const m = ui.mention!;
  const items = m.items === "loading" ? [] : m.items;
  switch (actionFor("mention", input, key)) {
    case "option-prev":
      return none({ ...ui, mention: { ...m, selected: Math.max(0, m.selected - 1) } });
    case "option-next":
      return none({ ...ui, mention: { ...m, selected: Math.min(Math.max(0, items.length - 1), m.selected + 1) } });
    case "option-pick": {
      // Enter with the list open never sends: with nothing to insert it only closes the list.
      const item = items[Math.min(m.selected, items.length - 1)];
      if (!item) return none({ ...ui, mention: { ...m, dismissed: true } });
      return mentionFollow({ ...ui, draft: insertMention(ui.draft, item) }, world);
    }
    case "close":
      return none({ ...ui, mention: { ...m, dismissed: true } });
    default:
      return undefined;
  }
}

/**
 * After the draft changed: the `@` word under the cursor (if any) is what the list completes.
 * A new query is asked for unless one is out already; its answer then asks for the latest.
 */
export function mentionFollow(ui: UiState, world: World): Step {
  const at = mentionAt(ui.draft);
  const prev = ui.mention;
  if (!at) return none(prev ? { ...ui, mention: undefined } : ui);
  const same = prev && prev.start === at.start ? prev : undefined;
  if (same && (same.dismissed || same.query === at.query)) return none(ui);
  const next: MentionState = { ...(same ?? { start: at.start, items: "loading" }), query: at.query, selected: 0, error: undefined };
  if (next.asked !== undefined) return none({ ...ui, mention: next });
  return askFiles({ ...ui, mention: next }, world);
}

export function askFiles(ui: UiState, world: World): Step {
  const m = ui.mention!;
  const cwd = activeRuntime(world)?.device?.current_working_directory ?? undefined;
  return {
    ui: { ...ui, mention: { ...m, asked: m.query } },
    effects: [{ kind: "request", command: { type: "search_files", query: m.query, max_results: MENTION_ASK, ...(cwd ? { cwd } : {}) }, expect: "search_files_response", reply: { to: MENTION, tag: m.query } }],
  };
}

/** search_files answered: shown if it is for the query typed now; an older query's is dropped and the current one asked. */
export function mentionReply(ui: UiState, world: World, tag: string, result: ReplyResult): Step {
  const m = ui.mention;
  if (!m || m.asked !== tag) return none(ui);
  const done = { ...m, asked: undefined };
  if (tag !== m.query) return askFiles({ ...ui, mention: done }, world);
  if (!result.ok) return none({ ...ui, mention: { ...done, error: result.error } });
  return none({ ...ui, mention: { ...done, items: mentionItems(result.frame), shownFor: tag, selected: 0, error: undefined } });
}
