import { describe, expect, it } from "vitest";
import { CONTEXT_TITLES, HIDDEN_IN_HINTS, KEYMAP } from "../../src/ui/keymap.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { KEY, lines, mountApp, RUNTIME, type Harness } from "./ui-harness.js";

// The input line: sending, multi-line, history recall, the help overlay, approval keys.

/** The text shown in the input box: the line after its top border, up to the bottom border. */
function inputText(screen: string): string {
  const all = lines(screen);
  const start = all.findIndex((l) => l.startsWith("› "));
  const end = all.findIndex((l, i) => i > start && l.startsWith("─"));
  return all
    .slice(start, end)
    // Every line sits after the "› " prompt (continuation lines are indented to match).
    .map((l) => l.slice(2))
    .join("\n")
    .trimEnd();
}

async function send(h: Harness, text: string): Promise<void> {
  await h.press(text, KEY.enter);
  await h.waitFor("the input to clear", (x) => x.includes("Message the agent"));
}

describe("sending", () => {
  it("Enter sends the typed text and clears the input; an empty Enter sends nothing", async () => {
    const h = await mountApp();
    await h.press(KEY.enter);
    await h.press("hello there");
    await h.waitFor("the draft", (x) => inputText(x) === "hello there");
    await h.press(KEY.enter);
    await h.waitFor("the input to clear", (x) => x.includes("Message the agent"));
    expect(h.actions.argsOf("sendMessage")).toEqual([["hello there"]]);
  });

  it("a, Ctrl+J, b, Enter sends 'a\\nb' and shows both lines while editing", async () => {
    const h = await mountApp();
    await h.press("a", KEY.ctrlJ, "b");
    await h.waitFor("two lines in the input", (x) => inputText(x) === "a\nb");
    await h.press(KEY.enter);
    await h.waitFor("the input to clear", (x) => x.includes("Message the agent"));
    expect(h.actions.argsOf("sendMessage")).toEqual([["a\nb"]]);
  });

  it("a long answer to an ask_user question scrolls inside its field", async () => {
    const h = await mountApp();
    h.store.dispatch({ type: "question_opened", scope: RUNTIME, requestId: "external-tool-1", question: "Which one?", options: ["a", "b"] });
    await h.waitFor("the question", (x) => x.includes("The agent asks"));
    // Its field takes keys once a deliberate key turned to it (see approval/guard.ts).
    await h.pause();
    const answer = `${"answer ".repeat(100)}END`;
    await h.press(answer);
    const s = await h.waitFor("the answer's window", (x) => x.includes("END") && /… \d+ more rows above/.test(x));
    expect(s.split("\n").length).toBeLessThan(24);
    await h.press(KEY.enter);
    expect(h.actions.argsOf("answerQuestion")).toEqual([["external-tool-1", answer]]);
  });

  it("a paste taller than the screen scrolls inside the input, and is sent whole", async () => {
    const h = await mountApp();
    const paste = `${Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ")} THE-END`;
    await h.press(paste);
    const s = await h.waitFor("the window onto the draft", (x) => x.includes("THE-END") && /… \d+ more rows above/.test(x));
    // ink-testing-library's terminal has 24 rows: the whole frame stays below that.
    expect(s.split("\n").length).toBeLessThan(24);
    expect(s).not.toContain("w0 ");
    await h.press(KEY.enter);
    await h.waitFor("the input to clear", (x) => x.includes("Message the agent"));
    expect(h.actions.argsOf("sendMessage")).toEqual([[paste]]);
  });
});

describe("the row under the input", () => {
  // It must not promise "Enter send" while Enter would answer a card or act in a view.
  const below = (screen: string) => {
    const all = lines(screen);
    return all[all.findLastIndex((l) => l.startsWith("─")) + 1] ?? "";
  };
  it("shows the input's keys while it has them, and where keys go while a card or a view has them", async () => {
    const h = await mountApp();
    expect(below(await h.waitFor("the input", (x) => x.includes("Message the agent")))).toContain("Enter send");
    h.frame({ type: "control_request", request_id: "perm-h", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "h" } });
    const withCard = await h.waitFor("the card", (x) => x.includes("1. Yes"));
    expect(below(withCard)).toBe("keys go to the card above");
    expect(withCard).not.toContain("Enter send");
  });

  it("with the @ list open: Enter and Tab pick a path, they do not send", async () => {
    const h = await mountApp();
    await h.press("see @");
    const s = await h.waitFor("the list's line", (x) => x.includes("does not send"));
    expect(s).toContain("Enter or Tab puts the picked path in the draft");
    expect(s).not.toContain("Enter send");
  });
});

describe("history", () => {
  it("Up recalls the newest message, then older; Down walks back to the unsent draft", async () => {
    const h = await mountApp();
    await send(h, "first message");
    await send(h, "second message");
    expect(h.actions.argsOf("sendMessage")).toEqual([["first message"], ["second message"]]);
    await h.press("my draft");
    await h.waitFor("the draft", (x) => inputText(x) === "my draft");
    const steps: [string, string][] = [
      [KEY.up, "second message"],
      [KEY.up, "first message"],
      // Past the oldest entry nothing changes.
      [KEY.up, "first message"],
      [KEY.down, "second message"],
      [KEY.down, "my draft"],
    ];
    for (const [key, want] of steps) {
      await h.press(key);
      await h.waitFor(`"${want}" in the input`, (x) => inputText(x) === want);
    }
    // Recalling does not send anything.
    expect(h.actions.argsOf("sendMessage")).toHaveLength(2);
  });

  it("a recalled message can be edited and sent as a new one", async () => {
    const h = await mountApp();
    await send(h, "run tests");
    await h.press(KEY.up);
    await h.waitFor("recalled", (x) => inputText(x) === "run tests");
    await h.press(" again", KEY.enter);
    await h.waitFor("sent", () => h.actions.argsOf("sendMessage").length === 2);
    expect(h.actions.argsOf("sendMessage")[1]).toEqual(["run tests again"]);
  });
});

describe("help overlay", () => {
  // The help context's own binding, generated from KEYMAP like every other line of the overlay.
  const CLOSE_LINE = "close help";

  it("? on an empty input opens it, listing every keymap binding; Esc closes it", async () => {
    const h = await mountApp();
    await h.press("?");
    let s = await h.waitFor("the overlay", (x) => x.includes(CLOSE_LINE));
    // The test terminal has 24 rows: the overlay comes in pages, and ↓ turns them.
    const pages = Number(/page 1 of (\d+)/.exec(s)?.[1]);
    expect(pages).toBeGreaterThan(1);
    let all = s;
    for (let p = 2; p <= pages; p++) {
      await h.press(KEY.down);
      s = await h.waitFor(`page ${p}`, (x) => x.includes(`page ${p} of ${pages}`));
      all += s;
      // Every page fits the terminal, so Ink never has to clear the screen to draw it.
      expect(s.split("\n").length).toBeLessThan(24);
    }
    // Labels only: the overlay may fold helper rows (a lone "↓") into a combined "↑/↓" row.
    const listed = KEYMAP.filter((k) => k.context !== "help");
    for (const b of listed.filter((k) => !k.editor)) expect(all, `${b.context}: ${b.label}`).toContain(b.label);
    for (const b of listed.filter((k) => !HIDDEN_IN_HINTS.includes(k.action))) expect(all, `${b.context}: ${b.description}`).toContain(b.description.slice(0, 40));
    for (const context of new Set(listed.map((k) => k.context))) expect(all).toContain(CONTEXT_TITLES[context]);
    // ↑ turns back; the "?" opened help and was not typed.
    await h.press(KEY.up);
    s = await h.waitFor("the page before", (x) => x.includes(`page ${pages - 1} of ${pages}`));
    expect(inputText(s)).toBe("Message the agent");
    await h.press(KEY.esc);
    await h.waitFor("the overlay to close", (x) => !x.includes(CLOSE_LINE));
    // Esc in help closed it; it did not also abort the turn.
    expect(h.actions.argsOf("abort")).toEqual([]);
  });

  it("fits beside a queue and with the debug log asked for, taking the rows they leave", async () => {
    const h = await mountApp();
    h.frame({ type: "update_queue", queue: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `q-${n}`, kind: "message", source: "user", content: `queued ${n}` })) });
    for (let i = 0; i < 20; i++) h.store.dispatch({ type: "frame", parsed: parseFrame(JSON.stringify({ type: `odd-${i}` })) });
    await h.waitFor("the queue", (x) => x.includes("queued 1"));
    await h.press("?");
    await h.press("\u0014"); // Ctrl+T: the debug log is global, but help is modal
    const s = await h.waitFor("the overlay", (x) => x.includes(CLOSE_LINE));
    expect(s.split("\n").length).toBeLessThan(24);
    expect(s).toContain("queued 1");
  });

  it("? again also closes it", async () => {
    const h = await mountApp();
    await h.press("?");
    await h.waitFor("the overlay", (x) => x.includes(CLOSE_LINE));
    await h.press("?");
    const s = await h.waitFor("the overlay to close", (x) => !x.includes(CLOSE_LINE));
    expect(inputText(s)).toBe("Message the agent");
  });

  it("? typed after other text is inserted, not opening help", async () => {
    const h = await mountApp();
    await h.press("why", "?");
    const s = await h.waitFor("the question mark", (x) => inputText(x) === "why?");
    expect(s).not.toContain(CLOSE_LINE);
  });

  it("the overlay lists the help context's own binding from KEYMAP", async () => {
    const h = await mountApp();
    await h.press("?");
    const s = await h.waitFor("the overlay", (x) => x.includes(CLOSE_LINE));
    for (const b of KEYMAP.filter((k) => k.context === "help")) expect(s).toContain(b.label);
  });
});

describe("approval card keys", () => {
  const controlRequest = {
    type: "control_request",
    request_id: "perm-call-1",
    request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "rm -rf build" }, tool_call_id: "call-1" },
  };

  it("y approves after the keystroke guard; keys pressed at once are ignored", async () => {
    const h = await mountApp();
    h.frame(controlRequest);
    await h.waitFor("the card", (x) => x.includes("Run this command?") && x.includes("$ rm -rf build"));
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    // That y was typed over the card: the person was typing, so the card waits for a longer quiet.
    await h.pause();
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-call-1", { behavior: "allow" }]]);
  });

  /** A card, past its keystroke guard, with n pressed: the reason field open. */
  async function reasonField(): Promise<Harness> {
    const h = await mountApp();
    h.frame(controlRequest);
    await h.waitFor("the card", (x) => x.includes("Run this command?"));
    await h.pause();
    await h.press("n");
    await h.waitFor("the reason field", (x) => x.includes("Reason for denying"));
    return h;
  }

  it("n asks for a reason and Enter sends the denial with it", async () => {
    const h = await reasonField();
    await h.press("use make clean", KEY.enter);
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-call-1", { behavior: "deny", message: "use make clean" }]]);
    // Typing the reason went to the card, not the message input.
    expect(h.actions.argsOf("sendMessage")).toEqual([]);
  });

  it("a long pasted reason scrolls in its field: no frame outgrows the terminal", async () => {
    const h = await reasonField();
    const reason = `${"because ".repeat(80)}END`;
    const before = h.frames().length;
    await h.press(reason);
    await h.waitFor("the reason's window", (x) => x.includes("END") && /… \d+ more rows above/.test(x));
    // ink-testing-library's terminal has 24 rows.
    for (const frame of h.frames().slice(before)) expect(frame.split("\n").length).toBeLessThan(24);
    await h.press(KEY.enter);
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-call-1", { behavior: "deny", message: reason }]]);
  });
});

describe("chords never answer a card", () => {
  it("Alt+1 on an approval card does not pick answer 1", async () => {
    const h = await mountApp();
    h.frame({ type: "control_request", request_id: "perm-x", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "x" } });
    await h.waitFor("the card", (x) => x.includes("Run this command?"));
    await h.pause();
    await h.press("\u001b1", "\u001by");
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
  });
});
