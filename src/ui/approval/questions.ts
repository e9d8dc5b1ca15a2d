// AskUserQuestion (PROTOCOL §5.3, §5.7): the model asks up to 4 questions with 2-4 options
// each. Its input is model output, so parsing keeps whatever is usable and drops the rest
// instead of refusing the card: a question the user never sees is one the agent waits on.
// Texts stay raw here because the answers are keyed by the exact question text.

export interface QuestionOption {
  label: string;
  description?: string;
}

export interface Question {
  /** Exact text from the input; also the key of its answer. */
  question: string;
  header?: string;
  options: QuestionOption[];
  multiSelect: boolean;
}

/** Chosen option labels (one for a single-select question), or the user's own words. */
export type Answer = string[] | { text: string };

/** By question text. */
export type Answers = Record<string, Answer>;

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseOption(v: unknown): QuestionOption | undefined {
  const rec = record(v);
  const label = rec?.label;
  if (typeof label !== "string" || label.trim() === "") return undefined;
  const description = rec?.description;
  return typeof description === "string" && description !== "" ? { label, description } : { label };
}

/**
 * The well-formed questions, in order. An entry without question text is skipped, as is a
 * repeat of an earlier question (answers are keyed by text, so it could not be told apart).
 * A question whose options are all malformed is kept: free text can still answer it.
 */
export function parseQuestions(input: unknown): Question[] {
  const list = record(input)?.questions;
  if (!Array.isArray(list)) return [];
  const out: Question[] = [];
  const seen = new Set<string>();
  for (const entry of list) {
    const rec = record(entry);
    const question = rec?.question;
    if (typeof question !== "string" || question.trim() === "" || seen.has(question)) continue;
    seen.add(question);
    const rawOptions = Array.isArray(rec?.options) ? rec.options : [];
    const options: QuestionOption[] = [];
    const labels = new Set<string>();
    for (const o of rawOptions) {
      const opt = parseOption(o);
      // Two options with one label would send the same answer; the second adds nothing.
      if (opt && !labels.has(opt.label)) {
        labels.add(opt.label);
        options.push(opt);
      }
    }
    const header = rec?.header;
    out.push({
      question,
      ...(typeof header === "string" && header !== "" ? { header } : {}),
      options,
      multiSelect: rec?.multiSelect === true,
    });
  }
  return out;
}

/** The wire form of one answer: the label, labels joined with ", ", or the free text. */
export function answerText(answer: Answer): string {
  return Array.isArray(answer) ? answer.join(", ") : answer.text;
}

/**
 * `updated_input` for an AskUserQuestion approval: the original arguments plus
 * `answers: {"<question>": "<answer>"}`, in question order. Answers to questions the input
 * does not ask are left out: the tool would report them to the model as if asked.
 */
export function answersToUpdatedInput(input: Record<string, unknown>, answers: Answers): Record<string, unknown> {
  const out: Record<string, string> = {};
  for (const q of parseQuestions(input)) {
    if (Object.hasOwn(answers, q.question)) out[q.question] = answerText(answers[q.question]!);
  }
  return { ...input, answers: out };
}
