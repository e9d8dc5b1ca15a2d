import type { ApprovalDecision } from "../../protocol/commands.js";
import { answersToUpdatedInput, parseQuestions, type Answers, type Question } from "./questions.js";

// AskUserQuestion as a pure wizard: one question at a time, options by arrows, numbers or
// Space (multi-select), or free text on the last row. The answers leave as one decision with
// updated_input.answers (PROTOCOL §5.3).

export interface WizardState {
  index: number;
  cursor: number;
  selected: number[];
  freeText: string;
  editingFreeText: boolean;
  answers: Answers;
}

export const WIZARD_START: WizardState = { index: 0, cursor: 0, selected: [], freeText: "", editingFreeText: false, answers: {} };

export type WizardKey =
  | { kind: "up" }
  | { kind: "down" }
  | { kind: "toggle" }
  | { kind: "confirm" }
  | { kind: "number"; n: number }
  | { kind: "free-text"; text: string };

export type WizardResult = { kind: "state"; state: WizardState } | { kind: "done"; decision: ApprovalDecision };

export function questionsOf(input: Record<string, unknown>): Question[] {
  return parseQuestions(input);
}

/** Record this question's answer, then move on or finish. */
function answer(input: Record<string, unknown>, questions: Question[], s: WizardState, value: Answers[string]): WizardResult {
  const q = questions[s.index]!;
  const answers = { ...s.answers, [q.question]: value };
  if (s.index + 1 >= questions.length) {
    return { kind: "done", decision: { behavior: "allow", updated_input: answersToUpdatedInput(input, answers) } };
  }
  return { kind: "state", state: { ...WIZARD_START, index: s.index + 1, answers } };
}

export function wizardStep(input: Record<string, unknown>, questions: Question[], s: WizardState, key: WizardKey): WizardResult {
  const q = questions[s.index];
  if (!q) return { kind: "state", state: s };
  const freeRow = q.options.length;
  const at = (patch: Partial<WizardState>): WizardResult => ({ kind: "state", state: { ...s, ...patch } });
  switch (key.kind) {
    case "up":
      return at({ cursor: Math.max(0, s.cursor - 1) });
    case "down":
      return at({ cursor: Math.min(freeRow, s.cursor + 1) });
    case "toggle": {
      if (!q.multiSelect || s.cursor >= freeRow) return at({});
      const selected = s.selected.includes(s.cursor) ? s.selected.filter((i) => i !== s.cursor) : [...s.selected, s.cursor];
      return at({ selected });
    }
    case "number": {
      const i = key.n - 1;
      if (i < 0 || i > freeRow) return at({});
      if (i === freeRow) return at({ cursor: i, editingFreeText: true });
      if (q.multiSelect) {
        const selected = s.selected.includes(i) ? s.selected.filter((x) => x !== i) : [...s.selected, i];
        return at({ cursor: i, selected });
      }
      return answer(input, questions, s, [q.options[i]!.label]);
    }
    case "confirm": {
      if (s.cursor === freeRow) return at({ editingFreeText: true });
      if (q.multiSelect) {
        const picked = (s.selected.length ? s.selected : [s.cursor]).slice().sort((a, b) => a - b);
        return answer(input, questions, s, picked.map((i) => q.options[i]!.label));
      }
      return answer(input, questions, s, [q.options[s.cursor]!.label]);
    }
    case "free-text":
      if (!key.text.trim()) return at({ editingFreeText: false });
      return answer(input, questions, s, { text: key.text.trim() });
  }
}
