import { Box, Text } from "ink";
import type { DebugEntry } from "../../store/state.js";
import { sanitizeLine } from "../sanitize.js";

/** Frames we could not use (unknown, malformed, for other runtimes), newest last. */
export function DebugView({ entries, rows = 12 }: { entries: DebugEntry[]; rows?: number }) {
  const shown = entries.slice(-rows);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="magenta" paddingX={1}>
      <Text color="magenta" bold>
        debug: {entries.length} frame{entries.length === 1 ? "" : "s"} not shown in the transcript
      </Text>
      {shown.length === 0 ? <Text color="gray">nothing yet</Text> : null}
      {shown.map((e, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color="magenta">{e.kind}</Text> {sanitizeLine(e.type)} <Text color="gray">{sanitizeLine(e.detail).slice(0, 160)}</Text>
        </Text>
      ))}
    </Box>
  );
}
