import { Box, Text } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import { CardBody, cardBodyHeight, editedDiffSummary } from "../approval/CardBody.js";
import { cardTitle } from "../approval/families.js";
import { freeTextLabelWidth, QuestionView, questionViewHeight, type QuestionViewProps } from "../approval/QuestionView.js";
import { questionsOf } from "../approval/wizard.js";
import { alwaysRule, type CardOption, type CardStep } from "../approval/flow.js";
import { colorEnabled } from "../color.js";
import { keyHints } from "../keymap.js";
import { cut, wrapped } from "../layout/rows.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { fieldRows } from "./FieldText.js";
import type { Field } from "./textEdit.js";
import { TextField } from "./TextField.js";

/** Rows a text typed on a card may take before it scrolls in its field (the card must fit the screen). */
const CARD_FIELD_ROWS = 4;
/** Lines a folded body may take at the least, when the screen is crowded. */
export const CARD_MIN_BODY_LINES = 3;
/** The card's border and padding, in columns; its top margin and border, in rows. */
const INSET = 4;
const CHROME_ROWS = 3;

/** Lines a folded body takes when nothing else crowds the screen. */
export function cardBodyLines(screenRows: number): number {
  return Math.max(6, screenRows - 18);
}

/** Columns left for a card's field: border, padding, and a label or "$ " before it. */
const fieldWidth = (columns: number, label: number) => Math.max(10, columns - INSET - label);

export interface ApprovalCardProps {
  card: ApprovalCard;
  step: CardStep;
  options: CardOption[];
  expanded: boolean;
  cwd?: string | undefined;
  /** "1 of 3" within the batch the harness classified. */
  position?: { index: number; total: number } | undefined;
  /** One line: what the harness allowed or denied without asking, in this batch. */
  summary?: string | undefined;
  /** The text field of a text step, with its cursor (the App edits it; keys are not read here). */
  field: Field;
  /** A line under the answers, e.g. that an answer came too quickly to be taken. */
  note?: string | undefined;
  /** Columns it is drawn in: the terminal's width. */
  width: number;
  /** Lines the folded body may take (the layout shrinks it when the screen is crowded); ignored when expanded. */
  bodyLines: number;
}

/** The arguments an edit would send, for the "changed …" lines; undefined while invalid. */
function editedArgs(card: ApprovalCard, step: CardStep): Record<string, unknown> | undefined {
  if (step.step === "edit-command") return { ...card.input, command: step.text };
  if (step.step !== "edit-json") return undefined;
  try {
    const value: unknown = JSON.parse(step.text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const titleOf = (card: ApprovalCard) => cardTitle(card.toolName, card.input, card.diffs);
const toolOf = (card: ApprovalCard) => ` (${sanitizeLine(card.toolName)})`;
const positionOf = (position: ApprovalCardProps["position"]) => (position ? ` ${position.index} of ${position.total}` : "");
const REPLAYED = " · replayed";
const SENDING = "sending answer…";
/** An option's line; the highlighted one is pointed at, so it shows without colour too (NO_COLOR). */
const optionText = (o: CardOption, i: number, highlighted = false) => `${highlighted ? "›" : " "} ${i + 1}. ${sanitizeLine(o.label)}`;
const alwaysText = (card: ApprovalCard) => `Save a permanent allow rule? ${sanitizeLine(alwaysRule(card))}`;
const editLabel = (step: CardStep) => (step.step === "edit-command" ? "Edit the command:" : "Edit the arguments (JSON):");
const REASON_LABEL = "Reason for denying: ";

/** The wizard's props for a question step, or a line saying there is no question to show. */
function wizardOf(card: ApprovalCard, step: Extract<CardStep, { step: "question" }>): { props: Omit<QuestionViewProps, "freeTextSlot">; total: number } | undefined {
  const questions = questionsOf(card.input);
  const q = questions[step.wizard.index];
  if (!q) return undefined;
  const w = step.wizard;
  return {
    props: { question: q, index: w.index, total: questions.length, cursor: w.cursor, selected: new Set(w.selected), freeText: w.freeText, editingFreeText: w.editingFreeText },
    total: questions.length,
  };
}
const NO_QUESTION = "The agent asked no question this client can read; press Esc.";

/** The free-text field of a question step is drawn beside its label. */
const questionFieldWidth = (width: number, wizard: Omit<QuestionViewProps, "freeTextSlot">) => fieldWidth(width, freeTextLabelWidth(wizard));

/** Rows the step's part of the card takes (options, a field, hints), `width` the card's. */
function stepHeight(width: number, props: ApprovalCardProps): number {
  const { card, step, options, field } = props;
  const inner = width - INSET;
  const textRows = (label: number) => Math.max(1, fieldRows({ value: field.value, cursor: Math.max(0, Math.min(field.cursor, field.value.length)), focus: true, maxRows: CARD_FIELD_ROWS, width: fieldWidth(width, label) }));
  const optionRows = options.reduce((n, o, i) => n + wrapped(optionText(o, i), inner), 0);
  switch (step.step) {
    case "confirm-always":
      return optionRows + cut(alwaysText(card)) + wrapped(keyHints("confirm-always"), inner);
    case "choose":
      return optionRows + wrapped(keyHints("approval"), inner);
    case "question": {
      const wizard = wizardOf(card, step);
      if (!wizard) return wrapped(NO_QUESTION, inner);
      const slot = wizard.props.editingFreeText ? textRows(freeTextLabelWidth(wizard.props)) : undefined;
      const view = questionViewHeight(inner, { ...wizard.props, ...(slot !== undefined ? { freeTextSlot: true } : {}) }, slot);
      return view + wrapped(keyHints(wizard.props.editingFreeText ? "edit" : "question"), inner);
    }
    case "reason":
      return Math.max(cut(REASON_LABEL), textRows(REASON_LABEL.length)) + wrapped(keyHints("deny-reason"), inner);
    case "edit-command":
    case "edit-json": {
      const after = editedArgs(card, step);
      const changes = after ? editedDiffSummary(card.input, after) : [];
      const error = step.step === "edit-json" && step.error ? sanitizeLine(step.error) : undefined;
      return wrapped(editLabel(step), inner) + textRows(2) + wrapped(error, inner) + changes.reduce((n, c) => n + wrapped(`changed ${c}`, inner), 0) + wrapped(keyHints("edit"), inner);
    }
  }
}

/** Rows the card takes `width` columns wide: margin, border, title, summary, body, status lines, step, note. */
export function approvalCardHeight(width: number, props: ApprovalCardProps): number {
  const { card, summary, note, position, expanded } = props;
  const inner = width - INSET;
  const title = titleOf(card) + toolOf(card) + positionOf(position) + (card.replayed ? REPLAYED : "");
  const body = cardBodyHeight(width, { toolName: card.toolName, input: card.input, diffs: card.diffs, cwd: props.cwd, expanded, maxLines: expanded ? Number.POSITIVE_INFINITY : props.bodyLines, color: colorEnabled() });
  return (
    CHROME_ROWS +
    wrapped(title, inner) +
    wrapped(summary && sanitize(summary), inner) +
    body +
    wrapped(card.phase === "sending" && SENDING, inner) +
    wrapped(card.error && sanitizeLine(card.error), inner) +
    stepHeight(width, props) +
    wrapped(note && sanitize(note), inner)
  );
}

export function ApprovalCardView(props: ApprovalCardProps) {
  const { card, step, expanded, cwd, position, summary, note, width } = props;
  // A card taller than the screen would make Ink redraw everything; fold to fit, f shows all.
  const maxLines = expanded ? Number.POSITIVE_INFINITY : props.bodyLines;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1} width={width}>
      <Text bold color="yellow">
        {titleOf(card)}
        <Text color="gray">{toolOf(card)}</Text>
        {position ? <Text color="cyan">{positionOf(position)}</Text> : null}
        {card.replayed ? <Text color="gray">{REPLAYED}</Text> : null}
      </Text>
      {summary ? <Text color="gray">{sanitize(summary)}</Text> : null}
      <CardBody toolName={card.toolName} input={card.input} diffs={card.diffs} cwd={cwd} expanded={expanded} maxLines={maxLines} color={colorEnabled()} width={width} />
      {card.phase === "sending" ? <Text color="cyan">{SENDING}</Text> : null}
      {card.error ? <Text color="red">{sanitizeLine(card.error)}</Text> : null}
      <StepView {...props} />
      {note ? <Text color="yellow">{sanitize(note)}</Text> : null}
    </Box>
  );
}

function StepView({ card, step, options, field, width }: ApprovalCardProps) {
  const textField = (label: number) => <TextField value={field.value} cursor={field.cursor} focus maxRows={CARD_FIELD_ROWS} width={fieldWidth(width, label)} />;
  const highlighted = (i: number) => step.step !== "question" && "highlight" in step && step.highlight === i;
  const optionRows = options.map((o, i) => (
    <Text key={o.key} inverse={highlighted(i)}>
      {optionText(o, i, highlighted(i))}
    </Text>
  ));
  switch (step.step) {
    case "confirm-always":
      return (
        <>
          {optionRows}
          <Text color="yellow" bold wrap="truncate-end">
            {alwaysText(card)}
          </Text>
          <Text color="gray">{keyHints("confirm-always")}</Text>
        </>
      );
    case "choose":
      return (
        <>
          {optionRows}
          <Text color="gray">{keyHints("approval")}</Text>
        </>
      );
    case "question": {
      const wizard = wizardOf(card, step);
      if (!wizard) return <Text color="red">{NO_QUESTION}</Text>;
      const w = wizard.props;
      return (
        <>
          <QuestionView {...w} freeTextSlot={w.editingFreeText ? <TextField value={field.value} cursor={field.cursor} focus maxRows={CARD_FIELD_ROWS} width={questionFieldWidth(width, w)} /> : undefined} />
          <Text color="gray">{keyHints(w.editingFreeText ? "edit" : "question")}</Text>
        </>
      );
    }
    case "reason":
      return (
        <>
          <Box>
            <Text color="red" wrap="truncate-end">
              {REASON_LABEL}
            </Text>
            {textField(REASON_LABEL.length)}
          </Box>
          <Text color="gray">{keyHints("deny-reason")}</Text>
        </>
      );
    case "edit-command":
    case "edit-json": {
      const after = editedArgs(card, step);
      const changes = after ? editedDiffSummary(card.input, after) : [];
      return (
        <>
          <Text color="cyan">{editLabel(step)}</Text>
          <Box>
            {step.step === "edit-command" ? <Text color="cyan">{"$ "}</Text> : null}
            {textField(2)}
          </Box>
          {step.step === "edit-json" && step.error ? <Text color="red">{sanitizeLine(step.error)}</Text> : null}
          {changes.map((line) => (
            <Text key={line} color="yellow">{`changed ${line}`}</Text>
          ))}
          <Text color="gray">{keyHints("edit")}</Text>
        </>
      );
    }
  }
}
