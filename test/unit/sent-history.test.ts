import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  historyFile,
  MAX_ENTRIES,
  MAX_ENTRY_CHARS,
  memoryHistory,
  SentHistoryFile,
  type SentHistoryOptions,
} from "../../src/registry/sentHistory.js";
import { defaultStateDir } from "../../src/registry/stateDir.js";
import { openSentHistory } from "../../src/cli/session.js";
import { Controller } from "../../src/controller/controller.js";
import { runtimeKey } from "../../src/protocol/runtime.js";
import { allItems } from "../../src/store/archive.js";
import { initialState } from "../../src/store/state.js";
import { createStore } from "../../src/store/store.js";
import { attachAnswers, FakeLink } from "./fake-link.js";

const root = mkdtempSync(path.join(tmpdir(), "letta-tui-history-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SERVER = "ws://127.0.0.1:4500/ws";
let n = 0;
/** A history folder that does not exist yet, inside a fresh case folder. */
const freshDir = () => path.join(root, `case-${++n}`, "state", "history");

function open(dir: string, extra: Partial<SentHistoryOptions> = {}) {
  const warnings: string[] = [];
  const history = SentHistoryFile.open({ server: SERVER, dir, onWarning: (w) => warnings.push(w), ...extra });
  return { history, warnings };
}

describe("the sent-message history file", () => {
  it("brings back what an earlier session sent, oldest first", () => {
    const dir = freshDir();
    const first = open(dir).history;
    first.push("one");
    first.push("two");
    const again = open(dir);
    expect(again.history.entries()).toEqual(["one", "two"]);
    expect(again.warnings).toEqual([]);
  });

  it("is a 0600 file in a 0700 folder, written whole (no temporary file left)", () => {
    const dir = freshDir();
    const { history } = open(dir);
    history.push("hello");
    const file = historyFile(dir, SERVER);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // The state folder made on the way is the user's alone too.
    expect(statSync(path.dirname(dir)).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
  });

  it(`keeps the last ${MAX_ENTRIES} messages, in memory and on disk`, () => {
    const dir = freshDir();
    const { history } = open(dir);
    for (let i = 0; i < MAX_ENTRIES + 20; i++) history.push(`message ${i}`);
    expect(history.entries()).toHaveLength(MAX_ENTRIES);
    expect(history.entries()[0]).toBe("message 20");
    const again = open(dir).history.entries();
    expect(again).toHaveLength(MAX_ENTRIES);
    expect(again[0]).toBe("message 20");
    expect(again.at(-1)).toBe(`message ${MAX_ENTRIES + 19}`);
  });

  it("recalls an over-long message in this session only", () => {
    const dir = freshDir();
    const { history } = open(dir);
    const long = "x".repeat(MAX_ENTRY_CHARS + 1);
    history.push("short");
    history.push(long);
    expect(history.entries()).toEqual(["short", long]);
    expect(open(dir).history.entries()).toEqual(["short"]);
  });

  it("skips blanks and a repeat of the message just before", () => {
    const dir = freshDir();
    const { history } = open(dir);
    for (const text of ["a", "  ", "a", "b", "a"]) history.push(text);
    expect(history.entries()).toEqual(["a", "b", "a"]);
    expect(open(dir).history.entries()).toEqual(["a", "b", "a"]);
  });

  it("never writes the token or a URL password, nor the server URL's password", () => {
    const dir = freshDir();
    const server = "ws://me:hunter2@127.0.0.1:4500/ws";
    const { history } = open(dir, { server, secrets: ["tok-123456", undefined] });
    history.push("my token is tok-123456");
    history.push("try ws://bob:pa55word@example.test/ws");
    history.push("plain");
    // Recalled now…
    expect(history.entries()).toEqual(["my token is tok-123456", "try ws://bob:pa55word@example.test/ws", "plain"]);
    // …but not on disk.
    const text = readFileSync(historyFile(dir, server), "utf8");
    expect(text).not.toContain("tok-123456");
    expect(text).not.toContain("pa55word");
    expect(text).not.toContain("hunter2");
    expect(text).toContain("plain");
  });

  it("is one history per server, whatever password its URL carries", () => {
    const dir = freshDir();
    open(dir, { server: "ws://me:one@127.0.0.1:4500/ws" }).history.push("kept");
    expect(open(dir, { server: "ws://me:two@127.0.0.1:4500/ws" }).history.entries()).toEqual(["kept"]);
    expect(open(dir, { server: "ws://127.0.0.1:4501/ws" }).history.entries()).toEqual([]);
  });

  it("merges two sessions on one server instead of the last overwriting the other", () => {
    const dir = freshDir();
    const a = open(dir).history;
    const b = open(dir).history;
    a.push("from a");
    b.push("from b");
    expect(open(dir).history.entries()).toEqual(["from a", "from b"]);
  });

  it("moves a broken file aside with a warning, and starts empty", () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const file = historyFile(dir, SERVER);
    writeFileSync(file, "{ not json");
    const { history, warnings } = open(dir);
    expect(history.entries()).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not valid JSON.*moved it to .*\.broken-/);
    const aside = readdirSync(dir).find((f) => f.includes(".broken-"))!;
    expect(readFileSync(path.join(dir, aside), "utf8")).toBe("{ not json");
    history.push("after");
    expect(open(dir).history.entries()).toEqual(["after"]);
  });

  it("treats JSON of another shape as broken, and drops odd entries of a good one", () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const file = historyFile(dir, SERVER);
    writeFileSync(file, JSON.stringify({ version: 1, server: SERVER, entries: ["ok", 7, null, "also ok"] }));
    expect(open(dir).history.entries()).toEqual(["ok", "also ok"]);
    writeFileSync(file, JSON.stringify(["a", "b"]));
    const { warnings } = open(dir);
    expect(warnings[0]).toMatch(/not a letta-tui history file/);
  });

  it("works in memory with one clear warning when the folder cannot be used", () => {
    const blocker = path.join(root, `case-${++n}-file`);
    writeFileSync(blocker, "a regular file where a folder should be");
    const dir = path.join(blocker, "history");
    const { history, warnings } = open(dir);
    history.push("first");
    history.push("second");
    expect(history.entries()).toEqual(["first", "second"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot read the sent-message history .*recalled in this session only/);
    expect(existsSync(historyFile(dir, SERVER))).toBe(false);
  });
});

describe("the CLI's history (openSentHistory)", () => {
  async function session() {
    const link = new FakeLink(attachAnswers);
    const store = createStore(initialState("fake"));
    const controller = await Controller.over("fake", link.open, store, { clientVersion: "test" });
    const scope = await controller.attach({ selection: { kind: "existing", agentId: "a", conversationId: "c" } });
    const notices = () => allItems(store.getState().runtimes[runtimeKey(scope)]!.transcript).flatMap((i) => (i.kind === "notice" ? [i.text] : []));
    return { store, controller, notices };
  }

  it("shows a folder it cannot use as a warning on screen", async () => {
    const s = await session();
    const blocker = path.join(root, `case-${++n}-file`);
    writeFileSync(blocker, "");
    openSentHistory(s, SERVER, {}, path.join(blocker, "history")).push("kept in memory");
    expect(s.notices()).toEqual([expect.stringMatching(/cannot read the sent-message history/)]);
    s.controller.close();
  });

  it("never writes the session's token or URL password", async () => {
    const s = await session();
    const dir = freshDir();
    const url = "ws://me:pw%40rd@127.0.0.1:4500/ws";
    const history = openSentHistory(s, url, { token: "tok-abcdef", password: "pw%40rd" }, dir);
    history.push("tok-abcdef");
    history.push("the password is pw@rd");
    history.push("fine");
    expect(history.entries()).toHaveLength(3);
    const text = readFileSync(historyFile(dir, url), "utf8");
    expect(text).toContain("fine");
    expect(text).not.toMatch(/tok-abcdef|pw@rd|pw%40rd/);
    s.controller.close();
  });
});

describe("memoryHistory", () => {
  it("bounds and dedupes like the file", () => {
    const h = memoryHistory(3);
    for (const text of ["a", "b", "b", "c", "d"]) h.push(text);
    expect(h.entries()).toEqual(["b", "c", "d"]);
  });
});

describe("defaultStateDir", () => {
  it("honours an absolute XDG_STATE_HOME on every platform, else the platform's place", () => {
    expect(defaultStateDir({ XDG_STATE_HOME: "/s", HOME: "/h" }, "linux")).toBe("/s/letta-tui");
    expect(defaultStateDir({ XDG_STATE_HOME: "/s", HOME: "/h" }, "darwin")).toBe("/s/letta-tui");
    expect(defaultStateDir({ XDG_STATE_HOME: "rel", HOME: "/h" }, "linux")).toBe("/h/.local/state/letta-tui");
    expect(defaultStateDir({ HOME: "/Users/u" }, "darwin")).toBe("/Users/u/Library/Application Support/letta-tui");
    expect(defaultStateDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe("C:\\Users\\u\\AppData\\Local\\letta-tui");
  });
});
