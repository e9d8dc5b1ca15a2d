import type { ApprovalCard, UserQuestion } from "../../store/state.js";

// The keystroke guard: which keys may act on a card, as a pure function of an injected clock.
// The danger is a person typing a message while a card appears: their next letter must not
// answer it ("a" of "thanks" meant "always allow" once). So a key acts on a card only when it
// is plainly meant for it:
//
//   deliberate = the card, exactly as it is now, has been drawn on screen for GUARD_MS
//                AND no key of any kind (typed, pasted, on the card or not) came in the
//                GUARD_MS before this one.
//
// A person who was typing when the card was drawn, or types over it, is not reading it: for
// them the quiet must be TYPING_QUIET_MS, long enough for a slow typist's next letter (seen by
// hand: at 500-900 ms a key, the "y" of "yes" approved a card under the short rule alone).
//
// Keys a card does not take go where they would have gone without it (the input line), so
// nothing typed is lost. Once a deliberate key has turned the person to a card ("engaged"),
// keys that only move on it (arrows, fold, typing into its text field) follow without a pause;
// keys that answer still need a deliberate press each time.

/** Keys this soon after a card is drawn, or after any other key, never answer it. */
export const APPROVAL_GUARD_MS = 300;
/** The quiet a card needs from someone who was typing as it appeared, or typed over it. */
export const TYPING_QUIET_MS = 1500;

export interface KeyGuard {
  /** When the last key or paste arrived, whatever it did. */
  readonly lastKeyAt?: number;
  /** The card view last drawn (committed to the screen), and since when it has been unchanged. */
  readonly drawn?: { readonly view: string; readonly at: number };
  /** The card the person deliberately turned to: moves on it need no pause. */
  readonly engaged?: string;
  /** When the last key that types text (a letter, a deletion) arrived. */
  readonly lastTypedAt?: number;
  /** The card on screen was drawn while the person typed, or they typed over it. */
  readonly typing?: boolean;
}

export const GUARD_START: KeyGuard = {};

/**
 * What a key would do on the card: `answer` sends or chooses (y, a, n, e, numbers, Enter on an
 * option, confirming "always"); `move` only moves or edits on the card (arrows, f, Space, a
 * text field); `none` means the card has no use for it.
 */
export type KeyClass = "answer" | "move" | "none";

/** `card`: the card takes it; `input`: it goes where it would without the card; `hold`: dropped with a note. */
export type Route = "card" | "input" | "hold";

/** What is on screen for the card: its identity and content, and the view (e.g. the "always" confirmation). */
export interface CardTarget {
  /** Same request and same content: see cardSignature. */
  readonly card: string;
  /** The card plus what the card shows that a key answers (a confirmation line). */
  readonly view: string;
}

/** A card was drawn (or nothing was: undefined). The clock restarts only when what is drawn changes. */
export function viewDrawn(g: KeyGuard, view: string | undefined, now: number): KeyGuard {
  if (view === undefined) return g.drawn ? { ...g, drawn: undefined, typing: false } : g;
  if (g.drawn?.view === view) return g;
  // A new view of the card the person already turned to (the "always" confirmation) is no surprise.
  const sameCard = g.engaged !== undefined && view.startsWith(g.engaged);
  const typing = !sameCard && g.lastTypedAt !== undefined && now - g.lastTypedAt < TYPING_QUIET_MS;
  return { ...g, drawn: { view, at: now }, typing };
}

/**
 * What a key means for the typing rule: `text` types where it lands (a letter, a space, a
 * deletion); `end` finishes what was typed (Enter sends the message: a card that comes after it
 * finds the person waiting, not writing); `none` is a command.
 */
export type Typing = "text" | "end" | "none";

export function typingOf(input: string, key: { ctrl?: boolean; meta?: boolean; backspace?: boolean; delete?: boolean; return?: boolean }): Typing {
  if (key.ctrl || key.meta) return "none";
  if (key.return) return "end";
  return key.backspace === true || key.delete === true || (input.length > 0 && !/^[\u0000-\u001F\u007F]+$/.test(input)) ? "text" : "none";
}

/** A key or paste arrived that no card is concerned with (a chord, help, a paste): it breaks the quiet all the same. */
export function keyArrived(g: KeyGuard, now: number): KeyGuard {
  return { ...g, lastKeyAt: now };
}

/** The rule above, for a key arriving at `now` on `target` (undefined: no card takes keys now). */
export function deliberate(g: KeyGuard, target: CardTarget, now: number): boolean {
  const settled = g.drawn?.view === target.view && now - g.drawn.at >= APPROVAL_GUARD_MS;
  const need = g.typing ? TYPING_QUIET_MS : APPROVAL_GUARD_MS;
  const quiet = g.lastKeyAt === undefined || now - g.lastKeyAt >= need;
  return settled && quiet;
}

/**
 * Route one key (or paste: class `move` at most, see the App) and record its arrival. A card not
 * in the store's current state, or not yet drawn as it is now, never takes a key.
 */
export function routeKey(g: KeyGuard, target: CardTarget | undefined, cls: KeyClass, now: number, typed: Typing = "none"): { route: Route; guard: KeyGuard } {
  const route = routeOf(g, target, cls, now);
  // Only text that lands in the input line is writing: a letter that answers or moves on a card is
  // the card's (its "y" must not make the next card wait as if the person were typing).
  const writing = typed === "text" && route === "input";
  const lastTypedAt = writing ? now : typed === "end" ? undefined : g.lastTypedAt;
  const arrived: KeyGuard = { ...g, lastKeyAt: now, lastTypedAt };
  if (!target || cls === "none") return { route, guard: { ...arrived, engaged: undefined, typing: target && writing ? true : arrived.typing } };
  if (route === "card" && deliberate(g, target, now)) return { route, guard: { ...arrived, engaged: target.card, typing: false } };
  // Text typed into the input line over a card: this person is writing, not reading the card.
  return { route, guard: writing ? { ...arrived, typing: true } : arrived };
}

function routeOf(g: KeyGuard, target: CardTarget | undefined, cls: KeyClass, now: number): Route {
  if (!target || cls === "none") return "input";
  if (deliberate(g, target, now)) return "card";
  if (g.engaged !== target.card) return "input";
  return cls === "move" ? "card" : "hold";
}

const signatures = new WeakMap<object, string>();
let unserialisable = 0;

/**
 * A card's identity and everything it shows: a card replaced under the same request id with
 * other content (a replay, a hostile server) is a new card, and its guard starts again. What
 * only the client changes (phase, error, "replayed") is left out. Cached per object: cards
 * can be large and this runs on every key.
 */
export function cardSignature(card: ApprovalCard | UserQuestion): string {
  const cached = signatures.get(card);
  if (cached !== undefined) return cached;
  const content =
    "toolName" in card
      ? [card.requestId, card.toolName, card.toolCallId ?? "", card.input, card.suggestions, card.diffs ?? null]
      : [card.requestId, card.question, card.options ?? null];
  let sig: string;
  try {
    sig = JSON.stringify(content);
  } catch {
    // Too deep to serialise: each card object counts as new, so the guard errs on the safe side.
    sig = `${card.requestId}#${++unserialisable}`;
  }
  signatures.set(card, sig);
  return sig;
}
