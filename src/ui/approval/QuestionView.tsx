import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { wrapped } from "../layout/rows.js";
import { textWidth } from "../markdown/measure.js";
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

/** The texts the wizard draws; its height and its render both read them. */
function texts(props: QuestionViewProps) {
  const { question, index, total, cursor, selected, freeText, editingFreeText } = props;
  const freeRow = question.options.length;
  const typed = sanitizeLine(freeText);
  const mark = (active: boolean) => (active ? "› " : "  ");
  return {
    header: question.header || total > 1 ? `${question.header ? `${sanitizeLine(question.header)} ` : ""}${total > 1 ? `question ${index + 1} of ${total}` : ""}` : undefined,
    question: sanitize(question.question),
    multi: question.multiSelect ? "(select all that apply)" : undefined,
    options: question.options.map((opt, i) => ({
      row: `${mark(cursor === i)}${i + 1}. ${question.multiSelect ? (selected.has(i) ? "[x] " : "[ ] ") : ""}${sanitizeLine(opt.label)}`,
      description: opt.description ? sanitizeLine(opt.description) : undefined,
    })),
    /** The indent of an option's description under its label. */
    indent: question.multiSelect ? 9 : 5,
    free: `${mark(cursor === freeRow)}${freeRow + 1}. ${editingFreeText || typed ? "Type something: " : FREE_TEXT_LABEL}`,
    typed,
  };
}

/** Columns the free-text row's label takes, before the field drawn beside it. */
export function freeTextLabelWidth(props: QuestionViewProps): number {
  return textWidth(texts(props).free);
}

/**
 * Rows the wizard takes `width` columns wide; `slotRows` is the height of the field drawn in
 * `freeTextSlot` while editing, when there is one.
 */
export function questionViewHeight(width: number, props: QuestionViewProps, slotRows?: number): number {
  const t = texts(props);
  const options = t.options.reduce((n, o) => n + wrapped(o.row, width) + wrapped(o.description, width - t.indent), 0);
  // Beside a field, the label still wraps when it is wider than the whole row (a narrow card).
  const free = props.editingFreeText && props.freeTextSlot !== undefined ? Math.max(wrapped(t.free, width), slotRows ?? 1) : wrapped(t.free + (props.editingFreeText ? `${t.typed} ` : t.typed), width);
  return wrapped(t.header, width) + wrapped(t.question, width) + wrapped(t.multi, width) + options + free;
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
  const { question, cursor, editingFreeText, freeTextSlot } = props;
  const t = texts(props);
  const freeRow = question.options.length;
  return (
    <Box flexDirection="column">
      {t.header !== undefined ? (
        <Text>
          {question.header ? <Text bold color="magenta">{`${sanitizeLine(question.header)} `}</Text> : null}
          {props.total > 1 ? <Text color="gray">{`question ${props.index + 1} of ${props.total}`}</Text> : null}
        </Text>
      ) : null}
      <Text bold>{t.question}</Text>
      {t.multi ? <Text color="gray">{t.multi}</Text> : null}
      {t.options.map((opt, i) => (
        <Box key={i} flexDirection="column">
          <Row active={cursor === i}>{opt.row.slice(2)}</Row>
          {opt.description ? (
            <Box paddingLeft={t.indent}>
              <Text color="gray">{opt.description}</Text>
            </Box>
          ) : null}
        </Box>
      ))}
      {editingFreeText && freeTextSlot !== undefined ? (
        <Box>
          <Box flexShrink={0}>
            <Row active={cursor === freeRow}>{t.free.slice(2)}</Row>
          </Box>
          {freeTextSlot}
        </Box>
      ) : (
        // One text, so the typed answer wraps with its label as counted.
        <Row active={cursor === freeRow}>
          {t.free.slice(2)}
          {t.typed}
          {editingFreeText ? <Text inverse> </Text> : null}
        </Row>
      )}
    </Box>
  );
}
