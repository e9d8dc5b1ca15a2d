import fc from "fast-check";
import { Box } from "ink";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { amendArchive, settle } from "../../src/store/archive.js";
import { EMPTY_TRANSCRIPT, emptyRuntime, type RuntimeState, type Transcript, type TranscriptItem } from "../../src/store/state.js";
import { TranscriptItemView } from "../../src/ui/components/TranscriptItemView.js";
import { TranscriptView } from "../../src/ui/components/TranscriptView.js";
import { MOUNT_TAIL_CHARS, MOUNT_TAIL_ITEMS, PrintQueue, WARM_CHARS, WHOLE_CHARS, skippedNote, type PrintEntry } from "../../src/ui/printQueue.js";
import { waitFor } from "./ui-harness.js";

// Issue 13: printing into the scrollback costs Ink time per cell, so a view prints only the
// last items of a long transcript, and a big item in parts across commits. These tests pin
// what is printed: the bounded tail under a line about the rest, corrections, and parts that
// read exactly as the item printed whole.

const scope = { agent_id: "a", conversation_id: "c" };
const user = (i: number): TranscriptItem => ({ kind: "user", key: `user:${i}`, text: `question number ${i}`, state: "started", done: true });
const reply = (i: number): TranscriptItem => ({ kind: "assistant", key: `assistant:${i}`, text: `answer number ${i}`, done: true });

/** A transcript of `n` finished items, settled a chunk at a time as a history load would. */
function transcriptOf(n: number): Transcript {
  let t = EMPTY_TRANSCRIPT;
  for (let at = 0; at < n; at += 1000) {
    const items = Array.from({ length: Math.min(1000, n - at) }, (_, j) => ((at + j) % 2 === 0 ? user(at + j) : reply(at + j)));
    t = settle({ ...t, order: items.map((it) => it.key), items: Object.fromEntries(items.map((it) => [it.key, it])) });
  }
  return t;
}

const runtimeWith = (t: Transcript): RuntimeState => ({ ...emptyRuntime("rt", scope), transcript: t });

function view(rt: RuntimeState, width = 80) {
  return <TranscriptView runtime={rt} liveRows={10} verbose={false} width={width} />;
}

describe("a new view of a long transcript", () => {
  it("prints only its last items, under one line saying how many earlier ones it leaves out", async () => {
    const n = 100_000;
    const ui = render(view(runtimeWith(transcriptOf(n))));
    const last = `answer number ${n - 1}`;
    const screen = await waitFor("the newest item printed", () => ui.lastFrame()?.includes(last) && ui.lastFrame(), 60_000);
    const shown = n - MOUNT_TAIL_ITEMS;
    expect(screen.split("\n")[0]).toBe(skippedNote(shown));
    expect(screen).toContain("99,900 earlier items not printed here");
    // The first item printed is the first of the tail, every one after it is there, in order.
    expect(screen).not.toContain(`number ${shown - 1}\n`);
    const numbers = [...screen.matchAll(/(?:question|answer) number (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: MOUNT_TAIL_ITEMS }, (_, i) => shown + i));
    ui.unmount();
  }, 90_000);

  it("prints items archived after it opened, and reprints a correction only of an item it printed", async () => {
    let t = transcriptOf(1000);
    const ui = render(view(runtimeWith(t)));
    await waitFor("the tail printed", () => ui.lastFrame()?.includes("answer number 999"));
    // One more turn, then the server's history corrects an item printed here and one older.
    t = settle({ ...t, order: ["user:1000"], items: { "user:1000": user(1000) } });
    t = amendArchive(t, [
      { kind: "assistant", key: "assistant:999", text: "answer number 999, corrected", done: true },
      { kind: "assistant", key: "assistant:1", text: "answer number 1, corrected", done: true },
    ]);
    ui.rerender(view(runtimeWith(t)));
    const screen = await waitFor("the correction printed", () => ui.lastFrame()?.includes("999, corrected") && ui.lastFrame());
    expect(screen).toContain("question number 1000");
    expect(screen).toContain("↻ corrected from the server");
    expect(screen).not.toContain("answer number 1, corrected");
    ui.unmount();
  });

  it("prints fewer of its last items when they are huge, at least the newest", () => {
    const huge = (i: number, size: number): TranscriptItem => ({ kind: "assistant", key: `assistant:${i}`, text: `${i} `.padEnd(size, "x"), done: true });
    const keys = (q: PrintQueue) => {
      const out: string[] = [];
      while (!q.empty) for (const e of q.take({ width: 80, verbose: false })) out.push("skipped" in e ? `skipped ${e.skipped}` : e.item.key);
      return [...new Set(out)];
    };
    const ten = Array.from({ length: 10 }, (_, i) => huge(i, 100 * 1024));
    const t = settle({ ...EMPTY_TRANSCRIPT, order: ten.map((it) => it.key), items: Object.fromEntries(ten.map((it) => [it.key, it])) });
    expect(keys(new PrintQueue(t))).toEqual(["skipped 8", "assistant:8", "assistant:9"]);
    const one = huge(0, MOUNT_TAIL_CHARS * 2);
    expect(keys(new PrintQueue(settle({ ...EMPTY_TRANSCRIPT, order: [one.key], items: { [one.key]: one } })))).toEqual(["assistant:0"]);
  });

  it("prints a short transcript whole, with no line about earlier items", async () => {
    const ui = render(view(runtimeWith(transcriptOf(MOUNT_TAIL_ITEMS))));
    const screen = await waitFor("the last item", () => ui.lastFrame()?.includes(`answer number ${MOUNT_TAIL_ITEMS - 1}`) && ui.lastFrame());
    expect(screen).toContain("question number 0");
    expect(screen).not.toContain("earlier item");
    ui.unmount();
  });
});

/** Every entry a queue gives for `item` alone, commit after commit. */
function entriesFor(item: TranscriptItem, width: number, verbose: boolean): PrintEntry[][] {
  const q = new PrintQueue(EMPTY_TRANSCRIPT);
  q.update(settle({ ...EMPTY_TRANSCRIPT, order: [item.key], items: { [item.key]: item } }));
  const commits: PrintEntry[][] = [];
  while (!q.empty) commits.push(q.take({ width, verbose }));
  return commits;
}

const line = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom("", "## A heading", "- a list item with `code`", "**bold** and *italic* words", "```", "const x = 1;", "| a | b |", "> quoted", "x".repeat(300), "日本語のテキスト 😀 wide"),
);
const bigText = fc.array(line, { minLength: 40, maxLength: 200 }).map((ls) => {
  let text = ls.join("\n");
  while (text.length <= WHOLE_CHARS) text += `\n${text}`;
  return text.slice(0, 12_000);
});
const bigItem: fc.Arbitrary<TranscriptItem> = fc.oneof(
  bigText.map((text) => ({ kind: "assistant" as const, key: "assistant:big", text, done: true })),
  fc.tuple(bigText, fc.boolean()).map(([text, failed]) => ({ kind: "user" as const, key: "user:big", text, state: failed ? ("failed" as const) : ("started" as const), error: "no", done: true })),
  bigText.map((text) => ({ kind: "reasoning" as const, key: "reasoning:big", text, done: true })),
  bigText.map((text) => ({ kind: "tool" as const, key: "tool:big", toolCallId: "t", name: "Bash", args: '{"command":"ls"}', status: "success" as const, output: text, done: true })),
  bigText.map((text) => ({ kind: "command" as const, key: "command:big", title: "/doctor", text, status: "ok" as const, done: true })),
);

describe("a big item printed in parts", () => {
  it("reads exactly as the item printed whole, at any width", () => {
    fc.assert(
      fc.property(bigItem, fc.integer({ min: 20, max: 100 }), fc.boolean(), fc.boolean(), (base, width, verbose, interrupted) => {
        const item = { ...base, interrupted };
        const commits = entriesFor(item, width, verbose);
        const parts = commits.flat();
        // Laid out in a commit of its own, then printed over several: never all in one.
        expect(commits[0]).toEqual([]);
        if (verbose || item.kind === "assistant" || item.kind === "user") expect(parts.length).toBeGreaterThan(1);
        const whole = render(<TranscriptItemView item={item} verbose={verbose} width={width} />);
        const stacked = render(
          <Box flexDirection="column">
            {parts.map((p) => ("skipped" in p ? null : <TranscriptItemView key={p.key} item={p.item} verbose={verbose} width={width} part={p.part} layout={p.part ? p.layout : undefined} />))}
          </Box>,
        );
        expect(stacked.lastFrame()).toBe(whole.lastFrame());
        whole.unmount();
        stacked.unmount();
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("a reply that arrived at once has its markdown rendered ahead, a step per commit, before its layout", () => {
    const text = Array.from({ length: 400 }, (_, i) => `## Part ${i}\n\nSome **bold** words and \`code\`, line ${i}.\n`).join("\n");
    const commits = entriesFor({ kind: "assistant", key: "assistant:once", text, done: true }, 80, false);
    const warming = commits.findIndex((c) => c.length > 0);
    // One empty commit that defers the layout, then one per WARM_CHARS of the text.
    expect(warming).toBeGreaterThanOrEqual(Math.floor(text.length / WARM_CHARS));
    expect(commits.slice(0, warming).every((c) => c.length === 0)).toBe(true);
  });
});
