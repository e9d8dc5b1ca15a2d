import { Box, useWindowSize } from "ink";
import type { DiffPreview } from "../../protocol/approval.js";
import { DrawnLines, drawnRows, line, type DrawnLine } from "../layout/DrawnLines.js";
import { highlightCode } from "../markdown/index.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { screenRows } from "../transcriptRows.js";
import { rowsFor, type DiffRow } from "./diffRows.js";
import { renderRows } from "./DiffView.js";
import { cardFamily } from "./families.js";
import { EXPAND_HINT, fold, moreLinesText } from "./fold.js";
import { firstStr, shellCommandOf, stdinOf, str, type ToolInput } from "./inputs.js";

export { editedDiffSummary } from "./editSummary.js";

// The part of an approval card that shows what will happen, per tool family (PROTOCOL §5.7).
// Pure: no store, no keys. The owner draws the title, the options and the question wizard.
// Each family builds the lines it draws (`bodyLines`), so its height is counted from them.

export interface CardBodyProps {
  toolName: string;
  input: ToolInput;
  diffs?: readonly DiffPreview[] | undefined;
  /** The runtime's working directory, shown under a command that names none of its own. */
  cwd?: string | undefined;
  /** Show every line instead of folding. */
  expanded: boolean;
  /** Lines a folded diff, prompt or JSON body may take. */
  maxLines: number;
  color: boolean;
  /** Columns the card is drawn in; the window's width when not given. */
  width?: number | undefined;
}

// The official TUI keeps a command to three lines; the rest is one key away.
const SHELL_LINES = 3;
// A description or justification is context, not the thing approved: a few rows of it.
const NOTE_LINES = 3;
// The card's border and padding.
const CARD_INSET = 4;

/** Columns inside the card, less a prefix drawn before every row. */
const bodyWidth = (width: number, prefix = "") => Math.max(10, width - CARD_INSET - prefix.length);

/**
 * Lines as screen rows at `width`: folding counts rows, since a 2000-character one-line
 * command is one line but fills the card.
 */
function rowsOf(lines: readonly string[], width: number, expanded: boolean): string[] {
  // Shown in full anyway: let the terminal wrap it.
  if (expanded) return [...lines];
  return lines.flatMap((l) => screenRows(l, width));
}

const more = (hidden: number): DrawnLine[] => (hidden > 0 ? [line(moreLinesText(hidden, EXPAND_HINT), { color: "gray" })] : []);

/** Code lines, highlighted and folded by screen rows, with the notice of what is hidden. */
function codeLines(o: { code: string; language: string; max: number; color: boolean; prefix?: string; width: number }): DrawnLine[] {
  const { code, language, max, color, prefix } = o;
  const width = bodyWidth(o.width, prefix);
  // Raw code in: the highlighter shows its controls as escapes, drawn apart from typed text.
  const lines = highlightCode(code, language, color).split("\n");
  const { shown, hidden } = fold(rowsOf(lines, width, !Number.isFinite(max)), max);
  const pad = prefix === undefined ? "" : " ".repeat(prefix.length);
  return [
    ...shown.map((l, i): DrawnLine => ({ parts: [...(prefix !== undefined ? [{ text: i === 0 ? prefix : pad, color: "gray" as const }] : []), { text: l === "" ? " " : l }] })),
    ...more(hidden),
  ];
}

function noteLines(o: { text: string | undefined; width: number; color?: "gray" | "yellow"; expanded?: boolean; max?: number }): DrawnLine[] {
  const { text, color = "gray", expanded = false, max = NOTE_LINES } = o;
  if (!text) return [];
  const { shown, hidden } = fold(rowsOf(sanitize(text).split("\n"), bodyWidth(o.width), expanded), expanded ? Infinity : max);
  return [line([...shown, ...(hidden > 0 ? [moreLinesText(hidden, EXPAND_HINT)] : [])].join("\n"), { color })];
}

/** Below this many rows for the body, notes get one row each, so the whole card fits the screen. */
const ROOMY_BODY = 14;

function shellLines({ toolName, input, cwd, expanded, color, maxLines }: CardBodyProps, width: number): DrawnLine[] {
  const notes = maxLines >= ROOMY_BODY ? NOTE_LINES : 1;
  const command = shellCommandOf(input);
  const stdin = toolName === "write_stdin" ? stdinOf(input) : undefined;
  const dir = firstStr(input, ["workdir", "directory", "dir_path", "cwd"]) ?? cwd;
  const flags = [
    input.run_in_background === true ? "[background]" : undefined,
    input.persistent === true ? "[persistent]" : undefined,
  ].filter((f): f is string => f !== undefined);
  return [
    ...(stdin ? [line(`stdin → session ${sanitizeLine(stdin.session)}: ${sanitizeLine(stdin.chars)}`)] : []),
    ...(command ? codeLines({ code: command, language: "bash", max: expanded ? Infinity : SHELL_LINES, color, prefix: "$ ", width }) : []),
    ...noteLines({ text: str(input, "description"), expanded, max: notes, width }),
    ...noteLines({ text: str(input, "justification"), expanded, max: notes, width }),
    ...(input.with_escalated_permissions === true || input.sandbox_permissions === "require_escalated" ? [line("runs outside the sandbox", { color: "yellow" })] : []),
    ...(flags.length > 0 ? [line(flags.join(" "), { color: "yellow" })] : []),
    ...(dir ? [line(`in ${sanitizeLine(dir)}`, { color: "gray" }, expanded ? undefined : "truncate-middle")] : []),
  ];
}

function taskLines({ input, expanded, maxLines }: CardBodyProps, drawn: number): DrawnLine[] {
  const type = str(input, "subagent_type");
  const description = str(input, "description");
  const model = str(input, "model");
  const prompt = str(input, "prompt");
  const { shown, hidden } = fold(rowsOf(prompt ? sanitize(prompt).split("\n") : [], bodyWidth(drawn), expanded), expanded ? Infinity : maxLines);
  // Where the subagent runs and whose memory it uses matter as much as what it is told.
  const placement = [
    ["agent", str(input, "agent_id")],
    ["conversation", str(input, "conversation_id")],
    ["environment", str(input, "environment")],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  const header: DrawnLine = {
    parts: [
      { text: sanitizeLine(type ?? "subagent"), bold: true, color: "cyan" },
      { text: description ? ` · ${sanitizeLine(description)}` : "" },
      ...(model ? [{ text: ` · model ${sanitizeLine(model)}`, color: "gray" as const }] : []),
      ...(input.run_in_background === true ? [{ text: " [background]", color: "yellow" as const }] : []),
    ],
  };
  return [header, ...placement.map(([k, v]) => line(`${k}: ${sanitizeLine(v)}`, { color: "gray" })), ...shown.map((l) => line(l === "" ? " " : l)), ...more(hidden)];
}

function jsonLines({ input, expanded, maxLines, color }: CardBodyProps, width: number): DrawnLine[] {
  return codeLines({ code: JSON.stringify(input, null, 2), language: "json", max: expanded ? Infinity : maxLines, color, width });
}

// The card re-renders with every store update while it waits; a large Write is split once.
const diffRowsCache = new WeakMap<ToolInput, { toolName: string; diffs: CardBodyProps["diffs"]; rows: DiffRow[] | undefined }>();
function cachedRowsFor(toolName: string, input: ToolInput, diffs: CardBodyProps["diffs"]): DiffRow[] | undefined {
  const hit = diffRowsCache.get(input);
  if (hit && hit.toolName === toolName && hit.diffs === diffs) return hit.rows;
  const rows = rowsFor(toolName, input, diffs);
  diffRowsCache.set(input, { toolName, diffs, rows });
  return rows;
}

function fileLines(props: CardBodyProps, width: number): DrawnLine[] {
  const { toolName, input, diffs, expanded, maxLines, color } = props;
  const rows = cachedRowsFor(toolName, input, diffs);
  // Arguments with nothing diff-like in them are still shown in full, as JSON.
  if (!rows) return jsonLines(props, width);
  const { shown, hidden } = rows.length ? fold(rows, expanded ? Infinity : maxLines) : { shown: [], hidden: 0 };
  return [
    ...renderRows(shown, color, rows).map((text) => line(text)),
    ...more(hidden),
    // Letta Code's memory tool carries a commit message for the change.
    ...(cardFamily(toolName, input) === "memory" ? noteLines({ text: str(input, "reason"), width }) : []),
  ];
}

/** The lines the body draws at `width` columns (the card's): null for AskUserQuestion (the wizard is separate). */
export function bodyLines(props: CardBodyProps, width: number): DrawnLine[] {
  switch (cardFamily(props.toolName, props.input)) {
    case "shell":
      return shellLines(props, width);
    case "file":
    case "memory":
      return fileLines(props, width);
    case "task":
      return taskLines(props, width);
    case "question":
      return [];
    case "generic":
      return jsonLines(props, width);
  }
}

/** Rows the body takes in a card `width` columns wide. */
export function cardBodyHeight(width: number, props: CardBodyProps): number {
  return drawnRows(bodyLines(props, width), width - CARD_INSET);
}

/** The family-specific body of an approval card; nothing for AskUserQuestion (the wizard is separate). */
export function CardBody(props: CardBodyProps) {
  const { columns } = useWindowSize();
  const lines = bodyLines(props, props.width ?? columns);
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      <DrawnLines lines={lines} />
    </Box>
  );
}
