import { Box, Text } from "ink";
import type { ApprovalCard } from "../../store/state.js";
import type { CardOption, CardStep } from "../approvalFlow.js";
import { isShellTool, tailLines } from "../format.js";
import { keyHints } from "../keymap.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { TextField } from "./TextField.js";

export interface ApprovalCardProps {
  card: ApprovalCard;
  step: CardStep;
  options: CardOption[];
  expanded: boolean;
  /** "1 of 3" within the batch the harness classified. */
  position?: { index: number; total: number };
  /** One line: what the harness allowed or denied without asking, in this batch. */
  summary?: string;
  onText(value: string): void;
  onSubmitText(value: string): void;
}

function fallbackBody(card: ApprovalCard, expanded: boolean): { title: string; body: string; note?: string } {
  const input = card.input;
  const fold = (s: string) => (expanded ? s : tailLines(s, 12));
  if (isShellTool(card.toolName) && typeof input.command === "string") {
    return {
      title: "Run this command?",
      body: fold(`$ ${input.command}`),
      note: typeof input.description === "string" ? input.description : undefined,
    };
  }
  return { title: `Run ${card.toolName}?`, body: fold(JSON.stringify(input, null, 2)) };
}

/** Which top-level arguments an edit changed, shown before the edited call is approved. */
function changes(before: Record<string, unknown>, text: string): string[] {
  let after: unknown;
  try {
    after = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof after !== "object" || after === null) return [];
  const rec = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(rec)]);
  const short = (v: unknown) => sanitizeLine(JSON.stringify(v) ?? "undefined").slice(0, 60);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(rec[k])).map((k) => `${k}: ${short(before[k])} → ${short(rec[k])}`);
}

export function ApprovalCardView({ card, step, options, expanded, position, summary, onText, onSubmitText }: ApprovalCardProps) {
  const { title, body, note } = fallbackBody(card, expanded);
  const edited =
    step.step === "edit-command" ? changes(card.input, JSON.stringify({ ...card.input, command: step.text })) : step.step === "edit-json" ? changes(card.input, step.text) : [];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginTop={1}>
      <Text bold color="yellow">
        {sanitizeLine(title)} <Text color="gray">({sanitizeLine(card.toolName)})</Text>
        {position ? <Text color="cyan">{` ${position.index} of ${position.total}`}</Text> : null}
        {card.replayed ? <Text color="gray"> · replayed</Text> : null}
      </Text>
      {summary ? <Text color="gray">{summary}</Text> : null}
      <Text>{sanitize(body)}</Text>
      {note ? <Text color="gray">{sanitizeLine(note)}</Text> : null}
      {card.phase === "sending" ? <Text color="cyan">sending answer…</Text> : null}
      {card.error ? <Text color="red">{sanitizeLine(card.error)}</Text> : null}
      {step.step === "choose" ? (
        <>
          {options.map((o, i) => (
            <Text key={o.key} inverse={step.highlight === i}>
              {`${i + 1}. ${sanitizeLine(o.label)}`}
            </Text>
          ))}
          <Text color="gray">{keyHints("approval")}</Text>
        </>
      ) : step.step === "reason" ? (
        <>
          <Box>
            <Text color="red">Reason for denying: </Text>
            <TextField value={step.text} onChange={onText} onSubmit={onSubmitText} focus />
          </Box>
          <Text color="gray">{keyHints("deny-reason")}</Text>
        </>
      ) : (
        <>
          <Text color="cyan">{step.step === "edit-command" ? "Edit the command:" : "Edit the arguments (JSON):"}</Text>
          <Box>
            {step.step === "edit-command" ? <Text color="cyan">{"$ "}</Text> : null}
            <TextField value={step.text} onChange={onText} onSubmit={onSubmitText} focus />
          </Box>
          {step.step === "edit-json" && step.error ? <Text color="red">{sanitizeLine(step.error)}</Text> : null}
          {edited.map((line) => (
            <Text key={line} color="yellow">{`changed ${line}`}</Text>
          ))}
          <Text color="gray">{keyHints("edit")}</Text>
        </>
      )}
    </Box>
  );
}
