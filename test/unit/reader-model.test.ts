import { describe, expect, it } from "vitest";
import { heldByStore, heldKeys, pageLines, storeLines } from "../../src/ui/reader/lines.js";
import {
  atTop,
  loadMore,
  matchesIn,
  nextMatch,
  openReader,
  pageArrived,
  previousMatch,
  scroll,
  searchFigure,
  setQuery,
  stopLoading,
  toEnd,
  toStart,
  topOf,
  visibleRows,
  type Geometry,
  type ReaderState,
} from "../../src/ui/reader/model.js";
import { rowStarts } from "../../src/ui/reader/wrap.js";
import type { TranscriptItem } from "../../src/store/state.js";

// The reader's pure model: lines from the store and from the server's pages, scrolling by screen
// rows, the incremental search with n/N, and the older pages it asks for.

const on = { agent_id: "agent-1", conversation_id: "conv-1" };
const g: Geometry = { width: 40, height: 5 };
const at = (n: number) => `2026-12-06T10:${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}.000Z`;

/** The store's items: turn `n` is a message `ask n` and a reply `reply n`. */
function items(from: number, to: number): TranscriptItem[] {
  const out: TranscriptItem[] = [];
  for (let n = from; n <= to; n++) {
    out.push({ kind: "user", key: `user:otid-${n}`, text: `ask ${n}`, state: "started", done: true } as TranscriptItem);
    out.push({ kind: "assistant", key: `assistant:msg-a${n}`, text: `reply ${n}`, done: true } as TranscriptItem);
  }
  return out;
}
/** The server's messages of turns from..to, newest first (as a page comes). */
function messages(from: number, to: number): unknown[] {
  const out: unknown[] = [];
  for (let n = from; n <= to; n++) {
    out.push({ message_type: "user_message", id: `msg-u${n}`, otid: `otid-${n}`, date: at(2 * n), content: `ask ${n}` });
    out.push({ message_type: "assistant_message", id: `msg-a${n}`, date: at(2 * n + 1), content: `reply ${n}` });
  }
  return out.reverse();
}
const open = (from = 21, to = 30): ReaderState => ({ ...openReader(on, storeLines(items(from, to)), heldKeys(items(from, to))), screen: "on" });
const shown = (s: ReaderState, geo = g) => visibleRows(s, geo).map((r) => s.lines[r.line]!.slice(r.start, r.end));

describe("reader lines", () => {
  it("draws the store's items as /export writes messages, and leaves out page messages the store holds", () => {
    const store = storeLines(items(1, 1));
    expect(store).toEqual(pageLines(messages(1, 1)));
    const held = heldKeys(items(2, 3));
    expect(messages(1, 3).filter((m) => !heldByStore(m, held))).toEqual(messages(1, 1));
    const tool = { kind: "tool", key: "tool:call-1", toolCallId: "call-1", name: "Bash", args: "{}", status: "denied", done: true } as TranscriptItem;
    const denial = { message_type: "approval_response_message", id: "d1", date: at(9), approve: false, approvals: [{ tool_call_id: "call-1" }] };
    expect(heldByStore(denial, heldKeys([tool]))).toBe(true);
  });

  it("shows control characters from the server as visible escapes, tabs as spaces", () => {
    const lines = pageLines([{ message_type: "assistant_message", id: "x", date: at(1), content: "bad\u001b[2Jthing\tend" }]);
    expect(lines).toContain("bad\\x1b[2Jthing  end");
  });
});

describe("scrolling", () => {
  it("opens at the end and moves by screen rows, wrapping long lines to the width", () => {
    let s = open();
    expect(shown(s).at(-1)).toBe("reply 30");
    s = { ...s, lines: [...s.lines, "x".repeat(95)] };
    expect(shown(s).slice(-3)).toEqual(["x".repeat(40), "x".repeat(40), "x".repeat(15)]);
    const up = scroll(s, g, -1).state;
    expect(shown(up).slice(-2)).toEqual(["x".repeat(40), "x".repeat(40)]);
    expect(shown(scroll(up, g, 1).state)).toEqual(shown(s));
    // Past the end it stays at the end; End from anywhere goes back there.
    expect(shown(scroll(s, g, 10).state)).toEqual(shown(s));
    expect(shown(toEnd(scroll(s, g, -7).state).state)).toEqual(shown(s));
  });

  it("draws only the rows on screen, however long the conversation", () => {
    const s = open(1, 2000);
    expect(visibleRows(s, g)).toHaveLength(g.height);
  });

  it("keeps the end in view when the terminal is resized", () => {
    const s = open();
    const wide = { width: 80, height: 10 };
    expect(shown(s, wide).at(-1)).toBe("reply 30");
  });

  it("wraps a wide character whole to the next row", () => {
    expect(rowStarts("ab漢字", 3)).toEqual([0, 2, 3]);
  });
});

describe("older pages", () => {
  it("asks for the page before the store's at the top, and puts it above what was on screen", () => {
    let s = open();
    const top = toStart(s, g);
    expect(top.load).toEqual({ before: undefined, tag: "1" });
    expect(atTop(top.state, g)).toBe(true);
    s = top.state;
    expect(s.lines[0]).toContain("loading");
    // The newest page: every message of it the store holds; older ones come in.
    const first = pageArrived(s, g, "1", { messages: messages(16, 30), next: "msg-u16" });
    expect(first.load).toBeUndefined();
    expect(first.state.lines[0]).not.toContain("loading");
    s = first.state;
    expect(s.lines.indexOf("ask 16")).toBeGreaterThan(0);
    expect(s.lines.filter((l) => l === "reply 21")).toHaveLength(1);
    // Up again at the top: the next page, with the cursor the server gave.
    const again = scroll(toStart(s, g).state, g, -1);
    expect(again.state.loading).toEqual({ tag: "2", want: "page" });
    const last = pageArrived(again.state, g, "2", { messages: messages(1, 15), next: undefined });
    expect(last.state.done).toBe(true);
    expect(last.state.lines[0]).toContain("start of the conversation");
    expect(last.state.lines.indexOf("ask 1")).toBeLessThan(last.state.lines.indexOf("ask 16"));
    expect(loadMore(last.state, "page").load).toBeUndefined();
  });

  it("↑ at the top keeps what was read in place, the new page above it; Home stays at the start", () => {
    const s = open();
    const up = scroll(s, g, -1000);
    expect(up.load?.tag).toBe("1");
    const firstRead = shown(up.state)[1];
    const after = pageArrived(up.state, g, "1", { messages: messages(1, 30), next: undefined }).state;
    expect(shown(after)).toContain(firstRead);
    expect(shown(after)[0]).not.toContain("start of the conversation");
    const home = toStart(s, g);
    const atStart = pageArrived(home.state, g, home.load!.tag, { messages: messages(1, 30), next: undefined }).state;
    expect(shown(atStart)[0]).toContain("start of the conversation");
    expect(shown(atStart).slice(1, 4)).toEqual(["## You", "", "ask 1"]);
  });

  it("goes on to the page before when a page brings nothing the store does not hold (the attach loaded the newest)", () => {
    const asked = toStart(open(), g).state;
    const held = pageArrived(asked, g, "1", { messages: messages(21, 30), next: "c1" });
    expect(held.load).toEqual({ before: "c1", tag: "2" });
    expect(held.state.lines[0]).toContain("loading");
  });

  it("drops the answer to a page whose loading Esc stopped, and says a failed page", () => {
    const asked = toStart(open(), g).state;
    const stopped = stopLoading(asked);
    expect(pageArrived(stopped, g, "1", { messages: messages(1, 30), next: undefined }).state).toBe(stopped);
    const failed = pageArrived(asked, g, "1", { error: "boom" }).state;
    expect(failed.lines[0]).toContain("could not load older messages: boom");
    expect(failed.loading).toBeUndefined();
  });
});

describe("search", () => {
  it("narrows as you type, counts, highlights on the characters shown, and n/N wrap", () => {
    let s = open();
    const step = setQuery(s, g, "r");
    s = setQuery(step.state, g, "re").state;
    s = setQuery(s, g, "reply 2").state;
    // reply 21..29 match "reply 2"; the nearest above the bottom is shown.
    expect(s.search.matches).toHaveLength(9);
    expect(searchFigure(s)).toBe("9/9+");
    const m = s.search.matches[s.search.current]!;
    expect(s.lines[m.line]!.slice(m.start, m.end)).toBe("reply 2");
    s = nextMatch(s, g).state;
    expect(s.search.current).toBe(0);
    expect(shown(s)).toContain("reply 21");
    s = { ...s, done: true };
    s = previousMatch(s, g).state;
    expect(s.search.current).toBe(8);
    expect(matchesIn(s.search.matches, s.search.matches[8]!.line)).toHaveLength(1);
  });

  it("searches the text as shown: a control character is its visible escape, and the highlight lands on what is drawn", () => {
    const page = [{ message_type: "assistant_message", id: "x", date: at(1), content: "tab\there bad\u001b[31mRED end" }];
    let s: ReaderState = { ...open(), lines: ["", ...pageLines(page)] };
    s = setQuery(s, g, "red").state;
    const m = s.search.matches[0]!;
    expect(s.lines[m.line]!.slice(m.start, m.end)).toBe("RED");
    expect(s.lines[m.line]).toBe("tab  here bad\\x1b[31mRED end");
    s = setQuery(s, g, "\\x1b").state;
    expect(s.search.matches).toHaveLength(1);
    // Each visible row of the match's line holds the match's columns: rows and matches share indices.
    const row = visibleRows(s, { width: 12, height: 5 }).find((r) => r.line === m.line && r.start <= m.start && m.start < r.end);
    expect(row).toBeDefined();
  });

  it("takes a letter back without scanning again: the shorter query's matches were kept", () => {
    let s = setQuery(open(), g, "reply").state;
    const before = s.search.matches;
    s = setQuery(s, g, "reply 3").state;
    // Lines that would match now but were not scanned: only a scan would find them.
    s = { ...s, lines: [...s.lines, "reply extra"] };
    s = setQuery(s, g, "reply").state;
    expect(s.search.matches).toBe(before);
    expect(setQuery(s, g, "repl").state.search.matches).toHaveLength(before.length + 1);
  });

  it("matches case-insensitively, and finds again from scratch when a letter is taken back", () => {
    let s = setQuery(open(), g, "REPLY 30").state;
    expect(s.search.matches).toHaveLength(1);
    s = setQuery(s, g, "REPLY 3").state;
    expect(s.search.matches).toHaveLength(1);
    s = setQuery(s, g, "REPLY ").state;
    expect(s.search.matches).toHaveLength(10);
  });

  it("keeps loading older pages until a word not yet loaded is found, then shows it", () => {
    let step = setQuery(open(), g, "ask 3");
    // "ask 30" is there: found at once.
    expect(step.load).toBeUndefined();
    step = setQuery(open(), g, "ask 5");
    expect(searchFigure(step.state)).toContain("searching older messages");
    expect(step.load?.tag).toBe("1");
    step = pageArrived(step.state, g, "1", { messages: messages(16, 30), next: "c1" });
    expect(step.load).toEqual({ before: "c1", tag: "2" });
    step = pageArrived(step.state, g, "2", { messages: messages(1, 15), next: "c2" });
    // Found in the second page: no third is asked for, and the match is on screen.
    expect(step.load).toBeUndefined();
    const s = step.state;
    expect(s.search.matches).toHaveLength(1);
    expect(searchFigure(s)).toBe("1/1+");
    expect(shown(s)).toContain("ask 5");
    expect(topOf(s, g).line).toBeGreaterThan(0);
  });

  it("says plainly when the whole conversation has no match", () => {
    let step = setQuery(open(), g, "nowhere");
    step = pageArrived(step.state, g, "1", { messages: messages(1, 30), next: undefined });
    expect(searchFigure(step.state)).toBe("no match for “nowhere” in the whole conversation");
  });

  it("N before the first match searches older pages and shows the nearest older match", () => {
    let s = setQuery(open(), g, "reply 2").state;
    s = nextMatch(s, g).state; // the first: reply 21
    const step = previousMatch(s, g);
    expect(step.load?.tag).toBe("1");
    const after = pageArrived(step.state, g, "1", { messages: messages(1, 30), next: undefined }).state;
    const m = after.search.matches[after.search.current]!;
    expect(after.lines[m.line]).toBe("reply 20");
  });
});

describe("wrapping", () => {
  it("breaks after the last space that fits, and cuts a word longer than the row", () => {
    const line = "alpha beta gamma";
    const rows = (l: string, w: number) => rowStarts(l, w).map((s, i, all) => l.slice(s, all[i + 1] ?? l.length));
    expect(rows(line, 12)).toEqual(["alpha beta ", "gamma"]);
    expect(rows("abcdefghij kl", 4)).toEqual(["abcd", "efgh", "ij ", "kl"]);
    expect(rows("héllo wörld again", 12)).toEqual(["héllo wörld ", "again"]);
    expect(rows("漢字 漢字漢字", 6)).toEqual(["漢字 ", "漢字漢", "字"]);
  });
});
