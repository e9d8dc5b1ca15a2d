import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MemoryFile } from "../../src/ui/memory/files.js";
import type { HistoryScreen, MemoryScreen, MemoryState } from "../../src/ui/memory/state.js";
import { textDiffRows } from "../../src/ui/memory/textDiff.js";
import { initialUi, type ViewEntry, type World } from "../../src/ui/state/uiState.js";
import { memory } from "../../src/ui/views/memory.js";
import { attachedStore } from "./ui-harness.js";
import { drawnRows, field, line, text, width } from "./view-arbitraries.js";

// The memory view states its rows (ViewDef.rows) for the layout: whatever the server sent
// (paths, descriptions, bodies, commit messages with escapes and wide characters), on any of
// its screens, what Ink draws is exactly that many rows.

const file = fc.record({ path: line(4), system: fc.boolean(), description: fc.option(line(8), { nil: null }), size: fc.nat(5000), kind: fc.constantFrom("markdown", "image"), body: text(40) }) satisfies fc.Arbitrary<MemoryFile>;
const commit = fc.record({ sha: fc.constantFrom("0123456789abcdef", "ffffffffffffffff"), message: line(6), timestamp: fc.constantFrom("2026-12-07T00:00:00+00:00", "bad"), author_name: fc.option(line(2), { nil: null }) });
const history: fc.Arbitrary<HistoryScreen> = fc.record({ kind: fc.constant("history" as const), path: fc.option(line(3), { nil: undefined }), commits: fc.oneof(fc.constant("loading" as const), fc.array(commit, { maxLength: 16 })), sel: fc.nat(20) });
const scroll = fc.nat(200);

function screens(files: readonly MemoryFile[]): fc.Arbitrary<MemoryScreen> {
  const path = files.length ? fc.constantFrom(...files.map((f) => f.path)) : line(3);
  return fc.oneof(
    fc.constant({ kind: "tree" as const }),
    fc.record({ kind: fc.constant("file" as const), path, scroll }),
    history,
    fc.record({ kind: fc.constant("diff" as const), history, commit, rows: fc.oneof(fc.constant("loading" as const), fc.tuple(text(30), text(30)).map(([a, b]) => textDiffRows("p", a, b))), scroll }),
    fc.record({ kind: fc.constant("old" as const), history: history.map((h) => ({ ...h, path: h.path ?? "x.md" })), commit, content: fc.oneof(fc.constant("loading" as const), text(60)), scroll }),
    fc.record({
      kind: fc.constant("confirm" as const),
      pending: fc.oneof(fc.record({ kind: fc.constant("write" as const), path: line(3), content: text(20), message: line(4) }), fc.record({ kind: fc.constant("delete" as const), path: line(3) })),
      rows: fc.tuple(text(30), text(30)).map(([a, b]) => textDiffRows("p", a, b)),
      scroll,
      back: fc.constant({ kind: "tree" as const }),
    }),
    fc.record({ kind: fc.constant("form" as const), stage: fc.constantFrom("path" as const, "description" as const), field, path: fc.option(line(3), { nil: undefined }) }),
    fc.record({ kind: fc.constant("wait" as const), purpose: fc.constantFrom("edit" as const, "restore" as const, "create" as const), path: line(3), what: line(5), back: fc.constant({ kind: "tree" as const }) }),
  );
}

const state: fc.Arbitrary<MemoryState> = fc.array(file, { maxLength: 20 }).chain((files) =>
  fc.record({
    agent: fc.constant("agent-1"),
    files: fc.oneof(fc.constant("loading" as const), fc.constant(files)),
    enabled: fc.boolean(),
    changed: fc.subarray(files.map((f) => f.path)),
    collapsed: fc.subarray([...new Set(files.map((f) => f.path.split("/")[0] ?? ""))]),
    sel: fc.nat(30),
    screen: screens(files),
    note: fc.option(text(12), { nil: undefined }),
  }),
);

describe("/memory: declared rows are drawn rows", { timeout: 120_000 }, () => {
  it("on every screen, with any server text", () => {
    const world: World = { app: attachedStore().getState(), serverLog: false, listen: false };
    fc.assert(
      fc.property(state, width, (m, w) => {
        const entry: ViewEntry = { id: "memory", memory: m };
        const View = memory.View;
        expect(drawnRows(<View entry={entry} ui={initialUi()} world={world} height={40} width={w} now={() => 0} />, w)).toBe(memory.rows!(entry, world, w));
      }),
      { numRuns: 150 },
    );
  });
});
