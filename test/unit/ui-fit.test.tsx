import { EventEmitter } from "node:events";
import { render } from "ink";
import { describe, expect, it, onTestFinished } from "vitest";
import { App } from "../../src/ui/App.js";
import { waitFor } from "../wait.js";
import { attachedStore, dispatchFrame, fakeActions, type Json } from "./ui-harness.js";

// The live region must stay shorter than the terminal: Ink 8 clears and redraws the whole
// screen on every frame that is as tall as the terminal (the flicker). Content taller than the
// screen, in rows rather than lines, must be cut to fit. Nothing here is archived, so each
// frame Ink writes is the live region alone.

const ROWS = 30;
const COLUMNS = 100;

class Terminal extends EventEmitter {
  readonly columns = COLUMNS;
  readonly rows = ROWS;
  frames: string[] = [];
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

class Keys extends EventEmitter {
  isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null;
}

function mount() {
  const store = attachedStore();
  const out = new Terminal();
  const app = render(<App store={store} actions={fakeActions()} />, {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: new Keys() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  onTestFinished(() => app.unmount());
  const last = () => out.frames.at(-1) ?? "";
  return {
    store,
    delta: (delta: Json) => dispatchFrame(store, { type: "stream_delta", delta }),
    frame: (frame: Json) => dispatchFrame(store, frame),
    last,
    waitFor: (label: string, ok: (s: string) => boolean) =>
      waitFor(label, () => ok(last()) && last(), { timeoutMs: 3000, everyMs: 10, context: last }),
    /** The tallest frame written so far, in screen rows. */
    tallest: () => Math.max(...out.frames.map((f) => f.split("\n").length)),
  };
}

const msg = (message_type: string, fields: Json): Json => ({ type: "message", message_type, ...fields });
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(" ");

describe("the live region fits the terminal in rows, not lines", () => {
  it("a one-paragraph reply of 1000 words keeps its last rows, below the terminal height", async () => {
    const ui = mount();
    ui.delta(msg("assistant_message", { id: "a1", content: words(1000) }));
    const s = await ui.waitFor("the end of the reply", (x) => x.includes("word1000"));
    expect(s).toMatch(/… \d+ more lines/);
    expect(s).not.toContain("word1 ");
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("a 20,000-character line of tool output is cut to its last rows", async () => {
    const ui = mount();
    const call = { tool_call_id: "c1", name: "Bash", arguments: '{"command":"cat big"}' };
    ui.delta(msg("approval_request_message", { id: "m1", tool_calls: [call] }));
    ui.delta({ id: "l1", message_type: "client_tool_start", tool_call_id: "c1" });
    const line = `${"x".repeat(19_990)}LAST-CHARS`;
    ui.delta(msg("tool_return_message", { id: "synthetic-tool-return-stream-c1", tool_returns: [{ tool_call_id: "c1", status: "success", tool_return: line, stdout: [line] }] }));
    const s = await ui.waitFor("the tail of the line", (x) => x.includes("LAST-CHARS"));
    expect(s).toContain("◐ Bash $ cat big");
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("a reply with a code block of 400-character lines fits too", async () => {
    const ui = mount();
    const code = Array.from({ length: 12 }, (_, i) => `const v${i} = "${"y".repeat(400)}";`).join("\n");
    ui.delta(msg("assistant_message", { id: "a2", content: `Here:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nEND-OF-REPLY` }));
    await ui.waitFor("the end of the reply", (x) => x.includes("END-OF-REPLY"));
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("a 2000-character one-line command on an approval card is folded by rows", async () => {
    const ui = mount();
    const command = `echo ${"z".repeat(2000)}`;
    ui.delta(msg("approval_request_message", { id: "m2", tool_calls: [{ tool_call_id: "c2", name: "Bash", arguments: JSON.stringify({ command }) }] }));
    ui.frame({
      type: "control_request",
      request_id: "perm-c2",
      request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: "c2", input: { command } },
    });
    const s = await ui.waitFor("the folded command", (x) => x.includes("(f to show all)"));
    expect(s).toMatch(/… \d+ more lines \(f to show all\)/);
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("several live items share one budget: the oldest give way, counted in one line", async () => {
    const ui = mount();
    for (let i = 1; i <= 12; i++) {
      ui.delta(msg("approval_request_message", { id: `m${i}`, tool_calls: [{ tool_call_id: `t${i}`, name: "Read", arguments: `{"file_path":"f${i}"}` }] }));
      ui.delta({ id: `s${i}`, message_type: "client_tool_start", tool_call_id: `t${i}` });
    }
    ui.delta(msg("assistant_message", { id: "a3", content: words(400) }));
    const s = await ui.waitFor("the reply's end", (x) => x.includes("word400"));
    expect(s).toMatch(/… \d+ earlier items? still open/);
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("a refused card with a long description, reason and directory keeps its fixed few rows", async () => {
    const ui = mount();
    const input = { command: `make ${"target ".repeat(60)}`, description: "d ".repeat(300), justification: "j ".repeat(300), workdir: `/${"deep/".repeat(60)}` };
    ui.frame({ type: "control_request", request_id: "perm-c7", request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: "c7", input } });
    await ui.waitFor("the card", (x) => x.includes("Run this command?"));
    const scope = Object.values(ui.store.getState().runtimes)[0]!.scope;
    ui.store.dispatch({ type: "approval_sent", scope, requestId: "ap-7", approvalId: "perm-c7", behavior: "allow" });
    ui.frame({ type: "input_accepted", request_id: "ap-7", accepted: false, error: `no longer pending ${"because ".repeat(40)}` });
    await ui.waitFor("the refused card", (x) => x.includes("Your answer was not applied"));
    expect(ui.tallest()).toBeLessThan(ROWS);
  });

  it("an ask_user question with a long text and long options stays within its rows", async () => {
    const ui = mount();
    const scope = Object.values(ui.store.getState().runtimes)[0]!.scope;
    const options = [1, 2, 3].map((n) => `option ${n} ${"very long ".repeat(20)}`);
    ui.store.dispatch({ type: "question_opened", scope, requestId: "external-tool-1", question: words(600), options });
    await ui.waitFor("the question", (x) => x.includes("The agent asks") && /… \d+ more lines/.test(x));
    expect(ui.tallest()).toBeLessThan(ROWS);
  });
});
