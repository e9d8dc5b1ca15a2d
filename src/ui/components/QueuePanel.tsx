import { Box, Text } from "ink";
import { keyHints } from "../keymap.js";
import type { QueueRow } from "../queue.js";
import { sanitizeLine } from "../sanitize.js";

/** Rows shown at once; the live region must stay far below the terminal height. */
const VISIBLE_ROWS = 5;

/** Messages waiting for their turn; paused ones (after an abort) wait for `r` or a new message. */
export function QueuePanel({ rows, selected }: { rows: QueueRow[]; selected: number | null }) {
  if (rows.length === 0) return null;
  const paused = rows.some((r) => r.paused);
  // A window around the selection, so a long queue never pushes the screen out of view.
  const first = Math.max(0, Math.min((selected ?? 0) - 2, rows.length - VISIBLE_ROWS));
  const shown = rows.slice(first, first + VISIBLE_ROWS);
  const hiddenAfter = rows.length - first - shown.length;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={selected !== null ? "blue" : "gray"} paddingX={1}>
      <Text bold>
        queue ({rows.length}){paused ? <Text color="yellow"> · paused after abort</Text> : null}
      </Text>
      {first > 0 ? <Text color="gray">{`… ${first} earlier`}</Text> : null}
      {shown.map((r, j) => (
        <Text key={r.id ?? `local-${first + j}`} wrap="truncate-end" inverse={selected === first + j}>
          {r.paused ? "⏸ " : "· "}
          {sanitizeLine(r.text)}
          {r.source !== "user" ? <Text color="gray"> ({sanitizeLine(r.source)})</Text> : null}
          {/* Ours, not listed by the server yet: held here, or accepted as queued (so not "sending"). */}
          {!r.id ? <Text color="gray">{r.held ? " (waits for the turn to end)" : " (queued)"}</Text> : null}
        </Text>
      ))}
      {hiddenAfter > 0 ? <Text color="gray">{`… ${hiddenAfter} more`}</Text> : null}
      <Text color="gray">{selected !== null ? keyHints("queue") : "Tab to manage"}</Text>
    </Box>
  );
}
