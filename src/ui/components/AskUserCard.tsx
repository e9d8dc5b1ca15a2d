import { Box, Text, useWindowSize } from "ink";
import type { UserQuestion } from "../../store/state.js";
import { keyHints } from "../keymap.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { screenRows } from "../transcriptRows.js";
import type { Field } from "./textEdit.js";
import { TextField } from "./TextField.js";

// Its height is bounded so the live region fits (transcriptOverlays.ts counts on these): the
// question folds to a third of the screen, options take a row each, the answer three rows.

/** Rows the question may take before "… N more lines". */
export function askQuestionRows(screenRows: number): number {
  return Math.max(3, Math.floor(screenRows / 3));
}
export const ASK_DRAFT_ROWS = 3;
/** The card's width inside its border and padding, less the "› " before the answer. */
const INSET = 6;

/** A bare number picks that option; anything else is the answer as typed. */
export function answerFor(question: UserQuestion, typed: string): string {
  const n = Number(typed.trim());
  const option = Number.isInteger(n) && question.options ? question.options[n - 1] : undefined;
  return option ?? typed.trim();
}

/**
 * A question the agent asked through our ask_user tool; the answer goes back as the tool result.
 * The App routes keys to its answer field once a deliberate key turned to it (`focus`: until
 * then keys go to the input line) and sends the answer.
 */
export function AskUserCard({ question, field, focus }: { question: UserQuestion; field: Field; focus: boolean }) {
  const { rows, columns } = useWindowSize();
  const all = screenRows(sanitize(question.question), columns - 4);
  const max = askQuestionRows(rows);
  const shown = all.length > max + 1 ? [...all.slice(0, max), `… ${all.length - max} more lines`] : all;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1}>
      <Text bold color="cyan">
        The agent asks (ask_user)
      </Text>
      <Text>{shown.join("\n")}</Text>
      {question.options?.map((o, i) => (
        <Text key={i} wrap="truncate-end">{`${i + 1}. ${sanitizeLine(o)}`}</Text>
      ))}
      <Box>
        <Text color="cyan">{"› "}</Text>
        <TextField
          value={field.value}
          cursor={field.cursor}
          focus={focus}
          maxRows={ASK_DRAFT_ROWS}
          width={columns - INSET}
          placeholder={question.options ? "a number or your own answer" : "your answer"}
        />
      </Box>
      <Text color="gray">{keyHints("ask")}</Text>
    </Box>
  );
}
