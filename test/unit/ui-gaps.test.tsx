import { describe, expect, it } from "vitest";
import { mountApp, RUNTIME, type Harness } from "./ui-harness.js";

// What the screen shows after a gap (issue 10, item 6): the scrollback cannot be rewritten, so a
// printed reply the server's history corrected is printed again, marked; a cut reply is marked.

const ticks = (n: number) => Array.from({ length: n }, (_, i) => `tick${i + 1}`).join(" ");
const count = (screen: string, text: string) => screen.split(text).length - 1;

function streamTicks(h: Harness, n: number): void {
  h.delta({ message_type: "user_message", id: "u1", otid: "cm-1", content: "[[slow:7.5]]" });
  for (let i = 1; i <= n; i++) h.delta({ message_type: "assistant_message", id: "ui-msg-2", content: `${i === 1 ? "" : " "}tick${i}` });
}

const page = (assistant?: string) => [
  ...(assistant ? [{ id: "ui-msg-2", date: "2026-12-06T15:31:34.293Z", message_type: "assistant_message", content: [{ type: "text", text: assistant }] }] : []),
  { id: "ui-msg-1", date: "2026-12-06T15:31:34.255Z", otid: "cm-1", message_type: "user_message", content: [{ type: "text", text: "[[slow:7.5]]" }] },
];

describe("after a gap", () => {
  it("a reply printed in part is printed again with the server's full text, marked", async () => {
    const h = await mountApp();
    streamTicks(h, 4);
    // The turn's end printed the partial reply (frames went missing on a live connection).
    h.frame({ type: "turn_finished", turn_id: "t", stop_reason: "cancelled" });
    await h.waitFor("the partial reply printed", (s) => s.includes("turn cancelled") && s.includes(ticks(4)));
    h.store.dispatch({ type: "history", scope: RUNTIME, messages: page(ticks(30)) });
    h.store.dispatch({ type: "resynced", scope: RUNTIME });
    const screen = await h.waitFor("the corrected reply", (s) => s.includes("tick30"));
    // Printed once more, whole (wrapped at 100 columns), after the partial one.
    expect(count(screen, "tick30")).toBe(1);
    expect(count(screen, "tick4 tick5")).toBe(1);
    expect(screen.indexOf(ticks(4))).toBeLessThan(screen.indexOf("tick4 tick5"));
    expect(screen).toContain("↻ corrected from the server after a reconnect");
    // The user message did not change, so it is not printed again.
    expect(count(screen, "[[slow:7.5]]")).toBe(1);
  });

  it("a reply cut off by a dead server is marked interrupted, and so is the turn", async () => {
    const h = await mountApp();
    streamTicks(h, 4);
    h.store.dispatch({ type: "connection", status: "reconnecting", url: "ws://test", attempt: 1 });
    h.store.dispatch({ type: "connection", status: "connected", url: "ws://test" });
    h.frame({ type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } });
    h.store.dispatch({ type: "history", scope: RUNTIME, messages: page() });
    h.store.dispatch({ type: "resynced", scope: RUNTIME, reconnected: true });
    const screen = await h.waitFor("the marks", (s) => s.includes("⚠ interrupted") && s.includes("turn interrupted"));
    expect(screen).toContain(ticks(4));
    expect(count(screen, ticks(4))).toBe(1);
  });

  it("a user message made only of a system reminder draws no row", async () => {
    const h = await mountApp();
    h.store.dispatch({
      type: "history",
      scope: RUNTIME,
      messages: [
        { id: "ui-msg-9", date: "2026-12-06T15:33:56.617Z", otid: "cm-9", message_type: "user_message", content: [{ type: "text", text: "after abort" }] },
        {
          id: "ui-msg-8",
          date: "2026-12-06T15:33:56.617Z",
          otid: "5aac49aa",
          message_type: "user_message",
          content: [{ type: "text", text: "<system-reminder>The user interrupted the active stream.</system-reminder>\n" }],
        },
      ],
    });
    const screen = await h.waitFor("the message", (s) => s.includes("after abort"));
    expect(count(screen, "›")).toBe(2); // the message's row and the input line's prompt
    expect(screen).not.toContain("interrupted the active stream");
  });
});
