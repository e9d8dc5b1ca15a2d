import { Box, Text } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import { CardBody } from "../approval/CardBody.js";
import { cardTitle } from "../approval/families.js";
import { colorEnabled } from "../color.js";
import { sanitizeLine } from "../sanitize.js";

/** How long a refused card stays on screen: long enough to read one line, short enough not to block. */
export const REJECTED_CARD_MS = 3000;

/**
 * A card whose answer the server refused, closing: the person sees on the card itself that
 * their y or n did nothing, and why. It takes no keys; the input line keeps the focus.
 */
export function RejectedCardView({ card, error }: { card: ApprovalCard; error: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1} marginTop={1}>
      <Text bold color="red">
        {cardTitle(card.toolName, card.input, card.diffs)} <Text color="gray">({sanitizeLine(card.toolName)})</Text>
      </Text>
      <CardBody toolName={card.toolName} input={card.input} diffs={card.diffs} expanded={false} maxLines={4} color={colorEnabled()} />
      <Text color="red">{`✗ Your answer was not applied: ${sanitizeLine(error)}`}</Text>
      <Text color="gray">closing…</Text>
    </Box>
  );
}
