import { describe, expect, it } from "vitest";
import { mountWithCard } from "./ui-cards.js";
import { KEY, type Harness, type Json } from "./ui-harness.js";

// The answers a card offers follow what the server offers: "don't ask again" (a, 2) only with
// a save-default permission suggestion, and the numbers 1-4 shift when it is absent. Esc on the
// card aborts the turn rather than answering.

const SAVE = { id: "save-default", text: "Yes, and don't ask again for 'make' in this project" };
const bash = (suggestions?: Json[]): Json => ({
  type: "control_request",
  request_id: "perm-c1",
  request: {
    subtype: "can_use_tool",
    tool_name: "Bash",
    tool_call_id: "c1",
    input: { command: "make", description: "build" },
    ...(suggestions ? { permission_suggestions: suggestions } : {}),
  },
});

const withCard = (frame: Json): Promise<Harness> => mountWithCard(frame, (x) => x.includes("1. Yes"));

describe("approval card answers", () => {
  it("offers 'don't ask again' as 2 and on a, in the server's words, when it suggests it", async () => {
    const h = await withCard(bash([SAVE]));
    const s = h.screen();
    expect(s).toContain(`2. ${SAVE.text}`);
    expect(s).toContain("3. No, and tell the agent what to do differently");
    expect(s).toContain("4. Edit the command, then approve");
    // "Always" writes a permanent rule: the first press only asks, naming the rule.
    await h.press("a");
    await h.waitFor("the confirmation", (x) => x.includes(`Save a permanent allow rule? ${SAVE.text}`));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    await h.pause();
    await h.press("a");
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-c1", { behavior: "allow", selected_permission_suggestion_ids: ["save-default"] }]]);
  });

  it("'always' confirmed by 2 or Enter too; a second press too soon is not taken, any other key goes back", async () => {
    for (const confirm of ["2", KEY.enter]) {
      const h = await withCard(bash([SAVE]));
      await h.press("2");
      await h.waitFor("the confirmation", (x) => x.includes("Save a permanent allow rule?"));
      // A double tap: the second press comes before the confirmation could be read.
      await h.press(confirm);
      await h.waitFor("the note", (x) => x.includes("Too quick to answer"));
      expect(h.actions.argsOf("answerApproval")).toEqual([]);
      await h.pause();
      await h.press(confirm);
      expect(h.actions.argsOf("answerApproval")).toEqual([["perm-c1", { behavior: "allow", selected_permission_suggestion_ids: ["save-default"] }]]);
    }
    const h = await withCard(bash([SAVE]));
    await h.press("a");
    await h.waitFor("the confirmation", (x) => x.includes("Save a permanent allow rule?"));
    await h.pause();
    await h.press("y");
    await h.waitFor("the answers again", (x) => !x.includes("Save a permanent allow rule?") && x.includes("1. Yes"));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    // Back on the answers, a deliberate y approves once only.
    await h.pause();
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-c1", { behavior: "allow" }]]);
  });

  it("without a permission suggestion: no 'don't ask again', a and 4 go to the input line, and 2-3 move up", async () => {
    for (const frame of [bash(), bash([]), bash([{ id: "other", text: "Something else" }])]) {
      const h = await withCard(frame);
      const s = h.screen();
      expect(s).not.toMatch(/don't ask again|Something else/);
      expect(s).toContain("2. No, and tell the agent what to do differently");
      expect(s).toContain("3. Edit the command, then approve");
      expect(s).not.toContain("4.");
      await h.press("a", "4");
      expect(h.actions.argsOf("answerApproval")).toEqual([]);
      // The card has no use for them: they went where they would have gone without it.
      await h.waitFor("a4 in the input line", (x) => x.includes("› a4"));
      expect(h.screen()).toContain("1. Yes");
      // 2 is now the deny answer: it asks for a reason instead of approving.
      await h.pause();
      await h.press("2");
      await h.waitFor("the reason field", (x) => x.includes("Reason for denying"));
      expect(h.actions.argsOf("answerApproval")).toEqual([]);
    }
  });

  it("3 edits the command when 'don't ask again' is absent", async () => {
    const h = await withCard(bash());
    await h.press("3");
    await h.waitFor("the command editor", (x) => x.includes("Edit the command:"));
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });

  it("Esc on the card aborts the turn and answers nothing", async () => {
    const h = await withCard(bash([SAVE]));
    await h.press(KEY.esc);
    expect(h.actions.argsOf("abort")).toEqual([[]]);
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });
});
