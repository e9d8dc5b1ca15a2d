import { Box, Text } from "ink";
import type { SubagentSnapshot } from "../../protocol/status.js";
import type { TranscriptItem } from "../../store/state.js";
import { summarizeArgs } from "../format.js";
import { sanitizeLine } from "../sanitize.js";
import { layoutItem, toolOutputShown, userMarker, type ItemLayout } from "../transcriptFit.js";
import { SubagentBlock } from "./SubagentBlock.js";

const TOOL_MARK: Record<string, { mark: string; color: string }> = {
  streaming: { mark: "○", color: "gray" },
  awaiting_approval: { mark: "?", color: "yellow" },
  approved: { mark: "○", color: "cyan" },
  running: { mark: "◐", color: "cyan" },
  success: { mark: "✓", color: "green" },
  error: { mark: "✗", color: "red" },
  denied: { mark: "⊘", color: "red" },
  closed: { mark: "⊘", color: "gray" },
};

const COMMAND_MARK = { running: { mark: "◐", color: "cyan" }, ok: { mark: "▸", color: "green" }, failed: { mark: "✗", color: "red" } } as const;

const NOTICE_COLOR = { info: "gray", success: "green", warning: "yellow", error: "red" } as const;

export interface ItemViewProps {
  item: TranscriptItem;
  /** The item already cut to its share of the live region (see transcriptFit.ts); none: shown whole. */
  layout?: ItemLayout;
  verbose: boolean;
  /** Terminal columns: text is wrapped to them before it is cut. */
  width: number;
  /** Subagents dispatched by this item's tool call, if it is a Task call. */
  subagents?: SubagentSnapshot[];
  subagentActivity?: Record<string, string>;
  /** Printed again because the server's history corrected it after a gap (see TranscriptView). */
  updated?: boolean;
  /**
   * One of the consecutive parts a big item is printed in (TranscriptView), `layout` holding
   * its rows: the first carries the item's head (margin, marker, title), the last its tail
   * (marker, notes), and the parts stacked read as the item printed whole.
   */
  part?: ItemPart;
}

export interface ItemPart {
  first: boolean;
  last: boolean;
}

const WHOLE: ItemPart = { first: true, last: true };

/** One transcript entry, a pure function of the item and the view settings. */
export function TranscriptItemView(props: ItemViewProps) {
  const { item, part = WHOLE } = props;
  const updated = props.updated && part.last;
  if (!(item.interrupted && part.last) && !updated) return <ItemBody {...props} />;
  return (
    <Box flexDirection="column">
      <ItemBody {...props} />
      {/* Its own row, counted by layoutItem, so the live region's budget stays right. */}
      {item.interrupted && part.last ? <Text color="yellow">⚠ interrupted: cut off before it finished</Text> : null}
      {updated ? <Text color="gray">↻ corrected from the server after a reconnect (printed above before)</Text> : null}
    </Box>
  );
}

/** The marker before an item's first row, or as many spaces before the rows of its later parts. */
const lead = (first: boolean, mark: string) => (first ? mark : " ".repeat(mark.length));

function ItemBody({ item, layout, verbose, width, subagents, subagentActivity, part = WHOLE }: ItemViewProps) {
  const { body } = layout ?? layoutItem(item, { width, verbose, maxRows: Infinity, subagents, subagentActivity });
  const { first, last } = part;
  const top = first ? 1 : 0;
  switch (item.kind) {
    case "user":
      return (
        <Box marginTop={top}>
          <Text color="blue" bold>{lead(first, "› ")}</Text>
          <Text>
            {body}
            {last ? <Text color={item.state === "failed" ? "red" : "gray"}>{userMarker(item)}</Text> : null}
          </Text>
        </Box>
      );
    case "assistant":
      return (
        <Box marginTop={top}>
          <Text>{body}</Text>
        </Box>
      );
    case "reasoning":
      return (
        <Text dimColor italic>
          {body}
        </Text>
      );
    case "tool": {
      const { mark, color } = TOOL_MARK[item.status] ?? { mark: "·", color: "gray" };
      return (
        <Box flexDirection="column" marginTop={top}>
          {first ? (
            <Text wrap="truncate-end">
              <Text color={color}>{mark} </Text>
              <Text bold>{sanitizeLine(item.name)}</Text>
              <Text color="gray"> {sanitizeLine(summarizeArgs(item.name, item.args))}</Text>
            </Text>
          ) : null}
          {first && subagents?.length ? <SubagentBlock subagents={subagents} activity={subagentActivity ?? {}} /> : null}
          {toolOutputShown(item) ? (
            <Box marginLeft={2}>
              {/* └ rather than ⎿: box drawing is in every terminal font. */}
              <Text color="gray">{lead(first, "└ ")}</Text>
              <Text color={item.status === "error" || item.status === "denied" ? "red" : "gray"}>{body}</Text>
            </Box>
          ) : null}
        </Box>
      );
    }
    case "command": {
      const { mark, color } = COMMAND_MARK[item.status];
      return (
        <Box flexDirection="column" marginTop={top}>
          {first ? (
            <Text wrap="truncate-end">
              <Text color={color}>{mark} </Text>
              <Text bold>{sanitizeLine(item.title)}</Text>
              {item.status === "running" ? <Text color="gray"> running…</Text> : null}
            </Text>
          ) : null}
          {body ? (
            <Box marginLeft={2}>
              <Text color="gray">{lead(first, "└ ")}</Text>
              <Text color={item.status === "failed" ? "red" : undefined}>{body}</Text>
            </Box>
          ) : null}
        </Box>
      );
    }
    case "memory":
      return (
        <Box>
          <Text color="magenta">{lead(first, "◆ ")}</Text>
          <Text>{body}</Text>
        </Box>
      );
    case "notice":
      return (
        <Box>
          <Text color={NOTICE_COLOR[item.level]}>{lead(first, "· ")}</Text>
          <Text color={NOTICE_COLOR[item.level]}>{body}</Text>
        </Box>
      );
  }
}
