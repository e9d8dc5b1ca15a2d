import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPROVAL_GUARD_MS as G, cardSignature, GUARD_START, keyArrived, routeKey, TYPING_QUIET_MS as Q, typingOf, viewDrawn, type CardTarget, type KeyClass, type KeyGuard } from "../../src/ui/approval/guard.js";
import type { ApprovalCard } from "../../src/store/state.js";

// The keystroke guard as a pure function of an injected clock: no sleeps, exact times.

const CARD: CardTarget = { card: "c1", view: "c1" };
const T0 = 10_000;

/** A guard whose card was drawn at `drawnAt`, with the last key (if any) at `lastKeyAt`. */
function guard(drawnAt: number, lastKeyAt?: number, view = CARD.view): KeyGuard {
  const drawn = viewDrawn(GUARD_START, view, drawnAt);
  return lastKeyAt === undefined ? drawn : keyArrived(drawn, lastKeyAt);
}

describe("keystroke guard", () => {
  it("a key answers only once the card has been drawn for the guard time", () => {
    expect(routeKey(guard(T0), CARD, "answer", T0 + G - 1).route).toBe("input");
    expect(routeKey(guard(T0), CARD, "answer", T0 + G).route).toBe("card");
  });

  it("and only when no key of any kind came within the guard time before it", () => {
    // The card has been up for long, but the person was typing a moment ago.
    expect(routeKey(guard(T0, T0 + 5_000), CARD, "answer", T0 + 5_000 + G - 1).route).toBe("input");
    expect(routeKey(guard(T0, T0 + 5_000), CARD, "answer", T0 + 5_000 + G).route).toBe("card");
  });

  it("every key counts, the ones it routes away included: a typist never gets through", () => {
    let g = guard(T0);
    let t = T0 - 1_000;
    // Typing at 299 ms a key, long after the card appeared: not one key reaches it.
    for (let i = 0; i < 50; i++) {
      t += G - 1;
      const r = routeKey(g, CARD, "answer", t);
      expect(r.route).toBe("input");
      g = r.guard;
    }
  });

  it("a card not drawn yet, drawn differently, or absent takes nothing", () => {
    const g = guard(T0);
    expect(routeKey(g, { card: "c2", view: "c2" }, "answer", T0 + 10 * G).route).toBe("input");
    expect(routeKey(g, { card: "c1", view: "c1#always" }, "answer", T0 + 10 * G).route).toBe("input");
    expect(routeKey(g, undefined, "answer", T0 + 10 * G).route).toBe("input");
  });

  it("redrawing the same view keeps its time; another view starts it again", () => {
    let g = guard(T0);
    g = viewDrawn(g, "c1", T0 + 200);
    expect(g.drawn).toEqual({ view: "c1", at: T0 });
    g = viewDrawn(g, "c1#always", T0 + 200);
    expect(routeKey(g, { card: "c1", view: "c1#always" }, "answer", T0 + 200 + G - 1).route).toBe("input");
    // Gone from the screen and back: it counts from its return.
    g = viewDrawn(viewDrawn(guard(T0), undefined, T0 + 500), "c1", T0 + 600);
    expect(routeKey(g, CARD, "answer", T0 + 600 + G - 1).route).toBe("input");
  });

  it("keys the card has no use for go to the input line, even when deliberate", () => {
    expect(routeKey(guard(T0), CARD, "none", T0 + 10 * G).route).toBe("input");
  });

  it("after a deliberate key, moves follow at once but answers still wait (held, not sent)", () => {
    const first = routeKey(guard(T0), CARD, "move", T0 + G);
    expect(first.route).toBe("card");
    expect(first.guard.engaged).toBe("c1");
    const move = routeKey(first.guard, CARD, "move", T0 + G + 20);
    expect(move.route).toBe("card");
    const answer = routeKey(move.guard, CARD, "answer", T0 + G + 40);
    expect(answer.route).toBe("hold");
    expect(routeKey(answer.guard, CARD, "answer", T0 + G + 40 + G).route).toBe("card");
  });

  it("moving needs a deliberate first key too; a key the card does not use turns away from it", () => {
    expect(routeKey(guard(T0, T0 + G), CARD, "move", T0 + G + 10).route).toBe("input");
    const engaged = routeKey(guard(T0), CARD, "move", T0 + G).guard;
    const away = routeKey(engaged, CARD, "none", T0 + G + 10);
    expect(away.guard.engaged).toBeUndefined();
    expect(routeKey(away.guard, CARD, "move", T0 + G + 20).route).toBe("input");
  });

  it("property: a key routed to the card as an answer always had the card drawn, unchanged, and quiet for the guard time", () => {
    const step = fc.record({
      gap: fc.integer({ min: 0, max: 2 * G }),
      cls: fc.constantFrom<KeyClass>("answer", "move", "none"),
      redraw: fc.constantFrom<string | undefined>(undefined, "c1", "c1", "c1#always", "c2"),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let g: KeyGuard = GUARD_START;
        let t = T0;
        let last: number | undefined;
        for (const s of steps) {
          t += s.gap;
          g = viewDrawn(g, s.redraw, t - Math.floor(s.gap / 2));
          const target = g.drawn ? { card: g.drawn.view.split("#")[0]!, view: g.drawn.view } : undefined;
          const r = routeKey(g, target, s.cls, t);
          if (r.route === "card" && s.cls === "answer") {
            expect(t - g.drawn!.at).toBeGreaterThanOrEqual(G);
            if (last !== undefined) expect(t - last).toBeGreaterThanOrEqual(G);
          }
          g = r.guard;
          last = t;
        }
      }),
    );
  });
});

describe("card signature", () => {
  const card = (over: Partial<ApprovalCard> = {}): ApprovalCard => ({
    requestId: "perm-1",
    toolName: "Bash",
    toolCallId: "1",
    input: { command: "ls" },
    suggestions: [],
    phase: "pending",
    ...over,
  });

  it("is the same for the same request and content, whatever the client changed", () => {
    expect(cardSignature(card({ phase: "sending", error: "x", replayed: true }))).toBe(cardSignature(card()));
  });

  it("changes with the content under the same request id", () => {
    expect(cardSignature(card({ input: { command: "rm -rf /" } }))).not.toBe(cardSignature(card()));
    expect(cardSignature(card({ suggestions: [{ id: "save-default", text: "always" }] }))).not.toBe(cardSignature(card()));
    expect(cardSignature(card({ requestId: "perm-2" }))).not.toBe(cardSignature(card()));
  });

  it("a card too deep to serialise still gets a signature (a new one per object: the guard errs safe)", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    const a = card({ input: deep });
    expect(cardSignature(a)).toBe(cardSignature(a));
    expect(cardSignature(card({ input: deep }))).not.toBe(cardSignature(a));
  });
});

describe("someone typing is not reading the card", () => {
  it("a card drawn while the person types needs the longer quiet: a slow typist's next letter goes to the input line", () => {
    // Letters at 700 ms a key; the card is drawn 100 ms after one of them.
    let g = routeKey(GUARD_START, undefined, "none", T0, "text").guard;
    g = viewDrawn(g, CARD.view, T0 + 100);
    let t = T0;
    for (let i = 0; i < 10; i++) {
      t += 700;
      const r = routeKey(g, CARD, "answer", t, "text");
      expect(r.route).toBe("input");
      g = r.guard;
    }
    // Then a real pause: the next key answers.
    expect(routeKey(g, CARD, "answer", t + Q, "text").route).toBe("card");
  });

  it("typing over a card that came when all was quiet makes it wait as long", () => {
    let g = guard(T0);
    // Long after the card, the person starts writing without looking: every letter is the input line's.
    let r = routeKey(g, CARD, "none", T0 + 10_000, "text");
    expect(r.route).toBe("input");
    r = routeKey(r.guard, CARD, "answer", T0 + 10_000 + 600, "text");
    expect(r.route).toBe("input");
    g = r.guard;
    expect(routeKey(g, CARD, "answer", T0 + 10_600 + Q - 1, "text").route).toBe("input");
    expect(routeKey(g, CARD, "answer", T0 + 10_600 + Q, "text").route).toBe("card");
  });

  it("Enter ends the typing: a card that answers a sent message needs only the short guard", () => {
    let g = routeKey(GUARD_START, undefined, "none", T0, "text").guard;
    g = routeKey(g, undefined, "none", T0 + 50, "end").guard;
    g = viewDrawn(g, CARD.view, T0 + 400);
    expect(routeKey(g, CARD, "answer", T0 + 400 + G, "text").route).toBe("card");
  });

  it("a deliberate answer ends it, and a new view of the same card is no surprise", () => {
    let g = routeKey(GUARD_START, undefined, "none", T0, "text").guard;
    g = viewDrawn(g, CARD.view, T0 + 100);
    const r = routeKey(g, CARD, "answer", T0 + 100 + Q, "text");
    expect(r.route).toBe("card");
    g = viewDrawn(r.guard, "c1#always", T0 + 100 + Q + 10);
    expect(g.typing).toBe(false);
    expect(routeKey(g, { card: "c1", view: "c1#always" }, "answer", T0 + 100 + Q + 10 + G, "text").route).toBe("card");
  });

  it("a letter that answered a card is not writing: the next card needs only the short guard", () => {
    let g = guard(T0);
    const r = routeKey(g, CARD, "answer", T0 + G, "text");
    expect(r.route).toBe("card");
    g = viewDrawn(viewDrawn(r.guard, undefined, T0 + G + 10), "c2", T0 + G + 500);
    expect(routeKey(g, { card: "c2", view: "c2" }, "answer", T0 + G + 500 + G, "text").route).toBe("card");
  });

  it("what counts as typing", () => {
    expect(typingOf("a", {})).toBe("text");
    expect(typingOf("", { backspace: true })).toBe("text");
    expect(typingOf("\r", { return: true })).toBe("end");
    expect(typingOf("c", { ctrl: true })).toBe("none");
    expect(typingOf("1", { meta: true })).toBe("none");
    expect(typingOf("\u001b", {})).toBe("none");
  });
});

