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
// Keys a card does not take go where they would have gone without it (the input line), so
// nothing typed is lost. Once a deliberate key has turned the person to a card ("engaged"),
// keys that only move on it (arrows, fold, typing into its text field) follow without a pause;
// keys that answer still need a deliberate press each time.

/** Keys this soon after a card is drawn, or after any other key, never answer it. */
export const APPROVAL_GUARD_MS = 300;

export interface KeyGuard {
  /** When the last key or paste arrived, whatever it did. */
  readonly lastKeyAt?: number;
  /** The card view last drawn (committed to the screen), and since when it has been unchanged. */
  readonly drawn?: { readonly view: string; readonly at: number };
  /** The card the person deliberately turned to: moves on it need no pause. */
  readonly engaged?: string;
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
  if (view === undefined) return g.drawn ? { ...g, drawn: undefined } : g;
  return g.drawn?.view === view ? g : { ...g, drawn: { view, at: now } };
}

/** A key or paste arrived that no card is concerned with (a chord, help, a paste): it breaks the quiet all the same. */
export function keyArrived(g: KeyGuard, now: number): KeyGuard {
  return { ...g, lastKeyAt: now };
}

/** The rule above, for a key arriving at `now` on `target` (undefined: no card takes keys now). */
export function deliberate(g: KeyGuard, target: CardTarget, now: number): boolean {
  const settled = g.drawn?.view === target.view && now - g.drawn.at >= APPROVAL_GUARD_MS;
  const quiet = g.lastKeyAt === undefined || now - g.lastKeyAt >= APPROVAL_GUARD_MS;
  return settled && quiet;
}

/**
 * Route one key (or paste: class `move` at most, see the App) and record its arrival. A card not
 * in the store's current state, or not yet drawn as it is now, never takes a key.
 */
export function routeKey(g: KeyGuard, target: CardTarget | undefined, cls: KeyClass, now: number): { route: Route; guard: KeyGuard } {
  const arrived: KeyGuard = { ...g, lastKeyAt: now };
  if (!target) return { route: "input", guard: { ...arrived, engaged: undefined } };
  const engaged = g.engaged === target.card;
  if (cls === "none") return { route: "input", guard: { ...arrived, engaged: undefined } };
  if (deliberate(g, target, now)) return { route: "card", guard: { ...arrived, engaged: target.card } };
  if (!engaged) return { route: "input", guard: arrived };
  return { route: cls === "move" ? "card" : "hold", guard: arrived };
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
