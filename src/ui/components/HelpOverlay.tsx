import { Box, Text, useWindowSize } from "ink";
import { helpLines, layoutHelp, type HelpLine } from "../helpLayout.js";
import { keyHints } from "../keymap.js";

/** The overlay's border, title and footer. */
export const HELP_CHROME = 4;

/** The overlay's layout in `height` rows of keys; the App turns pages within it. */
export function helpLayoutFor(columns: number, height: number) {
  return layoutHelp(helpLines(), Math.max(20, columns - 4), height);
}

/**
 * Every key, generated from the one keymap table, grouped by where it works; paged to fit the
 * `height` rows the App leaves it (what the input, queue, cards and status line do not take).
 */
export function HelpOverlay({ page, height }: { page: number; height: number }) {
  const { columns } = useWindowSize();
  const layout = helpLayoutFor(columns, height);
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
