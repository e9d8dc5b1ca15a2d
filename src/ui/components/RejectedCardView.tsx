import { Box, Text } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import { cardTitle } from "../approval/families.js";
import { summarizeArgs } from "../format.js";
import { sanitizeLine } from "../sanitize.js";

/** How long a refused card stays on screen: long enough to read one line, short enough not to block. */
export const REJECTED_CARD_MS = 3000;

/** Rows it takes, always: margin, border, and four one-row lines (the live-region budget counts on it). */
export const REJECTED_CARD_ROWS = 7;

/**
 * A card whose answer the server refused, closing: the person sees on the card itself that
 * their y or n did nothing, and why. One row per line, so its height is known before it is
 * drawn. It takes no keys; the input line keeps the focus.
 */
export function RejectedCardView({ card, error }: { card: ApprovalCard; error: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1} marginTop={1}>
      <Text bold color="red" wrap="truncate-end">
        {cardTitle(card.toolName, card.input, card.diffs)} <Text color="gray">({sanitizeLine(card.toolName)})</Text>
      </Text>
      <Text wrap="truncate-end">{sanitizeLine(summarizeArgs(card.toolName, card.input))}</Text>
      <Text color="red" wrap="truncate-end">{`✗ Your answer was not applied: ${sanitizeLine(error)}`}</Text>
      <Text color="gray">closing…</Text>
    </Box>
  );
}
