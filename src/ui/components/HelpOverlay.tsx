import { Box, Text } from "ink";
import { helpLines, layoutHelp, type HelpLine } from "../helpLayout.js";
import { keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";

/** The overlay's layout in `height` rows of keys; the App turns pages within it. */
export function helpLayoutFor(columns: number, height: number) {
  return layoutHelp(helpLines(), Math.max(1, columns - 4), height);
}

export interface HelpOverlayProps {
  page: number;
  /** Rows of keys per column: the layout's rows for the overlay, less its border, title and footer. */
  height: number;
  /** Columns it is drawn in: the terminal's width. */
  width: number;
}

/** Every line of help in one column: the rows of keys the overlay would like, unpaged. */
export const HELP_ALL_ROWS = helpLines().length;

/** The page shown, its title and its columns; the height and the render both read it. */
function helpPage({ page, height, width }: HelpOverlayProps) {
  const layout = helpLayoutFor(width, height);
  const count = layout.pages.length;
  const shown = Math.min(Math.max(0, page), count - 1);
  return { layout, columns: layout.pages[shown] ?? [], pageNote: count > 1 ? ` · page ${shown + 1} of ${count}` : "" };
}

const lineRows = (line: HelpLine, width: number) => (line.kind === "title" ? wrapped(line.text, width) : cut(line.kind));

/** Rows it takes at `width`: border, title and footer as they wrap, and the tallest column of the page. */
export function helpOverlayHeight(width: number, props: HelpOverlayProps): number {
  const p = helpPage({ ...props, width });
  const body = Math.max(0, ...p.columns.map((column) => column.reduce((n, line) => n + lineRows(line, p.layout.columnWidth), 0)));
  return 2 + wrapped(TITLE + p.pageNote, width - 4) + body + wrapped(keyHints("help"), width - 4);
}

/**
 * Rows its tallest page takes: what the layout reserves, so the rows per page (and so the
 * pages) stay put as the person turns them.
 */
export function helpOverlayMaxHeight(width: number, height: number): number {
  const pages = helpLayoutFor(width, height).pages.length;
  return Math.max(...Array.from({ length: pages }, (_, page) => helpOverlayHeight(width, { page, height, width })));
}

const TITLE = "Keys";

/**
 * Every key, generated from the one keymap table, grouped by where it works; paged to fit the
 * `height` rows the layout leaves it (what the input, queue, cards and status line do not take).
 */
export function HelpOverlay(props: HelpOverlayProps) {
  const p = helpPage(props);
  const { layout } = p;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={props.width}>
      <Text bold color="cyan">
        {TITLE}
        {p.pageNote ? <Text color="gray">{p.pageNote}</Text> : null}
      </Text>
      <Box flexDirection="row">
        {p.columns.map((column, i) => (
          <Box key={i} flexDirection="column" width={layout.columnWidth} flexShrink={0}>
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
