import { Box, Text } from "ink";
import { TextField } from "./TextField.js";
import type { ApprovalCard } from "../../store/state.js";
import { isShellTool, tailLines } from "../format.js";
import { keyHints } from "../keymap.js";
import { sanitize, sanitizeLine } from "../sanitize.js";

export interface ApprovalCardProps {
  card: ApprovalCard;
  /** Non-null while the user types a deny reason. */
  reason: string | null;
  onReasonChange(value: string): void;
  onReasonSubmit(value: string): void;
}

function cardBody(card: ApprovalCard): { title: string; body: string; note?: string } {
  const input = card.input;
  if (isShellTool(card.toolName) && typeof input.command === "string") {
    return {
      title: "Run this command?",
      body: `$ ${input.command}`,
      note: typeof input.description === "string" ? input.description : undefined,
    };
  }
  return { title: `Allow ${card.toolName}?`, body: JSON.stringify(input, null, 2) };
}

export function ApprovalCardView({ card, reason, onReasonChange, onReasonSubmit }: ApprovalCardProps) {
  const { title, body, note } = cardBody(card);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1}>
      <Text bold color="yellow">
        {sanitizeLine(title)} <Text color="gray">({sanitizeLine(card.toolName)})</Text>
      </Text>
      <Text>{tailLines(sanitize(body), 20)}</Text>
      {note ? <Text color="gray">{sanitizeLine(note)}</Text> : null}
      {card.phase === "sending" ? <Text color="cyan">sending answer…</Text> : null}
      {card.error ? <Text color="red">{sanitizeLine(card.error)}</Text> : null}
      {reason !== null ? (
        <>
          <Box>
            <Text color="red">Reason for denying: </Text>
            <TextField value={reason} onChange={onReasonChange} onSubmit={onReasonSubmit} focus />
          </Box>
          <Text color="gray">{keyHints("deny-reason")}</Text>
        </>
      ) : (
        <Text color="gray">{keyHints("approval")}</Text>
      )}
    </Box>
  );
}
