import { describe, expect, it } from "vitest";
import { APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { KEY, manualClock, mountApp, RUNTIME, sleep, type Harness, type Json } from "./ui-harness.js";
import { seededRandom, typistGap } from "../fakes/typist.js";

// A person typing while cards appear. The App reads an injected clock (manualClock), so the
// typist's rhythm is exact however loaded the machine is: the test moves the clock by each
// key's gap, and sleeps (a little, real time) only so that Ink draws the cards it is sent.

const SAVE = { id: "save-default", text: "Yes, and don't ask again for 'rm' in this project" };
const bashCard = (n: number): Json => ({
  type: "control_request",
  request_id: `perm-t${n}`,
  request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: `t${n}`, input: { command: `rm -rf build-${n}` }, permission_suggestions: [SAVE] },
});

// Every letter that answers a card, the numbers, and Enter, in what a person might type.
const SENTENCES = ["yes thanks, and a note: 1 2 3 4 are fine", "any news? yay", "okay, go ahead and edit it", "no wait, 2 more"];

/** The keys of `text` as a terminal sends them; "\n" in the text is Enter. */
const keysOf = (text: string) => [...text].map((c) => (c === "\n" ? KEY.enter : c));

/**
 * Type `text` key by key, 50-150 ms apart on the App's clock, while `events` (card arrivals
 * and closures, keyed by the index of the key they precede) happen at random moments.
 */
async function typist(h: Harness, text: string, random: () => number, events: Map<number, () => void>) {
  const keys = keysOf(text);
  for (let i = 0; i < keys.length; i++) {
    events.get(i)?.();
    h.clock.pass(typistGap(random));
    h.write(keys[i]!);
    // Real time for Ink to draw what changed (a card arriving is drawn ~33 ms later).
    await sleep(random() < 0.3 ? 40 : 8);
  }
}

describe("a typist while cards appear", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: answers nothing, and every typed character reaches a sent message, in order`, async () => {
      const random = seededRandom(seed);
      const h = await mountApp({ clock: manualClock() });
      const text = `${SENTENCES.join("\n")}\n`;
      const events = new Map<number, () => void>();
      // Cards at random moments: one closed again by the server a while later (its tool
      // started: answered by another client), so an ask_user question shows alone for a time.
      const first = 2 + Math.floor(random() * 28);
      events.set(first, () => h.frame(bashCard(1)));
      events.set(first + 1, () => h.store.dispatch({ type: "question_opened", scope: RUNTIME, requestId: "ask-1", question: "Which one?", options: ["a", "b"] }));
      events.set(first + 20, () => h.delta({ id: "lifecycle-client_tool_start", message_type: "client_tool_start", tool_call_id: "t1" }));
      events.set(first + 40 + Math.floor(random() * 20), () => h.frame(bashCard(2)));
      await typist(h, text, random, events);
      await h.waitFor("the second card on screen", (x) => x.includes("build-2"));
      expect(h.actions.argsOf("answerApproval")).toEqual([]);
      expect(h.actions.argsOf("answerQuestion")).toEqual([]);
      expect(h.actions.argsOf("declineQuestion")).toEqual([]);
      expect(h.actions.argsOf("sendMessage")).toEqual(SENTENCES.map((s) => [s]));
      // And the guard lets a deliberate answer through: a pause, then y.
      await h.pause();
      await h.press("y");
      expect(h.actions.argsOf("answerApproval")).toEqual([["perm-t2", { behavior: "allow" }]]);
    });
  }

  it("a slow typist (400-1 400 ms a key) answers nothing either: their sentence stays whole", async () => {
    const h = await mountApp({ clock: manualClock() });
    const random = seededRandom(7);
    const text = "thanks, yes and always 1 2 okay";
    for (const [i, c] of [...text].entries()) {
      if (i === 2) h.frame(bashCard(1));
      h.clock.pass(400 + Math.floor(random() * 1_000));
      h.write(c);
      // Real time for Ink to draw the card (it is drawn ~33 ms after it arrives).
      await sleep(i === 2 ? 60 : 8);
    }
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    await h.waitFor("the whole sentence in the draft", (x) => x.includes(`› ${text}`));
    await h.pause();
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-t1", { behavior: "allow" }]]);
  });

  it("a card that appears mid-word: the word stays whole in the draft", async () => {
    const h = await mountApp({ clock: manualClock() });
    await typist(h, "thanks", seededRandom(9), new Map([[2, () => h.frame(bashCard(1))]]));
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    // Keep typing once it is drawn, at a typist's pace: still the input line's.
    await typist(h, " a lot", seededRandom(10), new Map());
    await h.waitFor("the whole draft", (x) => x.includes("› thanks a lot"));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });
});

describe("a bracketed paste is text, never keys", () => {
  it("pasting y, a, 1 or y and a newline into a card answers nothing and sends nothing", async () => {
    const h = await mountApp({ clock: manualClock() });
    h.frame(bashCard(1));
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    for (const text of ["y", "a", "1", "y\r", "y\n", "\r"]) {
      await h.pause();
      await h.paste(text);
    }
    await h.pause();
    await h.paste("a");
    await h.waitFor("the pasted text in the draft", (x) => x.includes("› ya1y"));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    expect(h.actions.argsOf("sendMessage")).toEqual([]);
    expect(h.screen()).not.toContain("Save a permanent allow rule?");
  });

  it("a long paste of y, a, 1 and newlines over a settled card is a chip in the draft: it answers nothing; Enter later sends it whole", async () => {
    const h = await mountApp({ clock: manualClock() });
    h.frame(bashCard(1));
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    await h.pause();
    const block = ["y", "a", "1", "", "y", "yes", "2"].join("\r");
    await h.paste(block);
    await h.waitFor("the chip", (x) => x.includes("› [Pasted text #1 +7 lines]"));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    expect(h.actions.argsOf("sendMessage")).toEqual([]);
    expect(h.screen()).not.toContain("Save a permanent allow rule?");
    // The card answered on purpose, Enter sends the draft: the block whole, as pasted.
    await h.pause();
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toHaveLength(1);
    await h.press(KEY.enter);
    expect(h.actions.argsOf("sendMessage")).toEqual([[block.replace(/\r/g, "\n")]]);
  });

  it("a paste with newlines in the input line stays a draft of several lines; Enter sends it whole", async () => {
    const h = await mountApp({ clock: manualClock() });
    await h.paste("first line\r\nsecond line\rthird\n");
    await h.waitFor("three lines", (x) => x.includes("› first line") && x.includes("third"));
    expect(h.actions.argsOf("sendMessage")).toEqual([]);
    await h.press(KEY.enter);
    expect(h.actions.argsOf("sendMessage")).toEqual([["first line\nsecond line\nthird\n"]]);
  });

  it("a paste while typing a deny reason goes into the reason, with its newline", async () => {
    const h = await mountApp({ clock: manualClock() });
    h.frame(bashCard(1));
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    await h.pause();
    await h.press("n");
    await h.waitFor("the reason field", (x) => x.includes("Reason for denying"));
    await h.paste("use make\nclean");
    await h.press(KEY.enter);
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-t1", { behavior: "deny", message: "use make\nclean" }]]);
    expect(h.actions.argsOf("sendMessage")).toEqual([]);
  });
});

describe("keys right after an answer", () => {
  for (const storeCatchesUp of [true, false]) {
    it(`a message typed within 1 ms after y reaches the draft and is sent (store ${storeCatchesUp ? "marks the card sending" : "not updated yet"})`, async () => {
      const h = await mountApp({ clock: manualClock() });
      if (storeCatchesUp) {
        // As the real controller does: the card is "sending" the moment the answer leaves.
        const answer = h.actions.answerApproval;
        h.actions.answerApproval = (id, decision) => {
          answer(id, decision);
          h.store.dispatch({ type: "approval_sent", scope: RUNTIME, requestId: "ap-1", approvalId: id, behavior: decision.behavior });
        };
      }
      h.frame(bashCard(1));
      await h.waitFor("the card", (x) => x.includes("1. Yes"));
      await h.pause();
      // No frame is drawn between these writes: the screen still shows the card throughout.
      h.write("y");
      for (const k of keysOf("hello there\n")) {
        h.clock.pass(1);
        h.write(k);
      }
      await sleep(50);
      expect(h.actions.argsOf("answerApproval")).toEqual([["perm-t1", { behavior: "allow" }]]);
      expect(h.actions.argsOf("sendMessage")).toEqual([["hello there"]]);
    });
  }

  it("the next card of a batch, not drawn yet, takes no key: they go to the input line", async () => {
    const h = await mountApp({ clock: manualClock() });
    h.frame(bashCard(1));
    h.frame(bashCard(2));
    await h.waitFor("the first card", (x) => x.includes("build-1"));
    await h.pause();
    h.write("y");
    // The tool starts: the store closes the first card and focuses the second, not drawn yet.
    h.delta({ id: "lifecycle-client_tool_start", message_type: "client_tool_start", tool_call_id: "t1" });
    // Long after the last key, so only "not drawn yet" keeps this y off the second card.
    h.clock.pass(10 * APPROVAL_GUARD_MS);
    h.write("y");
    await sleep(50);
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-t1", { behavior: "allow" }]]);
    await h.waitFor("the y in the draft", (x) => x.includes("› y"));
  });
});
