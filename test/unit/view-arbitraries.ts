import fc from "fast-check";
import { renderToString } from "ink";
import type { ReactElement } from "react";
import type { ApprovalCard, UserQuestion } from "../../src/store/state.js";
import type { CardStep } from "../../src/ui/approval/flow.js";
import { cardOptions } from "../../src/ui/approval/flow.js";
import type { ApprovalCardProps } from "../../src/ui/components/ApprovalCardView.js";
import type { QueueRow } from "../../src/ui/queue.js";

// Random content for the views under the transcript: what the drift and layout tests draw.

/** Rows `el` takes when Ink draws it `width` columns wide. */
export function drawnRows(el: ReactElement, width: number): number {
  const out = renderToString(el, { columns: width });
  return out === "" ? 0 : out.split("\n").length;
}

export const width = fc.integer({ min: 20, max: 200 });
// Text as people and servers send it: words, long unbroken runs, wide characters, newlines, escapes.
const chunk = fc.oneof(
  fc.constantFrom("make", "deploy", "the", "--force", "a", "é", "中文字符", "🙂", "\n", " ", "  ", "\t", "\u001b[31m", "\u0007", "\u202e", "x".repeat(90), "/very/long/path/to/some/file.ts"),
  fc.string({ maxLength: 12 }),
);
export const text = (max = 30) => fc.array(chunk, { maxLength: max }).map((parts) => parts.join(" "));
export const line = (max = 12) => text(max).map((t) => t.replace(/\n/g, " "));
export const field = text(40).chain((value) => fc.integer({ min: 0, max: value.length }).map((cursor) => ({ value, cursor })));

const question = (multi: boolean) =>
  fc.record({
    question: text(20).map((t) => `Q ${t}`),
    header: fc.option(line(3), { nil: undefined }),
    multiSelect: fc.constant(multi),
    options: fc.array(fc.record({ label: line(4).map((l) => `opt ${l}`), description: fc.option(text(10), { nil: undefined }) }), { maxLength: 4 }),
  });

const cardInput = fc.oneof(
  fc.record({ toolName: fc.constantFrom("Bash", "shell"), input: fc.record({ command: text(40), description: fc.option(text(20), { nil: undefined }), workdir: fc.option(line(5), { nil: undefined }), run_in_background: fc.boolean() }) }),
  fc.record({ toolName: fc.constant("write_stdin"), input: fc.record({ session_id: line(2), chars: line(5) }) }),
  fc.record({ toolName: fc.constant("Write"), input: fc.record({ file_path: line(3), content: text(60) }) }),
  fc.record({ toolName: fc.constant("Edit"), input: fc.record({ file_path: line(3), old_string: text(20), new_string: text(20) }) }),
  fc.record({ toolName: fc.constant("memory"), input: fc.record({ command: fc.constant("str_replace"), file_path: line(3), old_string: text(10), new_string: text(10), reason: text(10) }) }),
  fc.record({ toolName: fc.constant("Task"), input: fc.record({ subagent_type: line(2), description: line(6), model: line(2), prompt: text(60), environment: fc.option(line(2), { nil: undefined }) }) }),
  fc.record({ toolName: fc.constant("lookup_weather"), input: fc.dictionary(line(2), text(8), { maxKeys: 5 }) }),
  fc.record({ toolName: fc.constant("AskUserQuestion"), input: fc.array(fc.boolean().chain(question), { minLength: 1, maxLength: 3 }).map((questions) => ({ questions })) }),
);

export const card = fc.record({
  tool: cardInput,
  always: fc.boolean(),
  phase: fc.constantFrom("pending" as const, "sending" as const),
  error: fc.option(text(8), { nil: undefined }),
  replayed: fc.boolean(),
}).map(({ tool, always, phase, error, replayed }): ApprovalCard => ({
  requestId: "req-1",
  toolName: tool.toolName,
  input: tool.input,
  suggestions: always ? [{ id: "save-default", text: "Yes, and don't ask again for make in /repo" }] : [],
  phase,
  ...(error !== undefined ? { error } : {}),
  ...(replayed ? { replayed } : {}),
}));

const step = (c: ApprovalCard, f: { value: string }): fc.Arbitrary<CardStep> =>
  c.toolName === "AskUserQuestion"
    ? fc
        .record({ cursor: fc.integer({ min: 0, max: 5 }), selected: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), freeText: line(6), editingFreeText: fc.boolean(), index: fc.integer({ min: 0, max: 2 }) })
        .map((w) => ({ step: "question" as const, wizard: { ...w, answers: {} } }))
    : fc.oneof(
        fc.integer({ min: 0, max: 3 }).map((highlight) => ({ step: "choose" as const, highlight })),
        fc.integer({ min: 0, max: 3 }).map((highlight) => ({ step: "confirm-always" as const, highlight })),
        fc.constant({ step: "reason" as const, text: f.value }),
        fc.constant({ step: "edit-command" as const, text: f.value }),
        fc.option(line(6), { nil: undefined }).map((error) => ({ step: "edit-json" as const, text: f.value, ...(error ? { error } : {}) })),
      );

export const cardProps = fc
  .record({ card, field, expanded: fc.boolean(), bodyLines: fc.integer({ min: 1, max: 40 }), summary: fc.option(line(12), { nil: undefined }), note: fc.option(line(10), { nil: undefined }), cwd: fc.option(line(4), { nil: undefined }), position: fc.option(fc.record({ index: fc.nat(9), total: fc.nat(9) }), { nil: undefined }) })
  .chain((p) => step(p.card, p.field).map((s): Omit<ApprovalCardProps, "width"> => ({ ...p, step: s, options: cardOptions(p.card) })));

export const askedQuestion = fc
  .record({ question: text(40), options: fc.option(fc.array(line(8), { maxLength: 5 }), { nil: undefined }) })
  .map((q): UserQuestion => ({ requestId: "q-1", question: q.question, ...(q.options ? { options: q.options } : {}) }));

export const queueRows = fc
  .array(fc.record({ id: fc.option(line(1), { nil: undefined }), text: text(10), paused: fc.boolean(), source: fc.constantFrom("user", "system", "hook"), held: fc.boolean() }), { maxLength: 14 })
  .map((raw) => raw.map((r): QueueRow => ({ text: r.text, paused: r.paused, source: r.source, held: r.held, ...(r.id ? { id: r.id } : {}) })));

export const pickerItems = fc
  .array(fc.record({ key: fc.uuid(), label: line(6), detail: fc.option(line(10), { nil: undefined }) }), { maxLength: 25 })
  .map((raw) => raw.map((i) => ({ key: i.key, label: i.label, ...(i.detail ? { detail: i.detail } : {}) })));

export const debugEntries = fc.array(
  fc.record({ kind: fc.constantFrom("unknown" as const, "malformed" as const, "unrouted" as const, "cut" as const), type: line(3), detail: text(20) }),
  { maxLength: 20 },
);
