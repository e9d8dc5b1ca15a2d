import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { boundedJson, cutDeepInPlace, cutNote, MAX_DEPTH } from "../../src/protocol/depth.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { allItems } from "../../src/store/archive.js";
import { reduce } from "../../src/store/reducer.js";
import { DEBUG_DETAIL_LIMIT, DEBUG_TYPE_LIMIT, type AppState, type TranscriptItem } from "../../src/store/state.js";
import { ITEM_TEXT_LIMIT } from "../../src/store/transcript.js";
import { PRINT_CHARS } from "../../src/ui/displayCut.js";
import { summarizeArgs } from "../../src/ui/format.js";
import { renderMarkdown } from "../../src/ui/markdown/render.js";
import { layoutItem } from "../../src/ui/transcriptFit.js";
import { APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { attachedStore, KEY, mountApp, RUNTIME, sleep, type Harness } from "./ui-harness.js";

// Server data is bounded by construction: nesting is cut where a frame is parsed, sizes where
// the store keeps text and where the screen prints it, each cut with a note that says so.

/** JSON text nested `depth` levels deep, built as text: JSON.stringify could not build it. */
const deepJson = (depth: number, leaf = '"bottom"') => '{"a":'.repeat(depth) + leaf + "}".repeat(depth);
const deepArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const envelope = `"runtime":${JSON.stringify(RUNTIME)}`;

function feed(state: AppState, text: string): AppState {
  return reduce(state, { type: "frame", parsed: parseFrame(text) });
}

const items = (state: AppState): TranscriptItem[] => allItems(Object.values(state.runtimes)[0]!.transcript);

describe("nesting deeper than the stack", () => {
  it("an unknown stream_delta 5 000 levels deep (a ~30 KB frame) is shown as [type], its debug entry cut with a note", () => {
    const text = `{"type":"stream_delta",${envelope},"delta":{"message_type":"nested_thing","x":${deepJson(5000)}}}`;
    // This threw RangeError (Maximum call stack size exceeded) in the reducer's JSON.stringify.
    const state = feed(attachedStore().getState(), text);
    expect(items(state).map((i) => (i.kind === "notice" ? i.text : i.kind))).toContain("[nested_thing]");
    const entry = state.debug.find((d) => d.type === "delta nested_thing");
    expect(entry?.detail).toContain(cutNote(MAX_DEPTH));
    expect(state.debug.some((d) => d.kind === "cut" && d.type === "stream_delta")).toBe(true);
  });

  it("a frame nested a million levels deep is parsed and cut, not thrown", () => {
    const parsed = parseFrame(`{"type":"mystery","x":${deepArrays(1_000_000)}}`);
    expect(parsed).toMatchObject({ kind: "unknown", type: "mystery", cut: 1 });
    expect(() => JSON.stringify(parsed)).not.toThrow();
  });

  it("cuts exactly below MAX_DEPTH levels and leaves shallower values alone", () => {
    const value = JSON.parse(deepJson(MAX_DEPTH + 1)) as unknown;
    expect(cutDeepInPlace(value)).toBe(1);
    let node = value as Record<string, unknown>;
    for (let d = 1; d < MAX_DEPTH; d++) node = node.a as Record<string, unknown>;
    expect(node.a).toBe(cutNote(MAX_DEPTH));
    const shallow = JSON.parse(deepJson(MAX_DEPTH)) as unknown;
    expect(cutDeepInPlace(shallow)).toBe(0);
    expect(JSON.stringify(shallow)).toBe(deepJson(MAX_DEPTH));
  });

  it("boundedJson writes deep values with the note and never throws", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const text = boundedJson(deep, { limit: 3 });
    expect(text).toBe(`[[[${JSON.stringify(cutNote(3))}]]]`);
    expect(boundedJson({ big: 1n })).toMatch(/^\(not shown: /);
    expect(boundedJson("x".repeat(50), { maxChars: 10 })).toBe(`"xxxxxxxxx…(42 more characters)`);
  });

  it("tool arguments streamed 5 000 levels deep get a one-line summary", () => {
    // The summary re-parses the streamed argument text; its JSON.stringify threw.
    expect(summarizeArgs("mystery_tool", deepJson(5000))).toContain(cutNote(MAX_DEPTH));
  });

  it("a card whose input is nested 5 000 levels deep shows, with the note, and the tool row too", async () => {
    const h: Harness = await mountApp();
    const text = `{"type":"control_request",${envelope},"request_id":"perm-d","request":{"subtype":"can_use_tool","tool_name":"mystery_tool","tool_call_id":"d","input":{"deep":${deepJson(5000)}}}}`;
    h.store.dispatch({ type: "frame", parsed: parseFrame(text) });
    await h.waitFor("the card", (s) => s.includes("Run mystery_tool?"));
    // Folded: `f` shows the whole input, down to the note where it was cut.
    await sleep(APPROVAL_GUARD_MS + 50);
    await h.press("f");
    await h.waitFor("the cut note on the card", (s) => s.includes(cutNote(MAX_DEPTH)));
  });
});

describe("sizes", () => {
  it("a debug entry keeps a bounded type and detail however big the frame", () => {
    const state = feed(attachedStore().getState(), JSON.stringify({ type: "t".repeat(1_000_000), x: "y".repeat(1_000_000) }));
    const entry = state.debug.at(-1)!;
    expect(entry.type.length).toBeLessThan(DEBUG_TYPE_LIMIT + 40);
    expect(entry.type).toContain("more characters");
    expect(entry.detail.length).toBeLessThan(DEBUG_DETAIL_LIMIT + 40);
  });

  it("a reply that grows past ITEM_TEXT_LIMIT is kept up to it, the rest counted", () => {
    let state = attachedStore().getState();
    const chunk = "z".repeat(256 * 1024);
    for (let i = 0; i < 6; i++) {
      state = feed(state, JSON.stringify({ type: "stream_delta", runtime: RUNTIME, delta: { message_type: "assistant_message", id: "big", content: chunk } }));
    }
    const item = items(state).find((i) => i.key === "assistant:big");
    expect(item).toMatchObject({ kind: "assistant", omitted: 6 * chunk.length - ITEM_TEXT_LIMIT });
    expect(item?.kind === "assistant" && item.text.length).toBe(ITEM_TEXT_LIMIT);
  });

  it("streamed tool arguments are kept up to ITEM_TEXT_LIMIT", () => {
    let state = attachedStore().getState();
    const chunk = "a".repeat(256 * 1024);
    for (let i = 0; i < 6; i++) {
      const call = { tool_call_id: "long-args", name: "Write", arguments: chunk };
      state = feed(state, JSON.stringify({ type: "stream_delta", runtime: RUNTIME, delta: { message_type: "tool_call_message", id: "t", tool_call: call } }));
    }
    const row = items(state).find((i) => i.key === "tool:long-args");
    expect(row?.kind === "tool" && row.args.length).toBe(ITEM_TEXT_LIMIT);
  });

  it("a finished 10 MB reply is printed up to PRINT_CHARS, then a note of how much more", async () => {
    const h = await mountApp();
    const line = `${"word ".repeat(15)}\n`;
    const text = `START ${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`;
    h.delta({ message_type: "assistant_message", id: "huge", content: text });
    h.frame({ type: "turn_finished", stop_reason: "end_turn" });
    const screen = await h.waitFor("the note", (s) => /… 9\.\d MB more not shown/.test(s), 30_000);
    expect(screen).toContain("START");
    // What was printed is the start of the reply, about PRINT_CHARS of it, not ten megabytes.
    expect(screen.length).toBeLessThan(PRINT_CHARS * 2);
    expect(screen).toContain("Message the agent");
  });

  it("huge tool output, expanded (Ctrl+O), is printed from its end after a note of what was cut", async () => {
    const h = await mountApp();
    await h.press(KEY.ctrlO);
    h.delta({ message_type: "tool_call_message", id: "t", tool_call: { tool_call_id: "big-out", name: "Bash", arguments: '{"command":"yes"}' } });
    const out = `FIRST\n${"y\n".repeat(300_000)}LAST`;
    h.delta({ message_type: "tool_return_message", id: "r", tool_call_id: "big-out", status: "success", tool_return: out });
    h.frame({ type: "turn_finished", stop_reason: "end_turn" });
    await h.waitFor("the output's end", (s) => s.includes("LAST") && /… \d+ KB more not shown/.test(s), 30_000);
    expect(h.screen()).not.toContain("FIRST");
  });
});

function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

describe("what the state keeps of big frames", () => {
  it("200 malformed or oddly typed 2 MB frames: the debug log keeps their start, not the frames", () => {
    let state = attachedStore().getState();
    const before = heapAfterGc();
    for (let i = 0; i < 100; i++) {
      // Each its own string: a slice of one would keep it alive (V8 sliced strings).
      state = feed(state, `{"not json ${i}${"x".repeat(2 * 1024 * 1024)}`);
      state = feed(state, `{"type":"${i}${"t".repeat(2 * 1024 * 1024)}"}`);
    }
    const grown = heapAfterGc() - before;
    expect(state.debug).toHaveLength(200);
    // 200 frames of 2 MB: kept whole this would be 400 MB and more.
    expect(grown).toBeLessThan(50);
  });

  it("notices and subagent lines keep their cut text only", () => {
    let state = attachedStore().getState();
    const before = heapAfterGc();
    for (let i = 0; i < 50; i++) {
      const big = `${i}${"s".repeat(2 * 1024 * 1024)}`;
      state = feed(state, JSON.stringify({ type: "stream_delta", runtime: RUNTIME, delta: { message_type: "summary_message", id: `s${i}`, summary: big } }));
      state = feed(state, JSON.stringify({ type: "stream_delta", runtime: RUNTIME, event_seq: i, delta: { message_type: "status", message: big, level: "info" } }));
      state = feed(state, JSON.stringify({ type: "stream_delta", runtime: RUNTIME, subagent_id: "sub", delta: { message_type: "assistant_message", id: "a", content: big } }));
    }
    expect(heapAfterGc() - before).toBeLessThan(50);
    expect(items(state).filter((i) => i.kind === "notice").length).toBe(100);
  });
});

describe("per-frame cost of markdown", () => {
  it("quotes nested deeper than 16 levels are shown as written, every character, not as 17 nested quotes", () => {
    const deepQuote = `${">".repeat(17)} deep`;
    expect(renderMarkdown(`> a\n${deepQuote}`, { width: 80, color: false })).toBe(`> a\n${deepQuote}`);
    // Sixteen levels are still drawn as quotes.
    expect(renderMarkdown(`${">".repeat(16)} ok`, { width: 80, color: false })).toContain("▎");
  });

  it("a live reply is rendered from its end: the start of a 1 MB reply is not drawn, a cut code block stays code", () => {
    const text = `FIRST\n\`\`\`js\n${"const x = 1;\n".repeat(80_000)}const last = 2;`;
    const live = layoutItem({ kind: "assistant", key: "a", text, done: false }, { width: 80, verbose: false, maxRows: 10 });
    expect(live.body).toContain("last = 2");
    expect(live.body).toContain("│");
    expect(live.body).not.toContain("FIRST");
  });
});
