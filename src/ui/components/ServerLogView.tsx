import { Box, Text } from "ink";
import { cut, wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";

/** Lines shown at most. */
export const SERVER_LOG_ROWS = 15;

export interface ServerLogViewProps {
  lines: string[];
  /** Lines shown: the last ones (the layout gives fewer on a crowded screen). */
  rows?: number;
}

const TITLE = "letta server log (Ctrl+L to hide)";
const shownOf = ({ lines, rows = SERVER_LOG_ROWS }: ServerLogViewProps) => (rows > 0 ? lines.slice(-rows) : []);

/** Rows it takes at `width`: border, the title as it wraps, one row per line shown (cut). */
export function serverLogViewHeight(width: number, props: ServerLogViewProps): number {
  return 2 + wrapped(TITLE, width - 4) + shownOf(props).reduce((n, l) => n + cut(l), 0);
}

/** The tail of the output of the letta server letta-tui started itself. */
export function ServerLogView(props: ServerLogViewProps) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
      <Text bold>{TITLE}</Text>
      {shownOf(props).map((line, i) => (
        <Text key={i} color="gray" wrap="truncate-end">
          {sanitizeLine(line)}
        </Text>
      ))}
    </Box>
  );
}
