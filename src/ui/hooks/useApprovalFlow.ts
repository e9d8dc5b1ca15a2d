import { useApp } from "ink";
import { useEffect, useRef, useState } from "react";
import type { UiActions } from "../../controller/actions.js";
import type { ApprovalCard } from "../../store/state.js";
import { CHOOSE, cardOptions, choose, denyDecision, editedCommand, editedJson, type CardStep, type Outcome } from "../approvalFlow.js";
import { editExternally, preferredEditor } from "../externalEditor.js";
import type { KeyAction, KeyContext } from "../keymap.js";

/** Keys pressed this soon after a card appears were meant for something else; never answer with them. */
export const APPROVAL_GUARD_MS = 300;

/**
 * The focused card's interaction: which step the person is in, the keystroke guard, and the
 * one answer it sends. Keys arrive as keymap actions from the App.
 */
export function useApprovalFlow(card: ApprovalCard | undefined, actions: UiActions, lastTypedAt: () => number) {
  const [step, setStep] = useState<CardStep>(CHOOSE);
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
    setStep(CHOOSE);
    setExpanded(false);
    if (card) stamp(card.requestId);
  }, [card?.requestId]);

  /** Guarded: too soon after the card appeared, or right after typing into the input line. */
  const tooSoon = (c: ApprovalCard) => {
    const since = Math.max(stamp(c.requestId), lastTypedAt());
    return Date.now() - since < APPROVAL_GUARD_MS;
  };

  const send = (c: ApprovalCard, outcome: Outcome) => {
    if (outcome.kind === "step") return setStep(outcome.step);
    if (outcome.kind === "answer") return actions.answerApproval(c.requestId, outcome.decision);
    const json = JSON.stringify(c.input, null, 2);
    const editor = preferredEditor();
    if (!editor) return setStep({ step: "edit-json", text: json });
    void suspendTerminal(() => {
      const edited = editExternally(editor, json);
      if (edited === undefined) return setStep({ step: "edit-json", text: json, error: `${editor} did not save; edit here instead` });
      const result = editedJson(edited);
      if ("error" in result) return setStep({ step: "edit-json", text: edited, error: result.error });
      // Show what changed and wait for Enter: what runs is what the person saw.
      setStep({ step: "edit-json", text: JSON.stringify(result.decision.behavior === "allow" ? result.decision.updated_input : c.input, null, 2) });
    });
  };

  const context: KeyContext | undefined = !card
    ? undefined
    : step.step === "choose"
      ? "approval"
      : step.step === "reason"
        ? "deny-reason"
        : "edit";

  /** Handle one keymap action in an approval context; returns false when it is not ours. */
  const handle = (action: KeyAction | undefined, input: string): boolean => {
    if (!card || card.phase === "sending" || step.step !== "choose") {
      if (action === "cancel-deny") {
        setStep(CHOOSE);
        return true;
      }
      return false;
    }
    const options = cardOptions(card);
    const pick = (i: number) => {
      const option = options[i];
      if (!option || tooSoon(card)) return;
      send(card, choose(card, option.key));
    };
    const pickKey = (key: (typeof options)[number]["key"]) => pick(options.findIndex((o) => o.key === key));
    switch (action) {
      case "approve":
        pickKey("approve");
        return true;
      case "always":
        pickKey("always");
        return true;
      case "deny":
        pickKey("deny");
        return true;
      case "edit-args":
        pickKey("edit");
        return true;
      case "option-number":
        pick(Number(input) - 1);
        return true;
      case "option-pick":
        pick(step.highlight);
        return true;
      case "option-prev":
        setStep({ step: "choose", highlight: Math.max(0, step.highlight - 1) });
        return true;
      case "option-next":
        setStep({ step: "choose", highlight: Math.min(options.length - 1, step.highlight + 1) });
        return true;
      case "fold":
        setExpanded((v) => !v);
        return true;
      default:
        return false;
    }
  };

  /** Enter in the card's text field (reason or edit). */
  const submitText = (text: string) => {
    if (!card || card.phase === "sending") return;
    if (step.step === "reason") return actions.answerApproval(card.requestId, denyDecision(text));
    if (step.step === "edit-command") {
      const decision = editedCommand(card, text);
      // Unchanged: that is a plain approval, which the person can give with y.
      if (!decision) return setStep(CHOOSE);
      return actions.answerApproval(card.requestId, decision);
    }
    if (step.step === "edit-json") {
      const result = editedJson(text);
      if ("error" in result) return setStep({ step: "edit-json", text, error: result.error });
      return actions.answerApproval(card.requestId, result.decision);
    }
  };

  const setText = (text: string) => {
    if (step.step === "reason" || step.step === "edit-command") setStep({ ...step, text });
    else if (step.step === "edit-json") setStep({ step: "edit-json", text });
  };

  return { step, expanded, context, handle, submitText, setText, options: card ? cardOptions(card) : [] };
}
