import { Box, Text } from "ink";
import type { TranscriptItem } from "../../store/state.js";
import { summarizeArgs, tailLines } from "../format.js";
import { sanitize, sanitizeLine } from "../sanitize.js";

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

/** One transcript entry. `maxLines` caps long content while it is still live. */
export function TranscriptItemView({ item, maxLines }: { item: TranscriptItem; maxLines?: number }) {
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
          <Text>{cap(sanitize(item.text))}</Text>
        </Box>
      );
    case "reasoning":
      return (
        <Text dimColor italic>
          {cap(sanitize(item.text))}
        </Text>
      );
    case "tool": {
      const { mark, color } = TOOL_MARK[item.status] ?? { mark: "·", color: "gray" };
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            <Text color={color}>{mark} </Text>
            <Text bold>{sanitizeLine(item.name)}</Text>
            <Text color="gray"> {sanitizeLine(summarizeArgs(item.name, item.args))}</Text>
          </Text>
          {item.output ? (
            <Box marginLeft={2}>
              <Text color={item.status === "error" || item.status === "denied" ? "red" : "gray"}>
                {"⎿ "}
                {tailLines(sanitize(item.output), maxLines ?? 12)}
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
