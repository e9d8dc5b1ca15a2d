import { Box, Text, useWindowSize } from "ink";
import { useMemo } from "react";
import type { DiffPreview } from "../../protocol/approval.js";
import { highlightCode } from "../markdown/index.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { screenRows } from "../transcriptRows.js";
import { rowsFor } from "./diffRows.js";
import { DiffRowsView } from "./DiffView.js";
import { cardFamily } from "./families.js";
import { EXPAND_HINT, fold, moreLinesText } from "./fold.js";
import { firstStr, shellCommandOf, stdinOf, str, type ToolInput } from "./inputs.js";

export { editedDiffSummary } from "./editSummary.js";

// The part of an approval card that shows what will happen, per tool family (PROTOCOL §5.7).
// Pure: no store, no keys. The owner draws the title, the options and the question wizard.

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
}

// The official TUI keeps a command to three lines; the rest is one key away.
const SHELL_LINES = 3;
// A description or justification is context, not the thing approved: a few rows of it.
const NOTE_LINES = 3;
// The card's border and padding.
const CARD_INSET = 4;

/** Columns inside the card, less a prefix drawn before every row. */
function useBodyWidth(prefix = ""): number {
  return Math.max(10, useWindowSize().columns - CARD_INSET - prefix.length);
}

/**
 * Lines as screen rows at `width`: folding counts rows, since a 2000-character one-line
 * command is one line but fills the card.
 */
function rowsOf(lines: readonly string[], width: number, expanded: boolean): string[] {
  // Shown in full anyway: let the terminal wrap it.
  if (expanded) return [...lines];
  return lines.flatMap((l) => screenRows(l, width));
}

/** Code lines, highlighted and folded by screen rows, with the notice of what is hidden. */
function CodeBlock(props: { code: string; language: string; max: number; color: boolean; prefix?: string }) {
  const { code, language, max, color, prefix } = props;
  const width = useBodyWidth(prefix);
  // Raw code in: the highlighter shows its controls as escapes, drawn apart from typed text.
  const lines = highlightCode(code, language, color).split("\n");
  const { shown, hidden } = fold(rowsOf(lines, width, !Number.isFinite(max)), max);
  const pad = prefix === undefined ? "" : " ".repeat(prefix.length);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i}>
          {prefix !== undefined ? <Text color="gray">{i === 0 ? prefix : pad}</Text> : null}
          {line === "" ? " " : line}
        </Text>
      ))}
      {hidden > 0 ? <Text color="gray">{moreLinesText(hidden, EXPAND_HINT)}</Text> : null}
    </Box>
  );
}

function Note(props: { text: string | undefined; color?: "gray" | "yellow"; expanded?: boolean; max?: number }) {
  const { text, color = "gray", expanded = false, max = NOTE_LINES } = props;
  const width = useBodyWidth();
  if (!text) return null;
  const { shown, hidden } = fold(rowsOf(sanitize(text).split("\n"), width, expanded), expanded ? Infinity : max);
  return <Text color={color}>{[...shown, ...(hidden > 0 ? [moreLinesText(hidden, EXPAND_HINT)] : [])].join("\n")}</Text>;
}

/** Below this many rows for the body, notes get one row each, so the whole card fits the screen. */
const ROOMY_BODY = 14;

function ShellBody({ toolName, input, cwd, expanded, color, maxLines }: CardBodyProps) {
  const noteLines = maxLines >= ROOMY_BODY ? NOTE_LINES : 1;
  const command = shellCommandOf(input);
  const stdin = toolName === "write_stdin" ? stdinOf(input) : undefined;
  const dir = firstStr(input, ["workdir", "directory", "dir_path", "cwd"]) ?? cwd;
  const flags = [
    input.run_in_background === true ? "[background]" : undefined,
    input.persistent === true ? "[persistent]" : undefined,
  ].filter((f): f is string => f !== undefined);
  return (
    <Box flexDirection="column">
      {stdin ? <Text>{`stdin → session ${sanitizeLine(stdin.session)}: ${sanitizeLine(stdin.chars)}`}</Text> : null}
      {command ? (
        <CodeBlock code={command} language="bash" max={expanded ? Infinity : SHELL_LINES} color={color} prefix="$ " />
      ) : null}
      <Note text={str(input, "description")} expanded={expanded} max={noteLines} />
      <Note text={str(input, "justification")} expanded={expanded} max={noteLines} />
      {input.with_escalated_permissions === true || input.sandbox_permissions === "require_escalated" ? (
        <Text color="yellow">runs outside the sandbox</Text>
      ) : null}
      {flags.length > 0 ? <Text color="yellow">{flags.join(" ")}</Text> : null}
      {dir ? (
        <Text color="gray" wrap={expanded ? "wrap" : "truncate-middle"}>
          {`in ${sanitizeLine(dir)}`}
        </Text>
      ) : null}
    </Box>
  );
}

function TaskBody({ input, expanded, maxLines }: CardBodyProps) {
  const type = str(input, "subagent_type");
  const description = str(input, "description");
  const model = str(input, "model");
  const prompt = str(input, "prompt");
  const width = useBodyWidth();
  const { shown, hidden } = fold(rowsOf(prompt ? sanitize(prompt).split("\n") : [], width, expanded), expanded ? Infinity : maxLines);
  // Where the subagent runs and whose memory it uses matter as much as what it is told.
  const placement = [
    ["agent", str(input, "agent_id")],
    ["conversation", str(input, "conversation_id")],
    ["environment", str(input, "environment")],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color="cyan">
          {sanitizeLine(type ?? "subagent")}
        </Text>
        {description ? ` · ${sanitizeLine(description)}` : ""}
        {model ? <Text color="gray">{` · model ${sanitizeLine(model)}`}</Text> : null}
        {input.run_in_background === true ? <Text color="yellow"> [background]</Text> : null}
      </Text>
      {placement.map(([k, v]) => (
        <Text key={k} color="gray">{`${k}: ${sanitizeLine(v)}`}</Text>
      ))}
      {shown.map((line, i) => (
        <Text key={i}>{line === "" ? " " : line}</Text>
      ))}
      {hidden > 0 ? <Text color="gray">{moreLinesText(hidden, EXPAND_HINT)}</Text> : null}
    </Box>
  );
}

function JsonBody({ input, expanded, maxLines, color }: CardBodyProps) {
  return <CodeBlock code={JSON.stringify(input, null, 2)} language="json" max={expanded ? Infinity : maxLines} color={color} />;
}

function FileBody(props: CardBodyProps) {
  const { toolName, input, diffs, expanded, maxLines, color } = props;
  // The card re-renders with every store update while it waits; a large Write is split once.
  const rows = useMemo(() => rowsFor(toolName, input, diffs), [toolName, input, diffs]);
  // Arguments with nothing diff-like in them are still shown in full, as JSON.
  if (!rows) return <JsonBody {...props} />;
  return (
    <Box flexDirection="column">
      <DiffRowsView rows={rows} maxLines={expanded ? Infinity : maxLines} color={color} moreHint={EXPAND_HINT} />
      {/* Letta Code's memory tool carries a commit message for the change. */}
      {cardFamily(toolName, input) === "memory" ? <Note text={str(input, "reason")} /> : null}
    </Box>
  );
}

/** The family-specific body of an approval card; null for AskUserQuestion (the wizard is separate). */
export function CardBody(props: CardBodyProps) {
  switch (cardFamily(props.toolName, props.input)) {
    case "shell":
      return <ShellBody {...props} />;
    case "file":
    case "memory":
      return <FileBody {...props} />;
    case "task":
      return <TaskBody {...props} />;
    case "question":
      return null;
    case "generic":
      return <JsonBody {...props} />;
  }
}
