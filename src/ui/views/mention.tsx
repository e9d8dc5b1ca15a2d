import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import { keyHints } from "../keymap.js";
import { MENTION_ROWS, type MentionState } from "../mention.js";
import { sanitizeLine } from "../sanitize.js";

// The file list of an `@` word in the draft, drawn above the input line while the draft keeps
// the keys (update.ts routes ↑/↓/Tab/Enter/Esc to it). Paths are the server's text: sanitised.

type MentionLine = { kind: "row" | "selected" | "more" | "note" | "hint"; text: string };

/** Whether the list is up: an `@` word is being typed and Esc has not closed it. */
export const mentionShown = (m: MentionState | undefined): m is MentionState => !!m && !m.dismissed;

/** What the list draws, line by line: its height and its render both read this (one row each, cut to the width). */
function mentionLines(m: MentionState): MentionLine[] {
  const lines: MentionLine[] = [];
  const items = m.items === "loading" ? [] : m.items;
  const selected = Math.min(m.selected, Math.max(0, items.length - 1));
  const first = Math.max(0, Math.min(selected - MENTION_ROWS + 1, items.length - MENTION_ROWS));
  if (first > 0) lines.push({ kind: "more", text: `… ${first} above` });
  items.slice(first, first + MENTION_ROWS).forEach((item, j) => {
    const path = sanitizeLine(item.path);
    lines.push({ kind: first + j === selected ? "selected" : "row", text: item.dir ? `▸ ${path}${path.endsWith("/") ? "" : "/"}` : `  ${path}` });
  });
  const after = items.length - first - Math.min(MENTION_ROWS, items.length - first);
  if (after > 0) lines.push({ kind: "more", text: `… and ${after} more` });
  if (m.error) lines.push({ kind: "note", text: `could not search: ${sanitizeLine(m.error)}` });
  else if (m.items === "loading" || m.shownFor !== m.query) lines.push({ kind: "more", text: "searching…" });
  else if (items.length === 0) lines.push({ kind: "more", text: "no file or folder matches" });
  lines.push({ kind: "hint", text: keyHints("mention", ["option-prev", "option-pick", "close"]) });
  return lines;
}

/** Rows the list takes (its lines and the border): the layout gives the transcript the rest. */
export function mentionRows(m: MentionState | undefined): number {
  return mentionShown(m) ? mentionLines(m).length + 2 : 0;
}

export function MentionList({ mention }: { mention: MentionState }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="cyan" paddingX={1}>
      {mentionLines(mention).map((l, i) => (
        <Text key={i} wrap="truncate-end" inverse={l.kind === "selected"} color={l.kind === "note" ? "yellow" : l.kind === "hint" || l.kind === "more" ? "gray" : undefined}>
          {selectionMark(l.kind === "selected")}
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
