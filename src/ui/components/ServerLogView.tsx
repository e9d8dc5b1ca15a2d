import { Box, Text } from "ink";
import { sanitizeLine } from "../sanitize.js";

/** The tail of the output of the letta server letta-tui started itself. */
export function ServerLogView({ lines, rows = 15 }: { lines: string[]; rows?: number }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
      <Text bold>letta server log (Ctrl+L to hide)</Text>
      {lines.slice(-rows).map((line, i) => (
        <Text key={i} color="gray" wrap="truncate-end">
          {sanitizeLine(line)}
        </Text>
      ))}
    </Box>
  );
}
