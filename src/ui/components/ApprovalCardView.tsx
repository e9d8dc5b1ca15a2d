import { Box, Text, useWindowSize } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import { CardBody, editedDiffSummary } from "../approval/CardBody.js";
import { cardTitle } from "../approval/families.js";
import { QuestionView } from "../approval/QuestionView.js";
import { questionsOf } from "../approval/wizard.js";
import { alwaysRule, type CardOption, type CardStep } from "../approvalFlow.js";
import { colorEnabled } from "../color.js";
import { keyHints } from "../keymap.js";
import { sanitizeLine } from "../sanitize.js";
import type { Field } from "./textEdit.js";
import { TextField } from "./TextField.js";

/** Rows a text typed on a card may take before it scrolls in its field (the card must fit the screen). */
export const CARD_FIELD_ROWS = 4;
/** Columns left for a card's field: border, padding, and a label or "$ " before it. */
const fieldWidth = (columns: number, label: number) => Math.max(10, columns - 4 - label);

export interface ApprovalCardProps {
  card: ApprovalCard;
  step: CardStep;
  options: CardOption[];
  expanded: boolean;
  cwd?: string;
  /** "1 of 3" within the batch the harness classified. */
  position?: { index: number; total: number };
  /** One line: what the harness allowed or denied without asking, in this batch. */
  summary?: string;
  /** The text field of a text step, with its cursor (the App edits it; keys are not read here). */
  field: Field;
  /** A line under the answers, e.g. that an answer came too quickly to be taken. */
  note?: string;
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

export function ApprovalCardView(props: ApprovalCardProps) {
  const { card, step, expanded, cwd, position, summary, note } = props;
  const { rows } = useWindowSize();
  // A card taller than the screen would make Ink redraw everything; fold to fit, f shows all.
  const maxLines = expanded ? Number.POSITIVE_INFINITY : Math.max(6, rows - 18);
  const after = editedArgs(card, step);
  const changes = after ? editedDiffSummary(card.input, after) : [];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1}>
      <Text bold color="yellow">
        {cardTitle(card.toolName, card.input, card.diffs)} <Text color="gray">({sanitizeLine(card.toolName)})</Text>
        {position ? <Text color="cyan">{` ${position.index} of ${position.total}`}</Text> : null}
        {card.replayed ? <Text color="gray"> · replayed</Text> : null}
      </Text>
      {summary ? <Text color="gray">{summary}</Text> : null}
      <CardBody toolName={card.toolName} input={card.input} diffs={card.diffs} cwd={cwd} expanded={expanded} maxLines={maxLines} color={colorEnabled()} />
      {card.phase === "sending" ? <Text color="cyan">sending answer…</Text> : null}
      {card.error ? <Text color="red">{sanitizeLine(card.error)}</Text> : null}
      <StepView {...props} changes={changes} />
      {note ? <Text color="yellow">{note}</Text> : null}
    </Box>
  );
}

function StepView({ card, step, options, changes, field }: ApprovalCardProps & { changes: string[] }) {
  const { columns } = useWindowSize();
  const textField = (label: number) => <TextField value={field.value} cursor={field.cursor} focus maxRows={CARD_FIELD_ROWS} width={fieldWidth(columns, label)} />;
  switch (step.step) {
    case "confirm-always":
      return (
        <>
          {options.map((o, i) => (
            <Text key={o.key} inverse={step.highlight === i}>
              {`${i + 1}. ${sanitizeLine(o.label)}`}
            </Text>
          ))}
          <Text color="yellow" bold wrap="truncate-end">{`Save a permanent allow rule? ${sanitizeLine(alwaysRule(card))}`}</Text>
          <Text color="gray">{keyHints("confirm-always")}</Text>
        </>
      );
    case "choose":
      return (
        <>
          {options.map((o, i) => (
            <Text key={o.key} inverse={step.highlight === i}>
              {`${i + 1}. ${sanitizeLine(o.label)}`}
            </Text>
          ))}
          <Text color="gray">{keyHints("approval")}</Text>
        </>
      );
    case "question": {
      const questions = questionsOf(card.input);
      const q = questions[step.wizard.index];
      if (!q) return <Text color="red">The agent asked no question this client can read; press Esc.</Text>;
      const w = step.wizard;
      return (
        <>
          <QuestionView
            question={q}
            index={w.index}
            total={questions.length}
            cursor={w.cursor}
            selected={new Set(w.selected)}
            freeText={w.freeText}
            editingFreeText={w.editingFreeText}
            freeTextSlot={w.editingFreeText ? textField(4) : undefined}
          />
          <Text color="gray">{keyHints(w.editingFreeText ? "edit" : "question")}</Text>
        </>
      );
    }
    case "reason":
      return (
        <>
          <Box>
            <Text color="red">Reason for denying: </Text>
            {textField(20)}
          </Box>
          <Text color="gray">{keyHints("deny-reason")}</Text>
        </>
      );
    case "edit-command":
    case "edit-json":
      return (
        <>
          <Text color="cyan">{step.step === "edit-command" ? "Edit the command:" : "Edit the arguments (JSON):"}</Text>
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
