import { Box, Text } from "ink";
import { selectionMark } from "../color.js";
import { keyHints } from "../keymap.js";
import type { QueueRow } from "../queue.js";
import { sanitizeLine } from "../sanitize.js";
import { rowCount } from "../transcriptRows.js";

/** Rows shown at once; the live region must stay far below the terminal height. */
const VISIBLE_ROWS = 5;
/** Its border and padding, in columns; its border in rows. */
const INSET = 4;
const BORDER = 2;

export interface QueuePanelProps {
  rows: QueueRow[];
  /** The selected row while the panel has the keys (Tab), else null. */
  selected: number | null;
}

/** What the panel draws, line by line; its height and its render both read it. */
function panelLines({ rows, selected }: QueuePanelProps) {
  const paused = rows.some((r) => r.paused);
  // A window around the selection, so a long queue never pushes the screen out of view.
  const first = Math.max(0, Math.min((selected ?? 0) - 2, rows.length - VISIBLE_ROWS));
  const shown = rows.slice(first, first + VISIBLE_ROWS);
  const hiddenAfter = rows.length - first - shown.length;
  return {
    title: `queue (${rows.length})`,
    paused: paused ? " · paused after abort" : "",
    first,
    earlier: first > 0 ? `… ${first} earlier` : undefined,
    shown,
    more: hiddenAfter > 0 ? `… ${hiddenAfter} more` : undefined,
    hints: selected !== null ? keyHints("queue") : "Tab to manage",
  };
}

/** Rows the panel takes at `width`: the lines that wrap as they wrap, one row per queued item (cut). */
export function queuePanelHeight(width: number, props: QueuePanelProps): number {
  if (props.rows.length === 0) return 0;
  const l = panelLines(props);
  const wrapped = (text: string | undefined) => (text === undefined ? 0 : rowCount(text, width - INSET));
  return BORDER + wrapped(l.title + l.paused) + wrapped(l.earlier) + l.shown.length + wrapped(l.more) + wrapped(l.hints);
}

/** Messages waiting for their turn; paused ones (after an abort) wait for `r` or a new message. */
export function QueuePanel(props: QueuePanelProps) {
  const { rows, selected } = props;
  if (rows.length === 0) return null;
  const l = panelLines(props);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={selected !== null ? "blue" : "gray"} paddingX={1}>
      <Text bold>
        {l.title}
        {l.paused ? <Text color="yellow">{l.paused}</Text> : null}
      </Text>
      {l.earlier ? <Text color="gray">{l.earlier}</Text> : null}
      {l.shown.map((r, j) => (
        <Text key={r.id ?? `local-${l.first + j}`} wrap="truncate-end" inverse={selected === l.first + j}>
          {selectionMark(selected === l.first + j)}
          {r.paused ? "⏸ " : "· "}
          {sanitizeLine(r.text)}
          {r.source !== "user" ? <Text color="gray"> ({sanitizeLine(r.source)})</Text> : null}
          {/* Ours, not listed by the server yet: held here, or accepted as queued (so not "sending"). */}
          {!r.id ? <Text color="gray">{r.held ? " (waits for the turn to end)" : " (queued)"}</Text> : null}
        </Text>
      ))}
      {l.more ? <Text color="gray">{l.more}</Text> : null}
      <Text color="gray">{l.hints}</Text>
    </Box>
  );
}
