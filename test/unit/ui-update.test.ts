import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { cardTarget, flowFor } from "../../src/ui/approval/cardKeys.js";
import { APPROVAL_GUARD_MS, cardSignature, TYPING_QUIET_MS } from "../../src/ui/approval/guard.js";
import { REJECTED_CARD_MS } from "../../src/ui/components/RejectedCardView.js";
import { focusedApproval } from "../../src/store/approvals.js";
import type { Store } from "../../src/store/store.js";
import { QUIT_WINDOW_MS } from "../../src/ui/state/quit.js";
import { initialUi, type Effect, type Msg, type UiState, type World } from "../../src/ui/state/uiState.js";
import { rejectedShown, update } from "../../src/ui/state/update.js";
import { ESC_HINT } from "../../src/ui/views/environments.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";
import { CARD, ctrl, DOWN, ENTER, ESC, key, session, TAB, UP } from "./ui-driver.js";

// The screen's update, driven with an injected clock: no Ink, no React, no sleeps. These pin the
// key-routing order written at the top of src/ui/state/update.ts and the rules carried over from
// the hooks it replaced (guard, type-ahead, quit guard, fleeting card, history).

describe("the key-routing order (src/ui/state/update.ts)", () => {
  it("1 · the quit question comes first: y quits even with a card settled on screen", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().pass(APPROVAL_GUARD_MS);
    s.send(ctrl("c"), ctrl("c"));
    expect(s.ui.quit.confirming).toBe(true);
    s.pass(APPROVAL_GUARD_MS);
    s.send(key("y"));
    expect(s.kinds()).toEqual(["wake", "quit"]);
  });

  it("2 · a full-screen view takes every key but Ctrl+C", () => {
    const s = session({ listen: true, ui: initialUi({ views: [{ id: "environments" }] }) });
    s.send(ctrl("r"), key("x"));
    expect(s.kinds()).toEqual([]);
    expect(s.ui.views.at(-1)).toMatchObject({ id: "environments", query: "x" });
    s.send(ctrl("c"));
    expect(s.ui.quit.armedAt).toBeDefined();
  });

  it("3 · global bindings before the view on top: Ctrl+R resyncs with help open, and help stays", () => {
    const s = session().type("?");
    expect(s.ui.views.map((v) => v.id)).toEqual(["help"]);
    s.send(ctrl("r"));
    expect(s.kinds()).toEqual(["resync"]);
    expect(s.ui.views.map((v) => v.id)).toEqual(["help"]);
  });

  it("4 · the view on top before the card: y with help open answers nothing", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().send(ctrl("k"));
    s.pass(APPROVAL_GUARD_MS * 2);
    s.send(key("y"));
    expect(s.kinds()).toEqual([]);
    expect(s.ui.views.map((v) => v.id)).toEqual(["about"]);
    expect(s.ui.draft.value).toBe("");
  });

  it("5 · the card before the queue and the input line: a deliberate y answers", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().pass(APPROVAL_GUARD_MS);
    s.send(key("y"));
    expect(s.effects).toEqual([{ kind: "answer-approval", requestId: "perm-1", decision: { behavior: "allow" } }]);
  });

  it("6 · the queue panel before the input line; 7 · the input line last", () => {
    const s = session();
    dispatchFrame(s.store, { type: "update_queue", queue: [{ id: "q-1", kind: "message", source: "user", content: "one" }], removed: [] });
    s.send(TAB, key("d"));
    expect(s.effects).toEqual([{ kind: "queue-remove", id: "q-1" }]);
    s.send(ESC, key("d"));
    expect(s.ui.draft.value).toBe("d");
    // "?" opens help only on an empty line; otherwise it is text.
    s.send(key("?"));
    expect(s.ui.draft.value).toBe("d?");
    expect(s.ui.views).toEqual([]);
  });
});

describe("the keystroke guard and type-ahead, on an injected clock", () => {
  it("keys right after a card is drawn, or right after another key, go to the draft; a deliberate one answers", () => {
    const s = session().type("ok");
    dispatchFrame(s.store, CARD);
    s.drawCard();
    s.pass(100);
    s.send(key("y"));
    // The card was drawn 100 ms ago: too soon. The "y" is the typist's.
    expect(s.ui.draft.value).toBe("oky");
    s.pass(APPROVAL_GUARD_MS - 10);
    s.send(key("a"));
    // Settled, but a key came in 290 ms ago: not quiet. Still the typist's.
    expect(s.ui.draft.value).toBe("okya");
    expect(s.kinds()).toEqual([]);
    s.pass(APPROVAL_GUARD_MS);
    s.send(key("y"));
    // Quiet for the short guard, but this person was typing as the card came: the longer quiet applies.
    expect(s.ui.draft.value).toBe("okyay");
    expect(s.kinds()).toEqual([]);
    s.pass(TYPING_QUIET_MS);
    s.send(key("y"));
    expect(s.kinds()).toEqual(["answer-approval"]);
    // Type-ahead: keys after the answer belong to the input line, even with the store behind
    // (the card still in it): a second deliberate y is text, never a second answer.
    s.pass(APPROVAL_GUARD_MS);
    s.send(key("y"));
    expect(s.ui.draft.value).toBe("okyayy");
    expect(s.kinds()).toEqual(["answer-approval"]);
  });

  it("a redrawn card with other content restarts the guard", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().pass(APPROVAL_GUARD_MS);
    dispatchFrame(s.store, { ...CARD, request: { ...CARD.request, input: { command: "rm -rf /" } } });
    s.drawCard().send(key("y"));
    expect(s.kinds()).toEqual([]);
    expect(s.ui.draft.value).toBe("y");
  });

  it("a paste never answers: pasted y lands in the draft, even on a settled card", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().pass(APPROVAL_GUARD_MS);
    s.send({ type: "paste", text: "y\r" });
    expect(s.kinds()).toEqual([]);
    expect(s.ui.draft.value).toBe("y\n");
  });

  it("the JSON edited in $EDITOR comes back as a Msg and is shown, not sent", () => {
    const s = session();
    dispatchFrame(s.store, { ...CARD, request: { ...CARD.request, tool_name: "Write", input: { path: "a" } } });
    s.drawCard().pass(APPROVAL_GUARD_MS);
    s.send(key("e"));
    const effect = s.effects[0];
    expect(effect).toMatchObject({ kind: "edit-json", json: JSON.stringify({ path: "a" }, null, 2) });
    if (effect?.kind !== "edit-json") throw new Error("no edit");
    s.send({ type: "edited", card: effect.card, original: effect.json, editor: "vi", text: '{"path":"b"}' });
    expect(s.ui.card.step).toEqual({ step: "edit-json", text: JSON.stringify({ path: "b" }, null, 2) });
    expect(s.kinds()).toEqual(["edit-json"]);
  });
});

describe("the quit guard", () => {
  it("clears a draft first, then arms; a second press in the window quits; the arming lapses with a tick", () => {
    const s = session().type("hi");
    s.send(ctrl("c"));
    expect(s.ui.draft.value).toBe("");
    expect(s.kinds()).toEqual([]);
    s.send(ctrl("c"));
    expect(s.effects).toEqual([{ kind: "wake", afterMs: QUIT_WINDOW_MS }]);
    s.pass(QUIT_WINDOW_MS);
    s.send({ type: "tick" });
    expect(s.ui.quit.armedAt).toBeUndefined();
    s.send(ctrl("c"));
    s.pass(QUIT_WINDOW_MS - 1);
    s.send(ctrl("c"));
    expect(s.kinds()).toEqual(["wake", "wake", "quit"]);
  });

  it("with work at stake asks; any other key stays and is not typed", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.send(ctrl("c"), ctrl("c"));
    expect(s.ui.quit.confirming).toBe(true);
    s.send(key("n"));
    expect(s.ui.quit).toEqual({ confirming: false });
    expect(s.ui.draft.value).toBe("");
    expect(s.kinds()).toEqual(["wake"]);
  });
});

describe("views on the stack", () => {
  it("help pages within the pages the last frame had, clamped after a resize, and closes", () => {
    const s = session().type("?");
    s.send({ type: "drawn", helpPages: 3 }, DOWN, DOWN, DOWN);
    expect(s.ui.views.at(-1)?.page).toBe(2);
    s.send({ type: "drawn", helpPages: 2 }, UP);
    expect(s.ui.views.at(-1)?.page).toBe(0);
    s.send(key("x"));
    expect(s.ui.views.at(-1)?.page).toBe(0);
    s.send(ESC);
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("");
  });

  it("the conversation picker: loads through an effect, filters as typed, picks with Enter", () => {
    const s = session().send(ctrl("x"));
    expect(s.kinds()).toEqual(["list-conversations"]);
    expect(s.ui.views.at(-1)).toEqual({ id: "conversations", items: "loading" });
    s.send({
      type: "conversations",
      items: [
        { key: "conv:c-1", label: "Alpha" },
        { key: "conv:c-2", label: "Beta" },
      ],
    });
    s.type("bet");
    expect(s.ui.views.at(-1)).toMatchObject({ query: "bet", selected: 0 });
    s.send({ type: "paste", text: "a\n" });
    expect(s.ui.views.at(-1)).toMatchObject({ query: "beta " });
    s.send(key("", { backspace: true }), ENTER);
    expect(s.effects.at(-1)).toEqual({ kind: "open-conversation", choice: { kind: "existing", conversationId: "c-2" } });
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("");
  });

  it("the queue selection moves within the queue and Esc gives the keys back", () => {
    const s = session();
    dispatchFrame(s.store, {
      type: "update_queue",
      queue: [
        { id: "q-1", kind: "message", source: "user", content: "one" },
        { id: "q-2", kind: "message", source: "user", content: "two" },
      ],
      removed: [],
    });
    s.send(TAB, DOWN, DOWN);
    expect(s.ui.queueSel).toBe(1);
    s.send(UP, UP);
    expect(s.ui.queueSel).toBe(0);
    s.send(key("r"));
    expect(s.kinds()).toEqual(["queue-resume"]);
    s.send(ESC);
    expect(s.ui.queueSel).toBeNull();
  });

  it("about opens on Ctrl+K, closes on Ctrl+K, Esc or Enter, and takes no text", () => {
    const s = session().send(ctrl("k"));
    expect(s.ui.views).toEqual([{ id: "about" }]);
    s.send(key("z"), ctrl("k"));
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft.value).toBe("");
    s.send(ctrl("k"), ESC);
    expect(s.ui.views).toEqual([]);
    s.send(ctrl("k"), ENTER);
    expect(s.ui.views).toEqual([]);
    expect(s.kinds()).toEqual([]);
  });
});

describe("listen: the runtime list and back", () => {
  it("keeps the draft, its history and the toggles; the list's keys never reach the draft", () => {
    const s = session({ listen: true, ui: initialUi({ history: ["older"] }) });
    s.type("first").send(ENTER).type("draft").send(ctrl("o"));
    s.send(ctrl("g"));
    expect(s.ui.views.map((v) => v.id)).toEqual(["environments"]);
    s.type("zz").send(ESC);
    expect(s.ui.views).toEqual([]);
    expect(s.ui.draft).toEqual({ value: "draft", cursor: 5 });
    expect(s.ui.toggles.verbose).toBe(true);
    s.send(UP);
    expect(s.ui.draft.value).toBe("first");
    s.send(UP);
    expect(s.ui.draft.value).toBe("older");
    s.send(DOWN, DOWN);
    expect(s.ui.draft.value).toBe("draft");
    expect(s.effects).toEqual([
      { kind: "history-push", text: "first" },
      { kind: "send", text: "first" },
    ]);
  });

  it("Esc with nothing attached stays and says why; Enter attaches once; the answer closes the list", () => {
    const store = attachedStore();
    const fresh = session({ listen: true, ui: initialUi({ views: [{ id: "environments" }] }), store: { ...store, getState: () => ({ ...store.getState(), runtimes: {} }) } });
    fresh.send(ESC);
    expect(fresh.ui.views.at(-1)?.note).toBe(ESC_HINT);
    fresh.send({ type: "environments", rows: [{ key: "d/alpha", name: "alpha", detail: "", online: true }] }, ENTER, ENTER);
    expect(fresh.effects).toEqual([{ kind: "attach-environment", key: "d/alpha", name: "alpha" }]);
    fresh.send({ type: "attach-failed", name: "alpha", message: "refused" });
    expect(fresh.ui.views.at(-1)).toMatchObject({ pending: false, note: "could not attach to alpha: refused" });
    fresh.send(ENTER, { type: "attached" });
    expect(fresh.ui.views).toEqual([]);
  });

  it("Ctrl+G does nothing outside listen", () => {
    expect(session().send(ctrl("g")).ui.views).toEqual([]);
  });
});

describe("the rejected-card notice", () => {
  it("shows from its first frame until its time passes, and never again for the same card", () => {
    const s = session();
    expect(rejectedShown(s.ui, "r-1")).toBe(true);
    s.send({ type: "drawn", rejected: "r-1", helpPages: 1 });
    expect(s.effects).toEqual([{ kind: "wake", afterMs: REJECTED_CARD_MS }]);
    s.pass(REJECTED_CARD_MS - 1);
    s.send({ type: "tick" });
    expect(rejectedShown(s.ui, "r-1")).toBe(true);
    s.pass(1);
    s.send({ type: "tick" }, { type: "drawn", rejected: "r-1", helpPages: 1 });
    expect(rejectedShown(s.ui, "r-1")).toBe(false);
    expect(s.effects).toHaveLength(1);
  });
});
