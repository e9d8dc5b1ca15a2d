import { describe, expect, it } from "vitest";
import type { CommandDraft } from "../../src/protocol/commands.js";
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from "../../src/ui/reader/altScreen.js";
import { count, KEY, mountApp, RUNTIME, type Harness, type Json } from "./ui-harness.js";

// The reader through the real <App>: Ctrl+F opens it on the alternate screen, only between empty
// frames (Ink must never erase a full-height frame on the main screen), keys scroll and search,
// a page is asked for when a search finds nothing loaded, and Esc gives back the screen as it was.

const CTRL_F = "\u0006";
const msg = (message_type: string, fields: Json): Json => ({ type: "message", message_type, ...fields });

/** A finished exchange in the store: printed above the live region. */
async function talk(h: Harness): Promise<void> {
  h.delta(msg("assistant_message", { id: "a1", content: "alpha reply" }));
  h.delta(msg("assistant_message", { id: "a2", content: "beta reply" }));
  h.frame({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } });
  await h.waitFor("the replies", (s) => s.includes("beta reply"));
}

/** Everything Ink wrote since frame `from`, as one string. */
const writtenSince = (h: Harness, from: number) => h.frames().slice(from).join("");

describe("the reader", () => {
  it("opens on the alternate screen after an empty frame, searches, and Esc gives back the screen and the draft", async () => {
    const h = await mountApp();
    await talk(h);
    await h.press("keep me");
    await h.waitFor("the draft", (s) => s.includes("› keep me"));
    const printedBefore = count(h.screen(), "alpha reply");
    const from = h.frames().length;
    await h.press(CTRL_F);
    await h.waitFor("the reader", (s) => s.includes("reader · lines"));
    const opening = h.frames().slice(from);
    const on = opening.findIndex((f) => f.includes(ALT_SCREEN_ON));
    expect(on, "the switch was written").toBeGreaterThan(0);
    // The frame before the switch drew neither the live region nor the reader: Ink erases only
    // an empty frame on each side of the switch, never a full-height one on the main screen.
    expect(opening[on - 1]).not.toContain("keep me");
    expect(opening[on - 1]).not.toContain("reader ·");
    expect(opening.findIndex((f) => f.includes("reader ·"))).toBeGreaterThan(on);

    await h.press("/", "a", "l", "p", "h");
    await h.waitFor("a match", (s) => s.includes("/alph") && s.includes("1/1+"));
    // A paste into the search line is words to find, never keys (its "q" closes nothing).
    await h.press("\u007f", "\u007f", "\u007f", "\u007f");
    await h.paste("beta q");
    await h.waitFor("the pasted words searched", (s) => s.includes("/beta q") && s.includes("no match"));
    await h.press("\u007f", "\u007f");
    await h.waitFor("a match again", (s) => s.includes("/beta ") && s.includes("1/1+"));
    await h.press("x");
    await h.waitFor("the request for older pages", () => h.actions.argsOf("request").length === 1);

    const closing = h.frames().length;
    // Esc on the search line clears it; Esc stops the loading; Esc then closes.
    await h.press(KEY.esc, KEY.esc, KEY.esc);
    await h.waitFor("the input line again", (s) => s.includes("› keep me"));
    const after = h.frames().slice(closing);
    const off = after.findIndex((f) => f.includes(ALT_SCREEN_OFF));
    expect(off, "the switch back was written").toBeGreaterThan(0);
    expect(after[off - 1]).not.toContain("reader ·");
    expect(after.findIndex((f) => f.includes("keep me"))).toBeGreaterThan(off);
    // Nothing printed again: the transcript's <Static> stayed mounted.
    expect(count(h.screen(), "alpha reply")).toBe(printedBefore);
    expect(writtenSince(h, closing)).not.toContain(ALT_SCREEN_ON);
  });

  it("finds a word only the server has: asks for pages until found, and highlights it", async () => {
    const h = await mountApp();
    await talk(h);
    const asked: CommandDraft[] = [];
    h.actions.respond("conversation_messages_list", (command) => {
      asked.push(command);
      const before = command.type === "conversation_messages_list" ? command.query?.before : undefined;
      const page =
        before === undefined
          ? { messages: [{ message_type: "assistant_message", id: "a2", date: "2026-12-06T10:00:02Z", content: "beta reply" }], next_before: "a2", has_more: true }
          : { messages: [{ message_type: "user_message", id: "u0", date: "2026-12-06T10:00:00Z", content: "the oldest zebra word" }], next_before: null, has_more: false };
      return { type: "conversation_messages_list_response", request_id: "x", success: true, ...page } as never;
    });
    // /search WORDS opens it with the search kept; the pages are read at once.
    await h.press(..."/search zeb", KEY.enter);
    await h.waitFor("the match from the second page", (s) => s.includes("the oldest zebra word") && s.includes("/zeb  1/1\n"));
    expect(asked.map((c) => (c.type === "conversation_messages_list" ? c.query?.before : "?"))).toEqual([undefined, "a2"]);
    expect(asked[0]).toMatchObject({ conversation_id: RUNTIME.conversation_id, query: { order: "desc", limit: 50 } });
    expect(h.screen()).toContain("start of the conversation");
    // An approval that comes up behind the reader is said on its status line.
    h.frame({ type: "control_request", request_id: "perm-c9", request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: "c9", input: { command: "make", description: "build" } } });
    await h.waitFor("the waiting card said", (s) => s.includes("⚠ an approval is waiting (Esc to answer)"));
  });
});
