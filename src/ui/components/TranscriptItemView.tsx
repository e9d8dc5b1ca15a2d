import { Box, Text } from "ink";
import type { SubagentSnapshot } from "../../protocol/status.js";
import type { TranscriptItem } from "../../store/state.js";
import { summarizeArgs, tailLines } from "../format.js";
import { renderRichText } from "../richText.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { SubagentBlock } from "./SubagentBlock.js";

const TOOL_MARK: Record<string, { mark: string; color: string }> = {
  streaming: { mark: "○", color: "gray" },
  awaiting_approval: { mark: "?", color: "yellow" },
  approved: { mark: "○", color: "cyan" },
  running: { mark: "◐", color: "cyan" },
  success: { mark: "✓", color: "green" },
  error: { mark: "✗", color: "red" },
  denied: { mark: "⊘", color: "red" },
};

const NOTICE_COLOR = { info: "gray", success: "green", warning: "yellow", error: "red" } as const;

/** Tool output shown when not expanded (Ctrl+O shows all of it). */
const COLLAPSED_OUTPUT_LINES = 4;

export interface ItemViewProps {
  item: TranscriptItem;
  /** Cap for long content while it is still live, so the live region fits the screen. */
  maxLines?: number;
  verbose: boolean;
  /** Terminal columns, for tables and rules in markdown. */
  width: number;
  /** Subagents dispatched by this item's tool call, if it is a Task call. */
  subagents?: SubagentSnapshot[];
  subagentActivity?: Record<string, string>;
}

/** One transcript entry, a pure function of the item and the view settings. */
export function TranscriptItemView({ item, maxLines, verbose, width, subagents, subagentActivity }: ItemViewProps) {
  const cap = (s: string) => (maxLines ? tailLines(s, maxLines) : s);
  switch (item.kind) {
    case "user": {
      const marker = item.state === "failed" ? ` (not sent: ${sanitizeLine(item.error ?? "")})` : !item.done ? ` (${item.state})` : "";
      return (
        <Box marginTop={1}>
          <Text color="blue" bold>{"› "}</Text>
          <Text>
            {sanitize(item.text)}
            <Text color={item.state === "failed" ? "red" : "gray"}>{marker}</Text>
          </Text>
        </Box>
      );
    }
    case "assistant":
      return (
        <Box marginTop={1}>
          <Text>{cap(renderRichText(item.text, width))}</Text>
        </Box>
      );
    case "reasoning": {
      if (!verbose) {
        const lines = item.text.split("\n").filter((l) => l.trim()).length;
        return <Text dimColor italic>{`∴ thinking${lines > 1 ? ` (${lines} lines)` : ""} · Ctrl+O to expand`}</Text>;
      }
      return (
        <Text dimColor italic>
          {cap(sanitize(item.text))}
        </Text>
      );
    }
    case "tool": {
      const { mark, color } = TOOL_MARK[item.status] ?? { mark: "·", color: "gray" };
      const outputLines = verbose ? (maxLines ?? Number.MAX_SAFE_INTEGER) : COLLAPSED_OUTPUT_LINES;
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">
            <Text color={color}>{mark} </Text>
            <Text bold>{sanitizeLine(item.name)}</Text>
            <Text color="gray"> {sanitizeLine(summarizeArgs(item.name, item.args))}</Text>
          </Text>
          {subagents?.length ? <SubagentBlock subagents={subagents} activity={subagentActivity ?? {}} /> : null}
          {item.output ? (
            <Box marginLeft={2}>
              <Text color={item.status === "error" || item.status === "denied" ? "red" : "gray"}>
                {/* └ rather than ⎿: box drawing is in every terminal font. */}
                {"└ "}
                {tailLines(sanitize(item.output).replace(/\n+$/, ""), outputLines)}
              </Text>
            </Box>
          ) : null}
        </Box>
      );
    }
    case "notice":
      return <Text color={NOTICE_COLOR[item.level]}>{`· ${sanitizeLine(item.text)}`}</Text>;
  }
}
