import type { Key } from "ink";
import type { ApprovalDecision } from "../../protocol/commands.js";
import type { ApprovalCard } from "../../store/state.js";
import { ALWAYS_DECISION, CHOOSE, cardOptions, choose, denyDecision, editedCommand, editedJson, initialStep, type CardStep, type Outcome } from "../approvalFlow.js";
import { edit, type Field } from "../components/textEdit.js";
import { actionFor, type KeyContext } from "../keymap.js";
import { questionsOf, wizardStep, type WizardKey } from "./wizard.js";
import { cardSignature, type CardTarget, type KeyClass } from "./guard.js";

// One key on the focused approval card, as a pure function: what kind of key it is for the
// guard (answer / move / none), and what the card becomes if the guard lets it through. The
// App applies `flow` and `effect` only when the guard routes the key to the card.

export interface CardFlow {
  /** The card (signature) this flow belongs to: another card, or new content, starts afresh. */
  card?: string;
  step: CardStep;
  expanded: boolean;
  /** The text field of a text step (deny reason, edited command or JSON, free-text answer). */
  field: Field;
  /** A line under the answers: an answer came too quickly after another key and was not taken. */
  note?: string;
}

export type CardEffect = { kind: "answer"; decision: ApprovalDecision } | { kind: "edit-json" } | { kind: "abort" };

export interface CardKey {
  cls: KeyClass;
  flow: CardFlow;
  effect?: CardEffect;
}

export const TOO_QUICK = "Too quick to answer: pause, then press it again.";

const EMPTY: Field = { value: "", cursor: 0 };

/** The text a step edits, if it is a text step. */
export function stepText(step: CardStep): string | undefined {
  if (step.step === "reason" || step.step === "edit-command" || step.step === "edit-json") return step.text;
  if (step.step === "question" && step.wizard.editingFreeText) return step.wizard.freeText;
  return undefined;
}

/** Move to `step`; a text step entered anew gets its field with the cursor at the end. */
export function withStep(flow: CardFlow, step: CardStep): CardFlow {
  const text = stepText(step);
  const keep = text !== undefined && stepText(flow.step) !== undefined && flow.field.value === text;
  const field = text === undefined ? EMPTY : keep ? flow.field : { value: text, cursor: text.length };
  return { ...flow, step, field, note: undefined };
}

/** The flow for `card`: unchanged while it is the same card with the same content, fresh otherwise. */
export function flowFor(flow: CardFlow, card: ApprovalCard): CardFlow {
  const sig = cardSignature(card);
  return flow.card === sig ? flow : withStep({ card: sig, step: CHOOSE, expanded: false, field: EMPTY }, initialStep(card));
}

export const NO_FLOW: CardFlow = { step: CHOOSE, expanded: false, field: EMPTY };

/** The card and view the guard checks: the confirmation of "always" is a view of its own. */
export function cardTarget(card: ApprovalCard, flow: CardFlow): CardTarget {
  const sig = cardSignature(card);
  return { card: sig, view: flow.step.step === "confirm-always" ? `${sig}#always` : sig };
}

/** The keymap context of a step (for the hints and the key bindings). */
export function stepContext(step: CardStep): KeyContext {
  switch (step.step) {
    case "choose":
      return "approval";
    case "confirm-always":
      return "confirm-always";
    case "question":
      return step.wizard.editingFreeText ? "edit" : "question";
    case "reason":
      return "deny-reason";
    default:
      return "edit";
  }
}

export function cardKey(card: ApprovalCard, flow: CardFlow, input: string, key: Key): CardKey {
  const step = flow.step;
  if (stepText(step) !== undefined) return textKey(card, flow, input, key);
  const action = actionFor(stepContext(step), input, key);
  const to = (cls: KeyClass, next: CardStep, effect?: CardEffect): CardKey => ({ cls, flow: withStep(flow, next), effect });
  if (step.step === "confirm-always") {
    // Anything else goes back to the answers, and is not taken as anything more.
    return action === "always" ? to("answer", step, { kind: "answer", decision: ALWAYS_DECISION }) : to("move", { step: "choose", highlight: step.highlight });
  }
  if (step.step === "question") {
    const keys: Partial<Record<string, WizardKey>> = {
      "option-prev": { kind: "up" },
      "option-next": { kind: "down" },
      "option-toggle": { kind: "toggle" },
      "option-pick": { kind: "confirm" },
      "option-number": { kind: "number", n: Number(input) },
    };
    if (action === "abort") return to("move", step, { kind: "abort" });
    const wk = action ? keys[action] : undefined;
    if (!wk) return { cls: "none", flow };
    // Moving is free; picking an answer (even one of several questions) is an answer.
    const cls: KeyClass = wk.kind === "confirm" || wk.kind === "number" ? "answer" : "move";
    const result = wizardStep(card.input, questionsOf(card.input), step.wizard, wk);
    return result.kind === "done" ? to(cls, step, { kind: "answer", decision: result.decision }) : to(cls, { step: "question", wizard: result.state });
  }
  if (step.step !== "choose") return { cls: "none", flow };
  const options = cardOptions(card);
  const pick = (i: number): CardKey => {
    const option = options[i];
    return option ? outcome(flow, choose(card, option.key)) : { cls: "none", flow };
  };
  switch (action) {
    case "approve":
    case "always":
    case "deny":
    case "edit-args": {
      const wanted = ({ approve: "approve", always: "always", deny: "deny", "edit-args": "edit" } as const)[action];
      return pick(options.findIndex((o) => o.key === wanted));
    }
    case "option-number":
      return pick(Number(input) - 1);
    case "option-pick":
      return pick(step.highlight);
    case "option-prev":
      return to("move", { step: "choose", highlight: Math.max(0, step.highlight - 1) });
    case "option-next":
      return to("move", { step: "choose", highlight: Math.min(options.length - 1, step.highlight + 1) });
    case "fold":
      return { cls: "move", flow: { ...flow, expanded: !flow.expanded, note: undefined } };
    case "abort":
      return to("move", step, { kind: "abort" });
    default:
      return { cls: "none", flow };
  }
}

function outcome(flow: CardFlow, o: Outcome): CardKey {
  if (o.kind === "step") return { cls: "answer", flow: withStep(flow, o.step) };
  if (o.kind === "answer") return { cls: "answer", flow: withStep(flow, flow.step), effect: { kind: "answer", decision: o.decision } };
  return { cls: "answer", flow: withStep(flow, flow.step), effect: { kind: "edit-json" } };
}

/** Set a text step's text from its field. */
function withText(step: CardStep, text: string): CardStep {
  switch (step.step) {
    case "reason":
    case "edit-command":
      return { ...step, text };
    case "edit-json":
      return { step: "edit-json", text };
    case "question":
      return { step: "question", wizard: { ...step.wizard, freeText: text } };
    default:
      return step;
  }
}

/** The text step with its field replaced (typed into, or pasted into). */
export function withField(flow: CardFlow, field: Field): CardFlow {
  return { ...flow, step: withText(flow.step, field.value), field, note: undefined };
}

/** A key in the card's text field: edits it, or Enter completes the step. Esc goes back. */
function textKey(card: ApprovalCard, flow: CardFlow, input: string, key: Key): CardKey {
  const step = flow.step;
  if (key.escape) {
    const back: CardStep = step.step === "question" ? { step: "question", wizard: { ...step.wizard, editingFreeText: false } } : CHOOSE;
    return { cls: "move", flow: withStep(flow, back) };
  }
  const result = edit(flow.field, input, key);
  if (result.kind === "field") return { cls: "move", flow: withField(flow, result.field) };
  if (result.kind !== "submit") return { cls: "move", flow };
  return { cls: "move", ...submitText(card, { ...flow, step: withText(step, result.text) }, result.text) };
}

/** Enter in the card's text field: the step's answer, or the step it leads to. */
export function submitText(card: ApprovalCard, flow: CardFlow, text: string): { flow: CardFlow; effect?: CardEffect } {
  const step = flow.step;
  const answer = (decision: ApprovalDecision) => ({ flow, effect: { kind: "answer", decision } as const });
  switch (step.step) {
    case "question": {
      const result = wizardStep(card.input, questionsOf(card.input), step.wizard, { kind: "free-text", text });
      return result.kind === "done" ? answer(result.decision) : { flow: withStep(flow, { step: "question", wizard: result.state }) };
    }
    case "reason":
      return answer(denyDecision(text));
    case "edit-command": {
      const decision = editedCommand(card, text);
      // Unchanged: that is a plain approval, which the person can give with y.
      return decision ? answer(decision) : { flow: withStep(flow, CHOOSE) };
    }
    case "edit-json": {
      const result = editedJson(text);
      if ("error" in result) return { flow: withStep(flow, { step: "edit-json", text, error: result.error }) };
      return answer(result.decision);
    }
    default:
      return { flow };
  }
}
