import { describe, expect, it } from "vitest";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { insertMention, mentionAt, mentionText } from "../../src/ui/mention.js";
import type { Effect, Msg } from "../../src/ui/state/uiState.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";
import { DOWN, ENTER, ESC, key, session, TAB, UP } from "./ui-driver.js";

// `@` file completion (src/ui/mention.ts, the input line's part of state/update.ts), driven
// through update with no Ink: what is asked of search_files, which answers are shown, and what
// the draft becomes. The real server's side is test/integration/compose.test.tsx.

const CWD = "/work/project";

function storeAt(cwd: string) {
  const store = attachedStore();
  dispatchFrame(store, { type: "update_device_status", event_seq: 1, device_status: { current_working_directory: cwd } });
  return store;
}

type Request = Extract<Effect, { kind: "request" }>;
const requests = (effects: readonly Effect[]): Request[] => effects.filter((e): e is Request => e.kind === "request");
const files = (...list: [string, "file" | "dir"][]): KnownFrame => ({ type: "search_files_response", request_id: "x", success: true, files: list.map(([path, type]) => ({ path, type })) });
const answer = (r: Request, frame: KnownFrame): Msg => ({ type: "reply", to: r.reply.to, tag: r.reply.tag, result: { ok: true, frame } });
const at = () => session({ store: storeAt(CWD) });

/** Answer what is out with `frame`, and so on until nothing newer is asked (only the current query's answer is shown). */
function settle(s: ReturnType<typeof at>, frame: KnownFrame | ((r: Request) => Msg)) {
  for (let seen = 0; requests(s.effects).length > seen; ) {
    seen = requests(s.effects).length;
    const r = requests(s.effects).at(-1)!;
    s.send(typeof frame === "function" ? frame(r) : answer(r, frame));
  }
  return s;
}

describe("the @ word under the cursor", () => {
  it("is found only where a word starts with @, and its query is what follows up to the cursor", () => {
    expect(mentionAt({ value: "look at @src/ap", cursor: 15 })).toEqual({ start: 8, end: 15, query: "src/ap" });
    expect(mentionAt({ value: "mail me@host", cursor: 12 })).toBeUndefined();
    expect(mentionAt({ value: "@a b", cursor: 4 })).toBeUndefined();
    expect(mentionAt({ value: '@"my no', cursor: 7 })).toEqual({ start: 0, end: 7, query: "my no" });
  });

  it("writes files with a space after, folders with a slash and none, and quotes paths with spaces", () => {
    expect(mentionText({ path: "src/app.ts", dir: false })).toBe("@src/app.ts ");
    expect(mentionText({ path: "src/ui", dir: true })).toBe("@src/ui/");
    expect(mentionText({ path: "my notes.md", dir: false })).toBe('@"my notes.md" ');
    expect(insertMention({ value: "see @ap and", cursor: 7 }, { path: "src/app.ts", dir: false })).toEqual({ value: "see @src/app.ts  and", cursor: 16 });
  });
});

describe("the @ list through update", () => {
  it("asks search_files in the runtime's cwd, one request at a time, and asks for the latest query when the older answers", () => {
    const s = at().type("read @");
    expect(requests(s.effects).map((r) => r.command)).toEqual([{ type: "search_files", query: "", max_results: 50, cwd: CWD }]);
    s.type("ap");
    // Still one out: the typing does not flood the server.
    expect(requests(s.effects)).toHaveLength(1);
    s.send(answer(requests(s.effects)[0]!, files(["old.txt", "file"])));
    // The answer for "" is for a query no longer typed: dropped, and "ap" asked.
    expect(s.ui.mention?.items).toBe("loading");
    expect(requests(s.effects).map((r) => r.command)).toEqual([
      { type: "search_files", query: "", max_results: 50, cwd: CWD },
      { type: "search_files", query: "ap", max_results: 50, cwd: CWD },
    ]);
    s.send(answer(requests(s.effects)[1]!, files(["src/app.ts", "file"], ["apps", "dir"])));
    expect(s.ui.mention?.items).toEqual([
      { path: "src/app.ts", dir: false },
      { path: "apps", dir: true },
    ]);
  });

  it("Enter with the list open inserts the path and does not send; Enter again sends it", () => {
    const s = at().type("read @ap");
    settle(s, files(["src/app.ts", "file"], ["apps", "dir"]));
    s.send(ENTER);
    expect(s.ui.draft.value).toBe("read @src/app.ts ");
    expect(s.kinds()).not.toContain("send");
    expect(s.ui.mention).toBeUndefined();
    s.send(ENTER);
    expect(s.effects.filter((e) => e.kind === "send")).toEqual([{ kind: "send", text: "read @src/app.ts " }]);
  });

  it("↓ then Tab inserts a folder as @dir/ and goes on completing inside it", () => {
    const s = at().type("@ap");
    settle(s, files(["src/app.ts", "file"], ["apps", "dir"]));
    s.send(DOWN, DOWN, UP, DOWN, TAB);
    expect(s.ui.draft).toEqual({ value: "@apps/", cursor: 6 });
    expect(requests(s.effects).at(-1)?.command).toMatchObject({ query: "apps/" });
  });

  it("Esc closes the list and keeps the text; the turn is not aborted, and Enter then sends", () => {
    const s = at().type("fix @src");
    settle(s, files(["src", "dir"]));
    s.send(ESC);
    expect(s.ui.draft.value).toBe("fix @src");
    expect(s.kinds()).not.toContain("abort");
    s.type("/");
    // Closed for this @ word: typing on does not reopen it.
    expect(s.ui.mention?.dismissed).toBe(true);
    s.send(ENTER);
    expect(s.effects.filter((e) => e.kind === "send")).toEqual([{ kind: "send", text: "fix @src/" }]);
  });

  it("Enter while nothing is listed closes the list and sends nothing", () => {
    const s = at().type("@zz");
    s.send(ENTER);
    expect(s.kinds()).not.toContain("send");
    expect(s.ui.draft.value).toBe("@zz");
  });

  it("quotes a path with spaces on insert", () => {
    const s = at().type("@my");
    settle(s, files(["my notes.md", "file"]));
    s.send(TAB);
    expect(s.ui.draft.value).toBe('@"my notes.md" ');
  });

  it("a quoted folder keeps the cursor inside its quotes, so the list goes on inside it", () => {
    const s = at().type("@my");
    settle(s, files(["my docs", "dir"]));
    s.send(TAB);
    expect(s.ui.draft).toEqual({ value: '@"my docs/"', cursor: 10 });
    expect(s.ui.mention?.query).toBe("my docs/");
    settle(s, files(["my docs/plan one.md", "file"]));
    s.send(ENTER);
    expect(s.ui.draft.value).toBe('@"my docs/plan one.md" ');
    expect(s.kinds()).not.toContain("send");
  });

  it("a failed search says why and inserts nothing", () => {
    const s = at().type("@x");
    settle(s, (r) => ({ type: "reply", to: r.reply.to, tag: r.reply.tag, result: { ok: false, error: "EACCES" } }));
    expect(s.ui.mention?.error).toBe("EACCES");
    s.send(TAB);
    expect(s.ui.draft.value).toBe("@x");
  });

  it("without an @ word Tab still focuses the queue path and Esc aborts", () => {
    const s = at().type("plain");
    s.send(ESC);
    expect(s.kinds()).toEqual(["abort"]);
    expect(s.ui.mention).toBeUndefined();
  });
});

describe("$EDITOR for the draft (Alt+E)", () => {
  it("asks to edit the draft, and the result comes back as the draft with the cursor at its end", () => {
    const s = at().type("first");
    s.send(key("e", { meta: true }));
    expect(s.effects.at(-1)).toEqual({ kind: "edit-draft", text: "first" });
    s.send({ type: "draft-edited", editor: "vi", text: "first\nand second\n" });
    expect(s.ui.draft).toEqual({ value: "first\nand second", cursor: 16 });
  });

  it("an editor that fails or is missing leaves the draft as it was and says so", () => {
    const s = at().type("keep me");
    s.send({ type: "draft-edited", editor: "false" });
    s.send({ type: "draft-edited" });
    expect(s.ui.draft.value).toBe("keep me");
    const notices = s.effects.filter((e) => e.kind === "notice").map((e) => (e.kind === "notice" ? e.text : ""));
    expect(notices[0]).toMatch(/editor \(false\) failed.*draft is unchanged/);
    expect(notices[1]).toMatch(/set \$VISUAL or \$EDITOR/);
  });
});
