import { useApp, type Key } from "ink";
import { useRef } from "react";
import type { UiActions } from "../../controller/actions.js";
import { focusedApproval } from "../../store/approvals.js";
import type { ApprovalCard, RuntimeState, UserQuestion } from "../../store/state.js";
import { cardKey, cardTarget, flowFor, withField, NO_FLOW, stepText, TOO_QUICK, type CardEffect, type CardFlow } from "../approval/cardKeys.js";
import { cardSignature, routeKey, typingOf, type KeyGuard } from "../approval/guard.js";
import { editedJson } from "../approvalFlow.js";
import { answerFor } from "../components/AskUserCard.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { editExternally, preferredEditor } from "../externalEditor.js";

export { APPROVAL_GUARD_MS, TYPING_QUIET_MS } from "../approval/guard.js";

const EMPTY: Field = { value: "", cursor: 0 };

/** What a card did with a key: took it, or left it for the input line. The guard, updated. */
export interface CardRouting {
  guard: KeyGuard;
  taken: boolean;
}

/**
 * The cards' side of the key router: the focused approval card (or else the oldest ask_user
 * question) as the store has it at the moment of the key, its step and text field in refs,
 * and the one answer it sends. The guard (approval/guard.ts) decides whether a key reaches
 * the card; a key it does not take is left for the input line.
 */
export function useApprovalFlow(actions: UiActions, redraw: () => void) {
  const flow = useRef<CardFlow>(NO_FLOW);
  const ask = useRef<{ sig?: string; field: Field }>({ field: EMPTY });
  // The card or question answered from here: the store may not have caught up (or, in tests,
  // the actions only record), and keys after an answer belong to the input line.
  const answered = useRef<object | undefined>(undefined);
  const { suspendTerminal } = useApp();

  /** The approval card that keys may act on now, if any, with its flow brought up to date. */
  const liveCard = (rt: RuntimeState | undefined): ApprovalCard | undefined => {
    const card = focusedApproval(rt);
    if (!card || card.phase === "sending" || card === answered.current) return undefined;
    flow.current = flowFor(flow.current, card);
    return card;
  };
  /** The ask_user question that keys may act on: only when no approval card is up at all. */
  const liveQuestion = (rt: RuntimeState | undefined): UserQuestion | undefined => {
    const q = focusedApproval(rt) ? undefined : rt?.questions[0];
    if (!q || q === answered.current) return undefined;
    const sig = cardSignature(q);
    if (ask.current.sig !== sig) ask.current = { sig, field: EMPTY };
    return q;
  };

  const editJson = (card: ApprovalCard) => {
    const json = JSON.stringify(card.input, null, 2);
    const show = (text: string, error?: string) => {
      if (flow.current.card !== cardSignature(card)) return;
      flow.current = { ...flow.current, step: { step: "edit-json", text, ...(error ? { error } : {}) }, field: { value: text, cursor: text.length } };
      redraw();
    };
    const editor = preferredEditor();
    if (!editor) return show(json);
    void suspendTerminal(() => {
      const edited = editExternally(editor, json);
      if (edited === undefined) return show(json, `${editor} did not save; edit here instead`);
      const result = editedJson(edited);
      if ("error" in result) return show(edited, result.error);
      // Shown with what changed, and sent only on Enter: what runs is what the person saw.
      const args = result.decision.behavior === "allow" ? result.decision.updated_input : card.input;
      show(JSON.stringify(args, null, 2));
    });
  };

  const run = (card: ApprovalCard, effect: CardEffect | undefined) => {
    if (effect?.kind === "answer") {
      answered.current = card;
      actions.answerApproval(card.requestId, effect.decision);
    } else if (effect?.kind === "edit-json") editJson(card);
    else if (effect?.kind === "abort") actions.abort();
  };

  const askKey = (q: UserQuestion, input: string, key: Key) => {
    if (key.escape) return actions.declineQuestion(q.requestId);
    const result = edit(ask.current.field, input, key);
    if (result.kind === "field") ask.current = { ...ask.current, field: result.field };
    if (result.kind !== "submit" || !result.text.trim()) return;
    answered.current = q;
    actions.answerQuestion(q.requestId, answerFor(q, result.text));
  };

  return {
    /** One key, routed by the store's current state `rt` and the guard at `now`. */
    key(rt: RuntimeState | undefined, guard: KeyGuard, input: string, key: Key, now: number): CardRouting {
      const card = liveCard(rt);
      if (card) {
        const k = cardKey(card, flow.current, input, key);
        const r = routeKey(guard, cardTarget(card, flow.current), k.cls, now, typingOf(input, key));
        if (r.route === "input") return { guard: r.guard, taken: false };
        flow.current = r.route === "card" ? k.flow : { ...flow.current, note: TOO_QUICK };
        if (r.route === "card") run(card, k.effect);
        redraw();
        return { guard: r.guard, taken: true };
      }
      const q = liveQuestion(rt);
      const sig = q ? cardSignature(q) : undefined;
      // Every key on the question types its answer: the first needs the guard, like an answer.
      const r = routeKey(guard, sig ? { card: sig, view: sig } : undefined, "move", now, typingOf(input, key));
      if (!q || r.route !== "card") return { guard: r.guard, taken: false };
      askKey(q, input, key);
      redraw();
      return { guard: r.guard, taken: true };
    },
    /**
     * A bracketed paste: text for the card's field when the person is typing in it, else not
     * the card's (the input line takes it). Never a key: it answers and sends nothing.
     */
    paste(rt: RuntimeState | undefined, guard: KeyGuard, text: string): boolean {
      const card = liveCard(rt);
      if (card) {
        if (guard.engaged !== cardTarget(card, flow.current).card || stepText(flow.current.step) === undefined) return false;
        flow.current = withField(flow.current, paste(flow.current.field, text));
        redraw();
        return true;
      }
      const q = liveQuestion(rt);
      if (!q || guard.engaged !== ask.current.sig) return false;
      ask.current = { ...ask.current, field: paste(ask.current.field, text) };
      redraw();
      return true;
    },
    /** The flow to draw `card` with (a card not yet keyed starts at its first step). */
    viewOf: (card: ApprovalCard): CardFlow => flowFor(flow.current, card),
    /** The ask_user answer field to draw for `q`. */
    askField: (q: UserQuestion): Field => (ask.current.sig === cardSignature(q) ? ask.current.field : EMPTY),
  };
}
