import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { sanitize, sanitizeLine } from "../sanitize.js";
import type { Question } from "./questions.js";

// One AskUserQuestion question at a time, drawn from props alone: the owner keeps the cursor,
// the selection and the typed text, and moves between questions.

export const FREE_TEXT_LABEL = "Type something.";

export interface QuestionViewProps {
  question: Question;
  /** 0-based position of this question, and how many there are, for "question 2 of 3". */
  index: number;
  total: number;
  /** Highlighted row: 0..options.length-1 for options, options.length for the free-text row. */
  cursor: number;
  /** Ticked option indexes of a multi-select question. */
  selected: ReadonlySet<number>;
  freeText: string;
  editingFreeText: boolean;
  /** Replaces the drawn free-text value while editing, e.g. a live text field. */
  freeTextSlot?: ReactNode;
}

function Row({ active, children }: { active: boolean; children: ReactNode }) {
  return (
    <Text color={active ? "cyan" : undefined} bold={active}>
      {active ? "› " : "  "}
      {children}
    </Text>
  );
}

export function QuestionView(props: QuestionViewProps) {
  const { question, index, total, cursor, selected, freeText, editingFreeText, freeTextSlot } = props;
  const freeRow = question.options.length;
  const typed = sanitizeLine(freeText);
  return (
    <Box flexDirection="column">
      {question.header || total > 1 ? (
        <Text>
          {question.header ? <Text bold color="magenta">{`${sanitizeLine(question.header)} `}</Text> : null}
          {total > 1 ? <Text color="gray">{`question ${index + 1} of ${total}`}</Text> : null}
        </Text>
      ) : null}
      <Text bold>{sanitize(question.question)}</Text>
      {question.multiSelect ? <Text color="gray">(select all that apply)</Text> : null}
      {question.options.map((opt, i) => (
        <Box key={i} flexDirection="column">
          <Row active={cursor === i}>
            {`${i + 1}. `}
            {question.multiSelect ? (selected.has(i) ? "[x] " : "[ ] ") : ""}
            {sanitizeLine(opt.label)}
          </Row>
          {opt.description ? (
            <Box paddingLeft={question.multiSelect ? 9 : 5}>
              <Text color="gray">{sanitizeLine(opt.description)}</Text>
            </Box>
          ) : null}
        </Box>
      ))}
      <Box>
        <Row active={cursor === freeRow}>
          {`${freeRow + 1}. `}
          {editingFreeText || typed ? "Type something: " : FREE_TEXT_LABEL}
        </Row>
        {editingFreeText && freeTextSlot !== undefined ? (
          freeTextSlot
        ) : editingFreeText ? (
          <Text>
            {typed}
            <Text inverse> </Text>
          </Text>
        ) : typed ? (
          <Text>{typed}</Text>
        ) : null}
      </Box>
    </Box>
  );
}
