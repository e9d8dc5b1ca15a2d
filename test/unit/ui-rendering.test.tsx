import { EventEmitter } from "node:events";
import { stripVTControlCharacters } from "node:util";
import { render as inkRender } from "ink";
import { render } from "ink-testing-library";
import stringWidth from "string-width";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { Store } from "../../src/store/store.js";
import { App } from "../../src/ui/App.js";
import { fakeTimeouts, settled } from "../clock.js";
import { waitFor } from "../wait.js";
import { attachedStore, dispatchFrame, fakeActions, type Json } from "./ui-harness.js";

// How the App draws, not what: the ~30 fps throttle, finished items printed once through
// <Static>, reflow when the terminal narrows, and the Ctrl+L server-log view.

const delta = (store: Store, d: Json) => dispatchFrame(store, { type: "stream_delta", delta: d });
const waitUntil = (what: string, ok: () => boolean) => waitFor(what, ok, { timeoutMs: 3000, everyMs: 10 });

/** A terminal whose size can change, recording every write. */
class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  columns = 100;
  rows = 40;
  readonly writes: string[] = [];
  write = (data: string) => (this.writes.push(data), true);
  resize(columns: number) {
    this.columns = columns;
    this.emit("resize");
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  setEncoding() {}
  setRawMode() {}
  read() {
    return null;
  }
  ref() {}
  unref() {}
}

/**
 * Mount the App on real Ink options rather than ink-testing-library's (which always runs Ink in
 * debug mode, where every frame repeats the whole <Static> output and the width is fixed).
 */
function mountOn(terminal: FakeTerminal, mode: { debug: boolean; interactive: boolean }, store = attachedStore()) {
  const instance = inkRender(<App store={store} actions={fakeActions()} />, {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stderr: new FakeTerminal() as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    ...mode,
  });
  onTestFinished(() => instance.unmount());
  return store;
}

describe("render throttle", () => {
  it("draws a burst of store changes once, 33 ms after the first of them", async () => {
    const store = attachedStore();
    const ui = render(<App store={store} actions={fakeActions()} />);
    onTestFinished(() => ui.unmount());
    await waitUntil("the app", () => (ui.lastFrame() ?? "").includes("Message the agent"));
    // From here the throttle's timer runs on fake time, moved only below: no machine is too slow.
    fakeTimeouts();
    await settled();
    // ink-testing-library runs Ink unthrottled: one frame per React render. Each dispatch is
    // in its own macrotask, so React cannot batch them; only the store throttle can.
    const before = ui.frames.length;
    const N = 150;
    for (let i = 0; i < N; i++) {
      delta(store, { type: "message", message_type: "assistant_message", id: "m1", content: `w${i} ` });
      await settled();
    }
    expect(ui.frames.length).toBe(before);
    vi.advanceTimersByTime(32);
    await settled();
    expect(ui.frames.length).toBe(before);
    vi.advanceTimersByTime(1);
    await settled();
    // One frame for the whole burst, with all of it.
    expect(ui.frames.length).toBe(before + 1);
    expect(ui.lastFrame()).toContain(`w${N - 1}`);
    // The next change waits its own 33 ms.
    delta(store, { type: "message", message_type: "assistant_message", id: "m1", content: "later " });
    await settled();
    vi.advanceTimersByTime(32);
    await settled();
    expect(ui.lastFrame()).not.toContain("later");
    vi.advanceTimersByTime(1);
    await settled();
    expect(ui.lastFrame()).toContain("later");
  });
});

describe("finished items go to <Static>", () => {
  it("are written once however often the live tail redraws, and the live tail never is", async () => {
    const terminal = new FakeTerminal();
    // Non-interactive Ink writes only <Static> output as it happens (the live region at exit),
    // so the writes are exactly what reached the terminal's scrollback.
    const store = mountOn(terminal, { debug: false, interactive: false });
    const printed = () => stripVTControlCharacters(terminal.writes.join(""));
    const count = (text: string) => printed().split(text).length - 1;
    delta(store, { type: "message", message_type: "user_message", id: "u1", otid: "cm-1", content: "first question" });
    delta(store, { type: "message", message_type: "assistant_message", id: "m1", content: "the first answer" });
    // A new item closes the streaming one: the first answer is finished now.
    delta(store, { type: "message", message_type: "reasoning_message", id: "r1", reasoning: "thinking " });
    await waitUntil("the finished items printed", () => count("the first answer") > 0);
    // Forty redraws of the live tail, each its own throttle window on fake time.
    fakeTimeouts();
    for (let i = 0; i < 40; i++) {
      delta(store, { type: "message", message_type: "reasoning_message", id: "r1", reasoning: `step${i} ` });
      vi.advanceTimersByTime(33);
      await settled();
    }
    expect(count("first question")).toBe(1);
    expect(count("the first answer")).toBe(1);
    // Still streaming: live, so not in the scrollback.
    expect(count("step39")).toBe(0);
  });
});

describe("reflow", () => {
  it("after the terminal narrows, no line of the frame is wider than the new width", async () => {
    const terminal = new FakeTerminal();
    // Debug mode writes each whole frame at once; interactive, so Ink follows resize events.
    const store = mountOn(terminal, { debug: true, interactive: true });
    const frame = () => stripVTControlCharacters(terminal.writes.at(-1) ?? "");
    // Everything stays live (nothing finished), so the whole frame is drawn at the current width.
    const long = Array.from({ length: 250 }, (_, i) => `word${i}`).join(" ");
    // (The card first: its tool row would close a streaming text item that came before it.)
    dispatchFrame(store, {
      type: "control_request",
      request_id: "perm-c1",
      request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: "c1", input: { command: `echo ${long.slice(0, 300)}`, description: "print words" } },
    });
    delta(store, { type: "message", message_type: "assistant_message", id: "m1", content: long });
    dispatchFrame(store, { type: "update_loop_status", loop_status: { status: "WAITING_ON_APPROVAL", active_run_ids: [], executing_tool_call_ids: [] } });
    await waitUntil("the card at 100 columns", () => frame().includes("1. Yes"));
    const widest = () => Math.max(...frame().split("\n").map((l) => stringWidth(l)));
    expect(widest()).toBeGreaterThan(60);
    expect(widest()).toBeLessThanOrEqual(100);
    expect(frame().split("\n").length).toBeLessThanOrEqual(terminal.rows);
    const writes = terminal.writes.length;
    terminal.resize(50);
    await waitUntil("a frame after the resize", () => terminal.writes.length > writes && frame().includes("1. Yes"));
    // The App measures again after the resize: the frame that settles is the one to check.
    await waitUntil("a frame drawn for 50 columns", () => frame().split("\n").every((l) => stringWidth(l) <= 50) && frame().split("\n").length <= terminal.rows);
    const lines = frame().split("\n");
    expect(lines.filter((l) => stringWidth(l) > 50)).toEqual([]);
    // Wrapped narrower, the text takes more rows: the live region is cut to still fit the
    // screen (taller than the terminal, Ink would clear and redraw the screen every frame).
    expect(lines.length).toBeLessThanOrEqual(terminal.rows);
    expect(frame()).toContain("1. Yes");
  });
});

describe("Ctrl+L: the server log", () => {
  const CTRL_L = "\u000C";

  it("shows the tail of the letta server's output, sanitised, and hides it again", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `server line ${i}`);
    lines.push("evil \u001b[2Jclear and \u0007bell", "one line\nnot two");
    const ui = render(<App store={attachedStore()} actions={fakeActions()} serverLog={() => lines} />);
    onTestFinished(() => ui.unmount());
    const screen = () => ui.lastFrame() ?? "";
    await waitUntil("the app", () => screen().includes("Message the agent"));
    expect(screen()).not.toContain("letta server log");
    ui.stdin.write(CTRL_L);
    await waitUntil("the log", () => screen().includes("letta server log (Ctrl+L to hide)"));
    // The tail: the last 15 lines (of 32), the oldest ones left out.
    expect(screen()).toContain("server line 29");
    expect(screen()).toContain("server line 17");
    expect(screen()).not.toContain("server line 16\n");
    // Sanitised like any server text: a line stays one row, control sequences do not reach the terminal.
    expect(screen()).toContain("one line ⏎ not two");
    expect(screen()).toContain("evil");
    expect(screen()).not.toContain("\u001b[2J");
    expect(screen()).not.toContain("\u0007");
    ui.stdin.write(CTRL_L);
    await waitUntil("the log hidden", () => !screen().includes("letta server log"));
  });

  it("does nothing when letta-tui did not start the server (attached by --url)", async () => {
    const ui = render(<App store={attachedStore()} actions={fakeActions()} />);
    onTestFinished(() => ui.unmount());
    await waitUntil("the app", () => (ui.lastFrame() ?? "").includes("Message the agent"));
    ui.stdin.write("\u000C");
    // Keys are handled in order: once a key typed after it shows, Ctrl+L has done all it does.
    ui.stdin.write("x");
    await waitUntil("the key after it", () => (ui.lastFrame() ?? "").includes("› x"));
    expect(ui.lastFrame()).not.toContain("letta server log");
  });
});
