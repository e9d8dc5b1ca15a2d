import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyText, OSC52_LIMIT, osc52 } from "../../src/ui/effects/clipboard.js";
import { exportConversation, exportPath, readWholeConversation } from "../../src/ui/effects/exportConversation.js";
import { conversationMarkdown, fenced } from "../../src/ui/exportMarkdown.js";
import type { CommandDraft } from "../../src/ui/commands/command.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import { copy } from "../../src/ui/commands/copy.js";
import { initialUi } from "../../src/ui/state/uiState.js";
import { attachedStore, dispatchFrame } from "./ui-harness.js";

// /export's Markdown and the files /export and /copy write. The server's pages are hand-made
// here in its shapes (conversation_messages_list_response, newest first); the integration test
// (cmd-export) reads them from the real server.

const header = { agentId: "agent-1", conversationId: "conv-1", at: "2026-12-06T22:00:00.000Z" };
const at = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, "0")}.000Z`;

/** A turn: the person asks, the agent thinks, calls Bash, reads its result, answers. */
const TURN = [
  { message_type: "user_message", id: "m1", date: at(1), content: [{ type: "text", text: "<system-reminder>cwd: /x</system-reminder>\nlist the files" }] },
  { message_type: "reasoning_message", id: "m2", date: at(2), reasoning: "I should run ls.\nThen report." },
  { message_type: "tool_call_message", id: "m3", date: at(3), tool_call: { tool_call_id: "call-1", name: "Bash", arguments: '{"command":"ls"}' }, tool_calls: [{ tool_call_id: "call-1", name: "Bash", arguments: '{"command":"ls"}' }] },
  { message_type: "tool_return_message", id: "m4", date: at(4), tool_returns: [{ tool_call_id: "call-1", status: "success", tool_return: "a.txt\nb.txt" }] },
  { message_type: "assistant_message", id: "m5", date: at(5), content: "There are **two** files." },
];
/** Only context: what Letta Code sends as a user message that the person never said. */
const INJECTED = { message_type: "user_message", id: "m0", date: at(0), content: [{ type: "text", text: "<system-reminder>device info</system-reminder>" }] };

describe("conversationMarkdown", () => {
  it("says where an image was, never its data", () => {
    const data = Buffer.alloc(68, 7).toString("base64");
    const msg = { message_type: "user_message", id: "i1", date: at(1), content: [{ type: "text", text: "what is this? " }, { type: "image", source: { type: "base64", media_type: "image/png", data } }] };
    const md = conversationMarkdown([msg], header);
    expect(md).toContain("what is this? [Image #1 image/png 68 B]");
    expect(md).not.toContain(data);
  });

  it("writes every kind in order, oldest first, from pages that come newest first", () => {
    const md = conversationMarkdown([...TURN].reverse(), header);
    const order = ["## You", "list the files", "### Reasoning", "> I should run ls.", "> Then report.", "### Tool call: Bash", '"command": "ls"', "### Result of Bash", "a.txt\nb.txt", "## Agent", "There are **two** files."];
    let from = 0;
    for (const part of order) {
      const i = md.indexOf(part, from);
      expect(i, `${part} after position ${from}`).toBeGreaterThanOrEqual(0);
      from = i + part.length;
    }
    expect(md).toContain("- conversation: `conv-1`");
  });

  it("hides the injected <system-reminder> blocks and the messages made of nothing else", () => {
    const md = conversationMarkdown([INJECTED, ...TURN], header);
    expect(md).not.toContain("system-reminder");
    expect(md).not.toContain("device info");
    expect(md.match(/## You/g)).toHaveLength(1);
  });

  it("writes a call listed twice (approval request, then call) once, and a failed result as an error", () => {
    const call = { tool_call_id: "c2", name: "Write", arguments: "not json" };
    const md = conversationMarkdown(
      [
        { message_type: "approval_request_message", id: "a", date: at(1), tool_call: call },
        { message_type: "approval_response_message", id: "b", date: at(2), approve: false, reason: "no thanks" },
        { message_type: "tool_call_message", id: "c", date: at(3), tool_call: call },
        { message_type: "tool_return_message", id: "d", date: at(4), tool_call_id: "c2", status: "error", tool_return: "denied" },
      ],
      header,
    );
    expect(md.match(/### Tool call: Write/g)).toHaveLength(1);
    expect(md).toContain("```\nnot json\n```");
    expect(md).toContain("### Result of Write (error)");
    expect(md).toContain("_Denied: no thanks_");
  });

  it("keeps server text verbatim, but escape sequences become visible: cat-ing the file cannot drive the terminal", () => {
    const evil = "red \u001b[31mtext\u0007 and \u009b2J and a\r\nline";
    const md = conversationMarkdown([{ message_type: "assistant_message", id: "x", date: at(1), content: evil }], header);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(md).toContain("red \\x1b[31mtext\\x07 and \\x9b2J and a\nline");
  });

  it("fences tool text with a fence longer than any backtick run in it", () => {
    const body = "before\n```\nnot the end\n````\nafter";
    const block = fenced(body);
    expect(block.startsWith("`````\n")).toBe(true);
    expect(block.endsWith("\n`````")).toBe(true);
    const md = conversationMarkdown(
      [
        { message_type: "tool_call_message", id: "a", date: at(1), tool_call: { tool_call_id: "k", name: "Read", arguments: "{}" } },
        { message_type: "tool_return_message", id: "b", date: at(2), tool_returns: [{ tool_call_id: "k", status: "success", tool_return: body }] },
      ],
      header,
    );
    expect(md).toContain(block);
  });

  it("says when there is nothing", () => {
    expect(conversationMarkdown([INJECTED], header)).toContain("_(no messages)_");
  });
});

describe("reading every page", () => {
  /** A server of `n` messages answering `limit`/`before` as 0.32.18 does (newest first). */
  function pagedServer(n: number) {
    const messages = Array.from({ length: n }, (_, i) => ({ message_type: "assistant_message", id: `m${i}`, date: at(i % 60), content: `reply ${i}` }));
    const asked: CommandDraft[] = [];
    const request = async (command: CommandDraft): Promise<KnownFrame> => {
      asked.push(command);
      const q = (command as { query?: { limit?: number; before?: string } }).query ?? {};
      const end = q.before ? messages.findIndex((m) => m.id === q.before) : n;
      const page = messages.slice(Math.max(0, end - (q.limit ?? 50)), end).reverse();
      const more = end - page.length > 0;
      return { type: "conversation_messages_list_response", request_id: "r", success: true, messages: page, has_more: more, next_before: page.at(-1)?.id ?? null } as unknown as KnownFrame;
    };
    return { request, asked };
  }

  it("follows next_before until has_more is false", async () => {
    const server = pagedServer(23);
    const all = await readWholeConversation(server.request, { agent_id: "a", conversation_id: "c" }, 5);
    expect(all).toHaveLength(23);
    expect(server.asked).toHaveLength(5);
    expect((server.asked[1] as { query?: { before?: string } }).query?.before).toBe("m18");
  });
});

describe("the files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "export-test-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const on = { agent_id: "agent-1", conversation_id: "conv-1" };
  const now = new Date("2026-12-06T22:05:09.000Z");
  const page = async (): Promise<KnownFrame> => ({ type: "conversation_messages_list_response", request_id: "r", success: true, messages: TURN, has_more: false }) as unknown as KnownFrame;

  it("a name of ours in the cwd, 0600; a second export in the same second gets -2, never overwrites", async () => {
    const first = await exportConversation({ request: page }, { conversation: on }, dir, now);
    const second = await exportConversation({ request: page }, { conversation: on }, dir, now);
    const file = exportPath({ conversation: on }, dir, now).path;
    expect(file).toBe(path.join(dir, "letta-conv-1-2026-12-06T22-05-09.md"));
    expect(first).toEqual({ ok: true, text: `exported 5 messages as Markdown to ${file}` });
    expect(second.text).toContain("letta-conv-1-2026-12-06T22-05-09-2.md");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toContain("list the files");
  });

  it("a FILE that exists is refused and left as it was; the server is not even asked", async () => {
    const file = path.join(dir, "mine.md");
    await writeFile(file, "keep me");
    let asked = 0;
    const r = await exportConversation({ request: async () => (asked++, page()) }, { conversation: on, file: "mine.md" }, dir, now);
    expect(r).toEqual({ ok: false, text: `/export: ${file} already exists: not overwritten (give another FILE)` });
    expect(asked).toBe(0);
    expect(await readFile(file, "utf8")).toBe("keep me");
  });

  it("a server error or a folder that is not there: a clear line, no file", async () => {
    const failed = await exportConversation({ request: async () => Promise.reject(new Error("request timed out")) }, { conversation: on, file: "out.md" }, dir, now);
    expect(failed).toEqual({ ok: false, text: "/export: could not read the conversation: request timed out; nothing written" });
    const nowhere = await exportConversation({ request: page }, { conversation: on, file: "no/such/out.md" }, dir, now);
    expect(nowhere).toEqual({ ok: false, text: `/export: cannot create ${path.join(dir, "no/such/out.md")}: no such folder, or one that takes no new files` });
    await expect(stat(path.join(dir, "out.md"))).rejects.toThrow();
  });
});

describe("/copy's clipboard", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "copy-test-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const now = new Date("2026-12-06T22:05:09.000Z");

  it("one OSC 52 sequence with the text's UTF-8 base64, and the file (0600 in a 0700 folder)", async () => {
    const written: string[] = [];
    const text = "héllo — wörld\nline 2";
    const r = await copyText(text, "the last reply", (d) => written.push(d), path.join(dir, "copies"), now);
    expect(written).toEqual([`\u001b]52;c;${Buffer.from(text).toString("base64")}\u0007`]);
    const file = path.join(dir, "copies", "copy-2026-12-06T22-05-09.txt");
    expect(r).toEqual({ ok: true, text: `copied the last reply (24 bytes) to the clipboard with OSC 52; also saved to ${file}` });
    expect(await readFile(file, "utf8")).toBe(text);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, "copies"))).mode & 0o777).toBe(0o700);
  });

  it("text too big for OSC 52 goes only to the file, and the line says so", async () => {
    const written: string[] = [];
    const text = "x".repeat(OSC52_LIMIT);
    expect(osc52(text).length).toBeGreaterThan(OSC52_LIMIT);
    const r = await copyText(text, "the last reply", (d) => written.push(d), dir, now);
    expect(written).toEqual([]);
    expect(r.text).toBe(`the last reply (100,000 bytes) is too big for the terminal's clipboard (over 100 KB encoded): saved to ${path.join(dir, "copy-2026-12-06T22-05-09.txt")} instead`);
  });
});

describe("/copy [N] picks the reply", () => {
  const world = () => {
    const store = attachedStore();
    for (const [id, text] of [["a1", "first reply"], ["a2", "second \u001b[2J reply"]] as const) {
      dispatchFrame(store, { type: "stream_delta", delta: { message_type: "assistant_message", id, content: text } });
    }
    return { app: store.getState(), serverLog: false, listen: false };
  };

  it("the last by default, the Nth from the end with N, its escapes visible; a bad N or too few replies is refused", () => {
    expect(copy.run("", world(), initialUi())).toEqual({ effects: [{ kind: "copy", text: "second \\x1b[2J reply", what: "the last reply" }] });
    expect(copy.run("2", world(), initialUi())).toEqual({ effects: [{ kind: "copy", text: "first reply", what: "reply 2 from the end" }] });
    expect(copy.run("3", world(), initialUi())).toEqual({ error: "/copy 3: only 2 replies are on screen" });
    expect(copy.run("0", world(), initialUi()).error).toMatch(/whole number/);
    expect(copy.run("x", world(), initialUi()).error).toMatch(/whole number/);
    expect(copy.run("", { app: attachedStore().getState(), serverLog: false, listen: false }, initialUi())).toEqual({ error: "/copy: no reply from the agent on screen yet" });
  });
});
