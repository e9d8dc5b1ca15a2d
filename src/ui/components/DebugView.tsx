import { Box, Text } from "ink";
import type { DebugEntry } from "../../store/state.js";
import { wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";

/** Entries shown at most: the log is a glance at what arrived lately, not a pager. */
export const DEBUG_ROWS = 12;

export interface DebugViewProps {
  entries: DebugEntry[];
  /** Entries shown: the newest ones (the layout gives fewer on a crowded screen). */
  rows?: number;
}

const titleOf = (entries: readonly DebugEntry[]) => `debug: ${entries.length} frame${entries.length === 1 ? "" : "s"} not shown in the transcript`;
const NOTHING = "nothing yet";
const shownOf = ({ entries, rows = DEBUG_ROWS }: DebugViewProps) => (rows > 0 ? entries.slice(-rows) : []);

/** Rows it takes at `width`: border, the title as it wraps, one row per entry shown (cut). */
export function debugViewHeight(width: number, props: DebugViewProps): number {
  const shown = shownOf(props);
  return 2 + wrapped(titleOf(props.entries), width - 4) + (shown.length === 0 ? wrapped(NOTHING, width - 4) : shown.length);
}

/** Frames we could not use (unknown, malformed, for other runtimes), newest last. */
export function DebugView(props: DebugViewProps) {
  const { entries } = props;
  const shown = shownOf(props);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="magenta" paddingX={1}>
      <Text color="magenta" bold>
        {titleOf(entries)}
      </Text>
      {shown.length === 0 ? <Text color="gray">{NOTHING}</Text> : null}
      {shown.map((e, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color="magenta">{e.kind}</Text> {sanitizeLine(e.type)} <Text color="gray">{sanitizeLine(e.detail).slice(0, 160)}</Text>
        </Text>
      ))}
    </Box>
  );
}
