import { Box, Text } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import { cardTitle } from "../approval/families.js";
import { summarizeArgs } from "../format.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitizeLine } from "../sanitize.js";

/** How long a refused card stays on screen: long enough to read one line, short enough not to block. */
export const REJECTED_CARD_MS = 3000;

export interface RejectedCardProps {
  card: ApprovalCard;
  error: string;
}

const CLOSING = "closing…";

/** The texts of its lines; its height and its render both read them. */
function texts({ card, error }: RejectedCardProps) {
  return {
    title: cardTitle(card.toolName, card.input, card.diffs),
    tool: ` (${sanitizeLine(card.toolName)})`,
    args: sanitizeLine(summarizeArgs(card.toolName, card.input)),
    error: `✗ Your answer was not applied: ${sanitizeLine(error)}`,
  };
}

/** Rows it takes at `width`: margin, border, three lines cut to one row each, and "closing…". */
export function rejectedCardHeight(width: number, props: RejectedCardProps): number {
  const t = texts(props);
  return 1 + 2 + cut(t.title + t.tool) + cut(t.args) + cut(t.error) + wrapped(CLOSING, width - 4);
}

/**
 * A card whose answer the server refused, closing: the person sees on the card itself that
 * their y or n did nothing, and why. One row per line, so its height is known before it is
 * drawn. It takes no keys; the input line keeps the focus.
 */
export function RejectedCardView(props: RejectedCardProps) {
  const t = texts(props);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1} marginTop={1}>
      <Text bold color="red" wrap="truncate-end">
        {t.title}
        <Text color="gray">{t.tool}</Text>
      </Text>
      <Text wrap="truncate-end">{t.args}</Text>
      <Text color="red" wrap="truncate-end">
        {t.error}
      </Text>
      <Text color="gray">{CLOSING}</Text>
    </Box>
  );
}
