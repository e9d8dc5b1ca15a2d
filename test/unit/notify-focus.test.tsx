import { describe, expect, it, vi } from "vitest";
import { FOCUS_REPORTING_OFF, FOCUS_REPORTING_ON, focusScanner } from "../../src/ui/notify/focus.js";
import { fakeTimeouts, settled } from "../clock.js";
import { mountWithCard } from "./ui-cards.js";
import { render } from "ink-testing-library";
import { App } from "../../src/ui/App.js";
import { attachedStore, fakeActions, lines, mountApp, type Json } from "./ui-harness.js";

// Focus reports (ESC[I, ESC[O) come on stdin among the keys: they must change where the focus
// is and nothing else. Never a key: not typed into the draft, not an Esc, not an answer to a card.

/** The input line as drawn (the prompt and the draft), trimmed. */
const inputLine = (screen: string) => lines(screen).find((l) => l.includes("› "))?.trim() ?? "";

const IN = "\u001b[I";
const OUT = "\u001b[O";

describe("focusScanner", () => {
  it("takes the reports out of a chunk, in order, and leaves every other byte", () => {
    const s = focusScanner();
    expect(s.push(`ab${OUT}c${IN}\u001b[Ad`)).toEqual({ keys: "ab" + "c\u001b[Ad", focus: [false, true] });
  });

  it("holds a report cut across two reads, at either cut, and gives it whole", () => {
    for (const cut of [1, 2]) {
      const s = focusScanner();
      expect(s.push(`x${OUT.slice(0, cut)}`)).toEqual({ keys: "x", focus: [] });
      expect(s.holdMs()).toBeGreaterThan(0);
      expect(s.push(`${OUT.slice(cut)}y`)).toEqual({ keys: "y", focus: [false] });
      expect(s.holdMs()).toBe(0);
    }
  });

  it("gives a held ESC or ESC[ back as keys when nothing follows (Esc, Alt+[)", () => {
    const s = focusScanner();
    s.push("\u001b");
    expect(s.flush()).toBe("\u001b");
    expect(s.push("\u001b[").keys).toBe("");
    expect(s.flush()).toBe("\u001b[");
    expect(s.push("z")).toEqual({ keys: "z", focus: [] });
  });
});

const bash: Json = {
  type: "control_request",
  request_id: "perm-c1",
  request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: "c1", input: { command: "make", description: "build" } },
};

describe("focus reports in the App", () => {
  it("never type into the draft, never count as Esc, whole or split across two writes", async () => {
    const h = await mountApp();
    await h.press("h", "i");
    h.write(OUT);
    h.write(IN);
    h.write("\u001b[");
    h.write("O");
    h.write("\u001b");
    h.write("[I");
    await h.press("!");
    await h.waitFor("the draft", (x) => x.includes("hi!"));
    expect(inputLine(h.screen())).toBe("› hi!");
    expect(h.actions.calls.map((c) => c.name)).not.toContain("abort");
  });

  it("a report whose halves come further apart than Ink waits for an escape is still not typed", async () => {
    const h = await mountApp();
    fakeTimeouts();
    h.write("\u001b[");
    // Ink gives a pending ESC[ to the keys after 20 ms ("[" as Alt+[, then "O" typed): the halves
    // of a report cut by a slow link come later than that and must still be one report.
    vi.advanceTimersByTime(60);
    await settled();
    h.write("O");
    await settled();
    vi.useRealTimers();
    await h.press("k");
    await h.waitFor("the draft", (x) => inputLine(x).endsWith("k"));
    expect(inputLine(h.screen())).toBe("› k");
  });

  it("never answer a card, even a deliberate time after it was drawn", async () => {
    const h = await mountWithCard(bash, (x) => x.includes("1. Yes"));
    h.write(OUT);
    h.write(IN);
    await settled();
    expect(h.actions.argsOf("answerApproval")).toEqual([]);
    // The card still takes a real key afterwards: the reports did not disturb its guard either.
    await h.pause();
    await h.press("y");
    expect(h.actions.argsOf("answerApproval")).toEqual([["perm-c1", { behavior: "allow" }]]);
  });
});

describe("notifications from the App", () => {
  const mount = async (on: "cards" | "off" = "cards") => {
    const written: string[] = [];
    const h = await mountApp({ notify: { config: { on, turnSeconds: 30 }, write: (b) => void written.push(b) } });
    return { h, written, osc: () => written.join("").split("\u001b]9;").length - 1 };
  };

  it("asks for focus reports on start and stops them on exit; not at all when off", async () => {
    for (const on of ["cards", "off"] as const) {
      const written: string[] = [];
      const ui = render(<App store={attachedStore()} actions={fakeActions()} notify={{ config: { on, turnSeconds: 30 }, write: (b) => void written.push(b) }} />);
      await settled();
      expect(written).toEqual(on === "off" ? [] : [FOCUS_REPORTING_ON]);
      ui.unmount();
      expect(written).toEqual(on === "off" ? [] : [FOCUS_REPORTING_ON, FOCUS_REPORTING_OFF]);
    }
  });

  it("the editor gets the terminal without focus reports; they are asked for again after", async () => {
    vi.stubEnv("VISUAL", "");
    vi.stubEnv("EDITOR", "true");
    const { h, written } = await mount();
    h.frame({ ...bash, request: { subtype: "can_use_tool", tool_name: "Write", tool_call_id: "c1", input: { file_path: "/w/a.txt", content: "x" } } });
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    await h.pause();
    await h.press("e");
    await h.waitFor("focus reports back on", () => written.length === 3);
    expect(written).toEqual([FOCUS_REPORTING_ON, FOCUS_REPORTING_OFF, FOCUS_REPORTING_ON]);
  });

  it("a card that comes up while the terminal is unfocused: bell, OSC 9 and OSC 777 once", async () => {
    const { h, written, osc } = await mount();
    h.write(OUT);
    h.frame(bash);
    await h.waitFor("the card", (x) => x.includes("1. Yes"));
    await h.press("x");
    await settled();
    expect(osc()).toBe(1);
    const bytes = written.join("");
    expect(bytes).toContain("\u0007\u001b]9;letta-tui: approval needed: Bash (Run this command?)\u0007");
    expect(bytes).toContain("\u001b]777;notify;letta-tui;approval needed: Bash (Run this command?)\u0007");
  });

  it("nothing while focused again, nor before the terminal reported any focus (not even the bell)", async () => {
    for (const reports of [[OUT, IN], []]) {
      const { h, written } = await mount();
      for (const r of reports) h.write(r);
      h.frame(bash);
      await h.waitFor("the card", (x) => x.includes("1. Yes"));
      await h.press("x");
      await settled();
      expect(written).toEqual([FOCUS_REPORTING_ON]);
    }
  });
});
