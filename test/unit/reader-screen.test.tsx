import { render } from "ink";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import { App } from "../../src/ui/App.js";
import { Vt } from "../vt.js";
import { attachedStore, dispatchFrame, fakeActions, waitFor, type Json } from "./ui-harness.js";

// The reader on a terminal as a person has one: Ink interactive, with incremental rendering as
// src/cli/main.tsx sets it, writing into a terminal emulator (test/vt.ts) that keeps the main
// screen's scrollback. Opening the reader and closing it again must leave the scrollback and
// the screen exactly as they were: Ink erases its last frame's rows before each frame, and a
// full-height reader frame erased on the main screen would eat rows of the scrollback.

const ROWS = 20;
const COLUMNS = 60;

class TerminalOut extends Writable {
  readonly isTTY = true;
  readonly rows = ROWS;
  readonly columns = COLUMNS;
  constructor(readonly vt: Vt) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: () => void): void {
    this.vt.write(String(chunk));
    done();
  }
}

class Keyboard extends PassThrough {
  readonly isTTY = true;
  setRawMode(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

const msg = (message_type: string, fields: Json): Json => ({ type: "stream_delta", delta: { type: "message", message_type, ...fields } });

async function mount() {
  const vt = new Vt(ROWS, COLUMNS);
  const store = attachedStore();
  const keys = new Keyboard();
  const app = render(<App store={store} actions={fakeActions()} />, {
    stdout: new TerminalOut(vt) as unknown as NodeJS.WriteStream,
    stdin: keys as unknown as NodeJS.ReadStream,
    interactive: true,
    incrementalRendering: true,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  onTestFinished(() => app.unmount());
  const screen = () => vt.lines().join("\n");
  const until = (what: string, ok: () => boolean) => waitFor(what, () => ok() || undefined, { timeoutMs: 5000, everyMs: 10, context: () => `--- screen ---\n${screen()}` });
  return { vt, store, keys, screen, until, app };
}

describe("the reader on a terminal with scrollback", () => {
  it("gives back the scrollback and the screen exactly as they were", async () => {
    const t = await mount();
    await t.until("the input line", () => t.screen().includes("Message the agent"));
    // More finished replies than the screen holds: most of them are in the scrollback.
    for (let n = 1; n <= 30; n++) dispatchFrame(t.store, msg("assistant_message", { id: `a${n}`, content: `reply number ${n}` }));
    dispatchFrame(t.store, { type: "update_loop_status", loop_status: { status: "WAITING_ON_INPUT" } });
    await t.until("the replies printed", () => t.vt.scrollback.some((l) => l.includes("reply number 1")) && t.screen().includes("reply number 30"));
    t.keys.write("a draft");
    await t.until("the draft", () => t.screen().includes("› a draft"));
    const before = t.vt.mainText();
    const scrolledBack = [...t.vt.scrollback];

    t.keys.write("\u0006");
    await t.until("the reader", () => t.vt.onAlternateScreen && t.screen().includes("reader · lines"));
    // While it is open, the scrollback is untouched (the live region was erased, to be drawn again).
    expect(t.vt.scrollback).toEqual(scrolledBack);
    t.keys.write("/");
    t.keys.write("number 1");
    await t.until("a search", () => t.screen().includes("/number 1"));
    t.keys.write("\r");
    await t.until("the search kept", () => t.screen().includes("/number 1  11/11+") && t.screen().includes("↑/↓ scro"));
    t.keys.write("q");
    await t.until("the input line again", () => !t.vt.onAlternateScreen && t.screen().includes("› a draft"));
    expect(t.vt.mainText()).toBe(before);
  });

  it("leaves the alternate screen when the program ends with the reader open", async () => {
    const t = await mount();
    await t.until("the input line", () => t.screen().includes("Message the agent"));
    t.keys.write("\u0006");
    await t.until("the reader", () => t.vt.onAlternateScreen && t.screen().includes("reader · lines"));
    t.app.unmount();
    await t.until("the main screen", () => !t.vt.onAlternateScreen);
  });
});
