import { useApp } from "ink";
import { useEffect, useRef, useState } from "react";
import type { UiActions } from "../../controller/actions.js";
import type { ApprovalCard } from "../../store/state.js";
import { questionsOf, wizardStep, type WizardKey } from "../approval/wizard.js";
import { CHOOSE, cardOptions, choose, denyDecision, editedCommand, editedJson, initialStep, type CardStep, type Outcome } from "../approvalFlow.js";
import { editExternally, preferredEditor } from "../externalEditor.js";
import type { KeyAction, KeyContext } from "../keymap.js";

/** Keys pressed this soon after a card appears were meant for something else; never answer with them. */
export const APPROVAL_GUARD_MS = 300;

/**
 * The focused card's interaction: which step the person is in, the keystroke guard, and the
 * one answer it sends. Keys arrive as keymap actions from the App.
 */
export function useApprovalFlow(card: ApprovalCard | undefined, actions: UiActions, lastTypedAt: () => number) {
  const [step, setStep] = useState<CardStep>(() => initialStep(card));
  const [expanded, setExpanded] = useState(false);
  const shown = useRef<{ id: string; at: number } | null>(null);
  const { suspendTerminal } = useApp();

  // Passive effects can run after the first keypress reaches the handler, so the handler also
  // stamps a card it has not seen before.
  const stamp = (id: string) => {
    if (shown.current?.id !== id) shown.current = { id, at: Date.now() };
    return shown.current.at;
  };
  useEffect(() => {
    setStep(initialStep(card));
    setExpanded(false);
    if (card) stamp(card.requestId);
  }, [card?.requestId]);

  /** Guarded: too soon after the card appeared, or right after typing into the input line. */
  const tooSoon = (c: ApprovalCard) => Date.now() - Math.max(stamp(c.requestId), lastTypedAt()) < APPROVAL_GUARD_MS;

  const editJson = (c: ApprovalCard) => {
    const json = JSON.stringify(c.input, null, 2);
    const editor = preferredEditor();
    if (!editor) return setStep({ step: "edit-json", text: json });
    void suspendTerminal(() => {
      const edited = editExternally(editor, json);
      if (edited === undefined) return setStep({ step: "edit-json", text: json, error: `${editor} did not save; edit here instead` });
      const result = editedJson(edited);
      if ("error" in result) return setStep({ step: "edit-json", text: edited, error: result.error });
      // Shown with what changed, and sent only on Enter: what runs is what the person saw.
      const args = result.decision.behavior === "allow" ? result.decision.updated_input : c.input;
      setStep({ step: "edit-json", text: JSON.stringify(args, null, 2) });
    });
  };

  const send = (c: ApprovalCard, outcome: Outcome) => {
    if (outcome.kind === "step") return setStep(outcome.step);
    if (outcome.kind === "answer") return actions.answerApproval(c.requestId, outcome.decision);
    editJson(c);
  };

  const context: KeyContext | undefined = !card
    ? undefined
    : step.step === "choose"
      ? "approval"
      : step.step === "question"
        ? step.wizard.editingFreeText
          ? "edit"
          : "question"
        : step.step === "reason"
          ? "deny-reason"
          : "edit";

  const wizard = (c: ApprovalCard, key: WizardKey) => {
    if (step.step !== "question") return;
    // Moving is always safe; answering waits out the keystroke guard like any other answer.
    if ((key.kind === "confirm" || key.kind === "number" || key.kind === "free-text") && tooSoon(c)) return;
    const result = wizardStep(c.input, questionsOf(c.input), step.wizard, key);
    if (result.kind === "done") return actions.answerApproval(c.requestId, result.decision);
    setStep({ step: "question", wizard: result.state });
  };

  /** Handle one keymap action in an approval context; returns false when it is not ours. */
  const handle = (action: KeyAction | undefined, input: string): boolean => {
    if (!card || card.phase === "sending") return false;
    if (action === "cancel-deny" && step.step !== "choose") {
      setStep(step.step === "question" ? { step: "question", wizard: { ...step.wizard, editingFreeText: false } } : CHOOSE);
      return true;
    }
    if (step.step === "question") {
      const keys: Partial<Record<KeyAction, WizardKey>> = {
        "option-prev": { kind: "up" },
        "option-next": { kind: "down" },
        "option-toggle": { kind: "toggle" },
        "option-pick": { kind: "confirm" },
        "option-number": { kind: "number", n: Number(input) },
      };
      const key = action ? keys[action] : undefined;
      if (!key) return false;
      wizard(card, key);
      return true;
    }
    if (step.step !== "choose") return false;
    const options = cardOptions(card);
    const pick = (i: number) => {
      const option = options[i];
      if (!option || tooSoon(card)) return;
      send(card, choose(card, option.key));
    };
    const pickKey = (key: (typeof options)[number]["key"]) => pick(options.findIndex((o) => o.key === key));
    switch (action) {
      case "approve":
        return (pickKey("approve"), true);
      case "always":
        return (pickKey("always"), true);
      case "deny":
        return (pickKey("deny"), true);
      case "edit-args":
        return (pickKey("edit"), true);
      case "option-number":
        return (pick(Number(input) - 1), true);
      case "option-pick":
        return (pick(step.highlight), true);
      case "option-prev":
        return (setStep({ step: "choose", highlight: Math.max(0, step.highlight - 1) }), true);
      case "option-next":
        return (setStep({ step: "choose", highlight: Math.min(options.length - 1, step.highlight + 1) }), true);
      case "fold":
        return (setExpanded((v) => !v), true);
      default:
        return false;
    }
  };

  /** Enter in the card's text field (reason, edit, or a free-text answer). */
  const submitText = (text: string) => {
    if (!card || card.phase === "sending") return;
    switch (step.step) {
      case "question":
        return wizard(card, { kind: "free-text", text });
      case "reason":
        return actions.answerApproval(card.requestId, denyDecision(text));
      case "edit-command": {
        const decision = editedCommand(card, text);
        // Unchanged: that is a plain approval, which the person can give with y.
        return decision ? actions.answerApproval(card.requestId, decision) : setStep(CHOOSE);
      }
      case "edit-json": {
        const result = editedJson(text);
        if ("error" in result) return setStep({ step: "edit-json", text, error: result.error });
        return actions.answerApproval(card.requestId, result.decision);
      }
      case "choose":
        return;
    }
  };

  const setText = (text: string) => {
    if (step.step === "reason" || step.step === "edit-command") setStep({ ...step, text });
    else if (step.step === "edit-json") setStep({ step: "edit-json", text });
    else if (step.step === "question") setStep({ step: "question", wizard: { ...step.wizard, freeText: text } });
  };

  return { step, expanded, context, handle, submitText, setText, options: card ? cardOptions(card) : [] };
}
