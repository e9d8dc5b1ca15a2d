import { describe, expect, it } from "vitest";
import { mountWithCard } from "./ui-cards.js";
import { KEY, type Harness } from "./ui-harness.js";

// The AskUserQuestion wizard, driven by keys on a store-fed App.

const ask = {
  type: "control_request",
  request_id: "perm-q1",
  request: {
    subtype: "can_use_tool",
    tool_name: "AskUserQuestion",
    tool_call_id: "q1",
    input: {
      questions: [
        { question: "Which color?", header: "Color", options: [{ label: "Red" }, { label: "Blue" }], multiSelect: false },
        { question: "Which sizes?", header: "Sizes", options: [{ label: "S" }, { label: "M" }, { label: "L" }], multiSelect: true },
        { question: "Anything else?", header: "Notes", options: [{ label: "No" }, { label: "Yes" }], multiSelect: false },
      ],
    },
  },
};

/** The wizard on question 1, ready for keys. */
const openWizard = (): Promise<Harness> => mountWithCard(ask, (x) => x.includes("Which color?"));

describe("AskUserQuestion wizard", () => {
  it("answers a single choice by number, a multi-select by Space, and free text", async () => {
    const h = await openWizard();
    await h.press("2");
    await h.waitFor("question 2", (x) => x.includes("Which sizes?"));
    // Ticking and moving follow at once; each answer waits for a deliberate pause.
    await h.press(" ", KEY.down, KEY.down, " ");
    await h.pause();
    await h.press(KEY.enter);
    await h.waitFor("question 3", (x) => x.includes("Anything else?"));
    await h.pause();
    await h.press("3");
    await h.waitFor("the free-text field", (x) => x.includes("Type something"));
    await h.press("ship it friday", KEY.enter);
    const calls = h.actions.argsOf("answerApproval");
    expect(calls).toHaveLength(1);
    expect(calls[0]![1]).toEqual({
      behavior: "allow",
      updated_input: {
        ...ask.request.input,
        answers: { "Which color?": "Blue", "Which sizes?": "S, L", "Anything else?": "ship it friday" },
      },
    });
  });
});

describe("AskUserQuestion wizard: Esc", () => {
  it("aborts the turn from the wizard and sends no answer", async () => {
    const h = await openWizard();
    await h.press(KEY.esc);
    expect(h.actions.argsOf("abort")).toEqual([[]]);
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });

  it("in the free-text field Esc only leaves the field; a second Esc aborts", async () => {
    const h = await openWizard();
    await h.press("3");
    await h.waitFor("the free-text field", (x) => x.includes("Type something"));
    await h.press(KEY.esc);
    expect(h.actions.argsOf("abort")).toEqual([]);
    await h.press(KEY.esc);
    expect(h.actions.argsOf("abort")).toEqual([[]]);
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });
});
