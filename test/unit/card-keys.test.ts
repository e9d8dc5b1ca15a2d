import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import type { ApprovalCard } from "../../src/store/state.js";
import { cardKey, cardTarget, flowFor, NO_FLOW, type CardFlow } from "../../src/ui/approval/cardKeys.js";

// What one key does on the approval card, and how the guard must treat it, as a pure function.

const key = (over: Partial<Key> = {}): Key => ({ ...({} as Key), ...over });
const card = (over: Partial<ApprovalCard> = {}): ApprovalCard => ({
  requestId: "perm-1",
  toolName: "Bash",
  toolCallId: "1",
  input: { command: "make" },
  suggestions: [{ id: "save-default", text: "Yes, and don't ask again for 'make'" }],
  phase: "pending",
  ...over,
});
const ALWAYS = { kind: "answer", decision: { behavior: "allow", selected_permission_suggestion_ids: ["save-default"] } };

/** Press keys in order on the card, applying each result as if the guard let it through. */
function press(c: ApprovalCard, ...keys: [string, Key?][]): ReturnType<typeof cardKey>[] {
  let flow: CardFlow = flowFor(NO_FLOW, c);
  return keys.map(([input, k]) => {
    const r = cardKey(c, flow, input, k ?? key());
    flow = r.flow;
    return r;
  });
}

describe("card keys", () => {
  it("answers are 'answer', moves are 'move', anything else 'none' (it goes to the input line)", () => {
    const c = card();
    expect(press(c, ["y"])[0]).toMatchObject({ cls: "answer", effect: { kind: "answer", decision: { behavior: "allow" } } });
    expect(press(c, ["n"])[0]).toMatchObject({ cls: "answer", flow: { step: { step: "reason" } } });
    expect(press(c, ["", key({ downArrow: true })])[0]!.cls).toBe("move");
    expect(press(c, ["f"])[0]!.cls).toBe("move");
    expect(press(c, ["h"])[0]!.cls).toBe("none");
    expect(press(c, ["t", key({ ctrl: true })])[0]!.cls).toBe("none");
    // Alt+Enter is the input line's new line, never "pick the highlighted answer".
    expect(press(c, ["\r", key({ return: true, meta: true })])[0]!.cls).toBe("none");
  });

  it("'always' (a, 2, or Enter on it) first asks; the confirmation is a view of its own for the guard", () => {
    const c = card();
    for (const first of [["a"], ["2"], ["", key({ downArrow: true })]] as [string, Key?][]) {
      const steps = first[0] === "" ? press(c, first, ["", key({ return: true })]) : press(c, first);
      const asked = steps.at(-1)!;
      expect(asked.effect).toBeUndefined();
      expect(asked.flow.step.step).toBe("confirm-always");
      expect(cardTarget(c, asked.flow).view).not.toBe(cardTarget(c, flowFor(NO_FLOW, c)).view);
    }
    for (const confirm of [["a"], ["2"], ["", key({ return: true })]] as [string, Key?][]) {
      expect(press(c, ["a"], confirm)[1]).toMatchObject({ cls: "answer", effect: ALWAYS });
    }
    // Anything else goes back to the answers and does nothing more: y here does not approve.
    for (const other of [["y"], ["n"], ["1"], ["", key({ escape: true })], ["x"]] as [string, Key?][]) {
      const back = press(c, ["a"], other)[1]!;
      expect(back.effect).toBeUndefined();
      expect(back.flow.step).toEqual({ step: "choose", highlight: 1 });
    }
  });

  it("the card's text field: typing and Enter are moves on an engaged card; Enter sends the reason", () => {
    const [, typed, sent] = press(card(), ["n"], ["use make clean"], ["", key({ return: true })]);
    expect(typed!.cls).toBe("move");
    expect(typed!.flow.field).toEqual({ value: "use make clean", cursor: 14 });
    expect(sent).toMatchObject({ cls: "move", effect: { kind: "answer", decision: { behavior: "deny", message: "use make clean" } } });
  });

  it("new content under the same request id starts the flow afresh", () => {
    const c = card();
    const [asked] = press(c, ["a"]);
    const changed = card({ input: { command: "rm -rf /" } });
    expect(flowFor(asked!.flow, changed).step).toEqual({ step: "choose", highlight: 0 });
    expect(flowFor(asked!.flow, { ...c, phase: "sending" }).step.step).toBe("confirm-always");
  });
});
