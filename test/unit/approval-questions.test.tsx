import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { QuestionView, type QuestionViewProps } from "../../src/ui/approval/QuestionView.js";
import { answersToUpdatedInput, parseQuestions, type Question } from "../../src/ui/approval/questions.js";

// AskUserQuestion: parsing the model's input, building the answer (PROTOCOL §5.3), and the
// one-question-at-a-time view.

const input = {
  questions: [
    {
      question: "Which library should we use?",
      header: "Library",
      options: [
        { label: "date-fns", description: "Modular, tree-shakes well" },
        { label: "dayjs", description: "Tiny" },
      ],
    },
    {
      question: "Which features do you want?",
      header: "Features",
      options: [{ label: "Auth" }, { label: "Billing" }, { label: "Search" }],
      multiSelect: true,
    },
    { question: "Anything else?", header: "Notes", options: [{ label: "No" }, { label: "Yes" }] },
  ],
};

describe("parseQuestions", () => {
  it("reads questions, headers, options and multiSelect", () => {
    const qs = parseQuestions(input);
    expect(qs).toHaveLength(3);
    expect(qs[0]).toEqual({
      question: "Which library should we use?",
      header: "Library",
      options: [
        { label: "date-fns", description: "Modular, tree-shakes well" },
        { label: "dayjs", description: "Tiny" },
      ],
      multiSelect: false,
    });
    expect(qs[1]?.multiSelect).toBe(true);
    expect(qs[1]?.options.map((o) => o.label)).toEqual(["Auth", "Billing", "Search"]);
  });

  it("skips malformed entries instead of refusing the card", () => {
    expect(parseQuestions(undefined)).toEqual([]);
    expect(parseQuestions({ questions: "what?" })).toEqual([]);
    const qs = parseQuestions({
      questions: [
        null,
        "a string",
        { header: "no text", options: [] },
        { question: 42 },
        { question: "  " },
        { question: "Kept?", options: [null, { label: "" }, { label: 7 }, { label: "ok", description: 3 }, { label: "ok" }, "x"] },
        { question: "Kept?", options: [{ label: "duplicate question" }] },
        { question: "No options at all" },
      ],
    });
    expect(qs).toEqual([
      { question: "Kept?", options: [{ label: "ok" }], multiSelect: false },
      { question: "No options at all", options: [], multiSelect: false },
    ]);
  });
});

describe("answersToUpdatedInput", () => {
  it("single choice, multi-select joined with ', ', free text; other fields kept", () => {
    const out = answersToUpdatedInput(input, {
      "Which library should we use?": ["dayjs"],
      "Which features do you want?": ["Auth", "Search"],
      "Anything else?": { text: "use pnpm, please" },
    });
    expect(out).toEqual({
      ...input,
      answers: {
        "Which library should we use?": "dayjs",
        "Which features do you want?": "Auth, Search",
        "Anything else?": "use pnpm, please",
      },
    });
    expect(out.questions).toBe(input.questions);
  });

  it("leaves out answers to questions that were not asked, and keeps question order", () => {
    const out = answersToUpdatedInput(input, { "Anything else?": ["No"], "Invented?": ["x"], "Which library should we use?": ["date-fns"] });
    expect(Object.keys(out.answers as object)).toEqual(["Which library should we use?", "Anything else?"]);
  });

  it("replaces an answers field the model put in its own input", () => {
    const out = answersToUpdatedInput({ ...input, answers: { "Anything else?": "forged" } }, { "Anything else?": ["Yes"] });
    expect(out.answers).toEqual({ "Anything else?": "Yes" });
  });
});

function view(props: Partial<QuestionViewProps> & { question: Question }): string {
  const r = render(
    <QuestionView index={0} total={1} cursor={0} selected={new Set()} freeText="" editingFreeText={false} {...props} />,
  );
  const out = r.lastFrame() ?? "";
  r.unmount();
  return out;
}

describe("QuestionView", () => {
  const [single, multi] = parseQuestions(input) as [Question, Question, Question];

  it("header, progress, numbered options with descriptions, free-text row last, cursor marked", () => {
    const s = view({ question: single, index: 1, total: 3, cursor: 1 });
    expect(s.split("\n")).toEqual([
      "Library question 2 of 3",
      "Which library should we use?",
      "  1. date-fns",
      "     Modular, tree-shakes well",
      "› 2. dayjs",
      "     Tiny",
      "  3. Type something.",
    ]);
  });

  it("multi-select shows checkboxes from `selected`", () => {
    const s = view({ question: multi, selected: new Set([0, 2]), cursor: 3 });
    expect(s).toContain("(select all that apply)");
    expect(s).toContain("  1. [x] Auth");
    expect(s).toContain("  2. [ ] Billing");
    expect(s).toContain("  3. [x] Search");
    expect(s).toContain("› 4. Type something.");
  });

  it("shows the free text while editing it and after", () => {
    expect(view({ question: single, cursor: 2, freeText: "moment", editingFreeText: true })).toContain("› 3. Type something: moment");
    expect(view({ question: single, cursor: 0, freeText: "moment" })).toContain("  3. Type something: moment");
  });

  it("sanitises the model's question, labels and descriptions and the typed text", () => {
    const [q] = parseQuestions({
      questions: [{ question: "Pick\u001B]52;c;aGk=\u0007 one", header: "H\u001B[2J", options: [{ label: "a\u001B[1A", description: "d\u202Ex" }, { label: "b" }] }],
    }) as [Question];
    const s = view({ question: q, freeText: "t\u001B]0;x\u0007", editingFreeText: true });
    expect(s).not.toMatch(/[\u0007\u202E]|\u001B(?!\[[0-9;]*m)/);
    expect(s).toContain("Pick\\x1b]52;c;aGk=\\x07 one");
    expect(s).toContain("H\\x1b[2J");
    expect(s).toContain("d\\u{202e}x");
  });
});
