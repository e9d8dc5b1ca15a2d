import { Box, Text } from "ink";
import { keyHints } from "../keymap.js";
import type { QueueRow } from "../queue.js";
import { sanitizeLine } from "../sanitize.js";

/** Messages waiting for their turn; paused ones (after an abort) wait for `r` or a new message. */
export function QueuePanel({ rows, selected }: { rows: QueueRow[]; selected: number | null }) {
  if (rows.length === 0) return null;
  const paused = rows.some((r) => r.paused);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={selected !== null ? "blue" : "gray"} paddingX={1}>
      <Text bold>
        queue ({rows.length}){paused ? <Text color="yellow"> · paused after abort</Text> : null}
      </Text>
      {rows.map((r, i) => (
        <Text key={r.id ?? `local-${i}`} wrap="truncate-end" inverse={selected === i}>
          {r.paused ? "⏸ " : "· "}
          {sanitizeLine(r.text)}
          {r.source !== "user" ? <Text color="gray"> ({sanitizeLine(r.source)})</Text> : null}
          {!r.id ? <Text color="gray"> (sending)</Text> : null}
        </Text>
      ))}
      <Text color="gray">{selected !== null ? keyHints("queue") : "Tab to manage"}</Text>
    </Box>
  );
}
