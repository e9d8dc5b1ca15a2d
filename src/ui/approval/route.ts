import type { Key } from "ink";
import { focusedApproval } from "../../store/approvals.js";
import type { ApprovalCard, RuntimeState, UserQuestion } from "../../store/state.js";
import { answerFor } from "../components/AskUserCard.js";
import { edit, paste, type Field } from "../components/textEdit.js";
import { actionFor } from "../keymap.js";
import type { Effect, UiState } from "../state/uiState.js";
import { cardKey, cardTarget, flowFor, stepText, TOO_QUICK, withField, type CardEffect } from "./cardKeys.js";
import { editedJson } from "./flow.js";
import { cardSignature, routeKey, typingOf } from "./guard.js";

// The cards' side of the key router, pure: the focused approval card (or else the oldest
// ask_user question) as the store has it at the moment of the key, its step and text field in
// the UI state, and the one answer it sends. The guard (guard.ts) decides whether a key reaches
// the card; a key it does not take is left for the input line (`taken: false`).

const EMPTY: Field = { value: "", cursor: 0 };

export interface CardRouted {
  ui: UiState;
  effects: Effect[];
  taken: boolean;
}

/** The approval card that keys may act on now, if any. */
function liveCard(ui: UiState, rt: RuntimeState | undefined): ApprovalCard | undefined {
  const card = focusedApproval(rt);
  if (!card || card.phase === "sending" || cardSignature(card) === ui.answered) return undefined;
  return card;
}

/** The ask_user question that keys may act on: only when no approval card is up at all. */
function liveQuestion(ui: UiState, rt: RuntimeState | undefined): UserQuestion | undefined {
  const q = focusedApproval(rt) ? undefined : rt?.questions[0];
  return q && cardSignature(q) !== ui.answered ? q : undefined;
}

function cardEffects(card: ApprovalCard, effect: CardEffect | undefined): Effect[] {
  if (effect?.kind === "answer") return [{ kind: "answer-approval", requestId: card.requestId, decision: effect.decision }];
  if (effect?.kind === "edit-json") return [{ kind: "edit-json", card: cardSignature(card), json: JSON.stringify(card.input, null, 2) }];
  if (effect?.kind === "abort") return [{ kind: "abort" }];
  return [];
}

/** One key at `now`, routed by the store's current runtime `rt`. */
export function cardKeyRouted(ui: UiState, rt: RuntimeState | undefined, input: string, key: Key, now: number): CardRouted {
  const card = liveCard(ui, rt);
  if (card) {
    const flow = flowFor(ui.card, card);
    const k = cardKey(card, flow, input, key);
    const r = routeKey(ui.guard, cardTarget(card, flow), k.cls, now, typingOf(input, key));
    if (r.route === "input") return { ui: { ...ui, guard: r.guard, card: flow }, effects: [], taken: false };
    if (r.route === "hold") return { ui: { ...ui, guard: r.guard, card: { ...flow, note: TOO_QUICK } }, effects: [], taken: true };
    const answered = k.effect?.kind === "answer" ? cardSignature(card) : ui.answered;
    return { ui: { ...ui, guard: r.guard, card: k.flow, answered }, effects: cardEffects(card, k.effect), taken: true };
  }
  const q = liveQuestion(ui, rt);
  const sig = q ? cardSignature(q) : undefined;
  // Every key on the question types its answer: the first needs the guard, like an answer.
  const r = routeKey(ui.guard, sig ? { card: sig, view: sig } : undefined, "move", now, typingOf(input, key));
  if (!q || !sig || r.route !== "card") return { ui: { ...ui, guard: r.guard }, effects: [], taken: false };
  const field = ui.ask.sig === sig ? ui.ask.field : EMPTY;
  const base = { ...ui, guard: r.guard };
  if (actionFor("ask", input, key) === "decline") return { ui: base, effects: [{ kind: "decline-question", requestId: q.requestId }], taken: true };
  const result = edit(field, input, key);
  if (result.kind === "field") return { ui: { ...base, ask: { sig, field: result.field } }, effects: [], taken: true };
  if (result.kind !== "submit" || !result.text.trim()) return { ui: { ...base, ask: { sig, field } }, effects: [], taken: true };
  return { ui: { ...base, ask: { sig, field }, answered: sig }, effects: [{ kind: "answer-question", requestId: q.requestId, text: answerFor(q, result.text) }], taken: true };
}

/**
 * A bracketed paste: text for the card's field when the person is typing in it, else not the
 * card's (the input line takes it). Never a key: it answers and sends nothing. `guard` is the
 * guard as it was before the paste arrived.
 */
export function cardPaste(ui: UiState, rt: RuntimeState | undefined, text: string): UiState | undefined {
  const card = liveCard(ui, rt);
  if (card) {
    const flow = flowFor(ui.card, card);
    if (ui.guard.engaged !== cardTarget(card, flow).card || stepText(flow.step) === undefined) return undefined;
    return { ...ui, card: withField(flow, paste(flow.field, text)) };
  }
  const q = liveQuestion(ui, rt);
  const sig = q ? cardSignature(q) : undefined;
  if (!sig || ui.guard.engaged !== sig) return undefined;
  return { ...ui, ask: { sig, field: paste(ui.ask.sig === sig ? ui.ask.field : EMPTY, text) } };
}

/** $EDITOR came back for the card `sig`: show what it saved (or the original, with why), to send on Enter. */
export function cardEdited(ui: UiState, msg: { card: string; original: string; editor?: string | undefined; text?: string | undefined }): UiState {
  if (ui.card.card !== msg.card) return ui;
  const show = (text: string, error?: string): UiState => ({
    ...ui,
    card: { ...ui.card, step: { step: "edit-json", text, ...(error ? { error } : {}) }, field: { value: text, cursor: text.length }, note: undefined },
  });
  if (msg.editor === undefined) return show(msg.original);
  if (msg.text === undefined) return show(msg.original, `${msg.editor} did not save; edit here instead`);
  const result = editedJson(msg.text);
  if ("error" in result) return show(msg.text, result.error);
  // Shown with what changed, and sent only on Enter: what runs is what the person saw.
  const args = result.decision.behavior === "allow" ? result.decision.updated_input : undefined;
  return show(JSON.stringify(args ?? JSON.parse(msg.original), null, 2));
}
