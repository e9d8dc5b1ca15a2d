import { Box, Text, useWindowSize } from "ink";
import { helpLines, layoutHelp, type HelpLine } from "../helpLayout.js";
import { keyHints } from "../keymap.js";

/**
 * Rows the rest of the live region keeps: the shrunk live transcript above (4), input, hints,
 * tabs, status and the quit line below (8), and the overlay's own border, title and footer (4).
 */
const RESERVED_ROWS = 16;

/** The overlay's layout on a terminal of this size; the App turns pages within it. */
export function helpLayoutFor(columns: number, rows: number) {
  return layoutHelp(helpLines(), Math.max(20, columns - 4), rows - RESERVED_ROWS);
}

/** Every key, generated from the one keymap table, grouped by where it works; paged to fit. */
export function HelpOverlay({ page }: { page: number }) {
  const { columns, rows } = useWindowSize();
  const layout = helpLayoutFor(columns, rows);
  const count = layout.pages.length;
  const shown = Math.min(Math.max(0, page), count - 1);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">
        Keys{count > 1 ? <Text color="gray">{` · page ${shown + 1} of ${count}`}</Text> : null}
      </Text>
      <Box flexDirection="row">
        {(layout.pages[shown] ?? []).map((column, i) => (
          <Box key={i} flexDirection="column" width={layout.columnWidth}>
            {column.map((line, j) => (
              <HelpRow key={j} line={line} />
            ))}
          </Box>
        ))}
      </Box>
      <Text color="gray">{keyHints("help")}</Text>
    </Box>
  );
}

function HelpRow({ line }: { line: HelpLine }) {
  if (line.kind === "gap") return <Text> </Text>;
  if (line.kind === "title") return <Text underline>{line.text}</Text>;
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">{line.label.padEnd(20)}</Text>
      {line.description}
    </Text>
  );
}
