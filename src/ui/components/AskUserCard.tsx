import { Box, Text } from "ink";
import type { UserQuestion } from "../../store/state.js";
import { keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { screenRows } from "../transcriptRows.js";
import type { Field } from "./textEdit.js";
import { fieldRows } from "./FieldText.js";
import { TextField } from "./TextField.js";

// Its height is bounded so the live region fits: the question folds (to a third of the screen,
// less when the layout has fewer rows to give), options take a row each, the answer three rows.

/** Rows the question may take before "… N more lines", when nothing else crowds the screen. */
export function askQuestionRows(screenRows: number): number {
  return Math.max(3, Math.floor(screenRows / 3));
}
const ASK_DRAFT_ROWS = 3;
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
export interface AskUserCardProps {
  question: UserQuestion;
  field: Field;
  focus: boolean;
  /** Columns it is drawn in: the terminal's width. */
  width: number;
  /** Rows the question may take before it folds. */
  questionRows: number;
}

const TITLE = "The agent asks (ask_user)";
const optionText = (o: string, i: number) => `${i + 1}. ${sanitizeLine(o)}`;
const placeholderOf = (q: UserQuestion) => (q.options ? "a number or your own answer" : "your answer");

/** The question folded to `questionRows` rows at the card's inner width. */
function questionText({ question, width, questionRows }: AskUserCardProps): string {
  const all = screenRows(sanitize(question.question), width - 4);
  const max = Math.max(1, questionRows);
  return (all.length > max + 1 ? [...all.slice(0, max), `… ${all.length - max} more lines`] : all).join("\n");
}

/** Rows it takes at `width`: margin, border, title, the folded question, an option a row, the answer field, the hints. */
export function askUserCardHeight(width: number, props: AskUserCardProps): number {
  const p = { ...props, width };
  const { field, focus, question } = p;
  const inner = width - 4;
  const cursor = Math.max(0, Math.min(field.cursor, field.value.length));
  const answer = fieldRows({ value: field.value, cursor, focus, placeholder: placeholderOf(question), maxRows: ASK_DRAFT_ROWS, width: width - INSET });
  const options = (question.options ?? []).reduce((n, o, i) => n + cut(optionText(o, i)), 0);
  return 1 + 2 + wrapped(TITLE, inner) + wrapped(questionText(p), inner) + options + answer + wrapped(keyHints("ask"), inner);
}

export function AskUserCard(props: AskUserCardProps) {
  const { question, field, focus, width: columns } = props;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1} width={columns}>
      <Text bold color="cyan">
        {TITLE}
      </Text>
      <Text>{questionText(props)}</Text>
      {question.options?.map((o, i) => (
        <Text key={i} wrap="truncate-end">
          {optionText(o, i)}
        </Text>
      ))}
      <Box>
        <Text color="cyan" wrap="truncate-end">
          {"› "}
        </Text>
        <TextField
          value={field.value}
          cursor={field.cursor}
          focus={focus}
          maxRows={ASK_DRAFT_ROWS}
          width={columns - INSET}
          placeholder={placeholderOf(question)}
        />
      </Box>
      <Text color="gray">{keyHints("ask")}</Text>
    </Box>
  );
}
