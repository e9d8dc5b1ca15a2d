// A terminal for driving the real App through Ink without one: a TTY-looking stdout that counts
// what it is sent, and a stdin enough for useInput (raw mode). Shared by the screen benches.
import { PassThrough, Writable } from "node:stream";
import { createElement } from "react";
import { render } from "ink";
import { App } from "../dist/ui/App.js";

export class Terminal extends Writable {
  columns = 120;
  rows = 40;
  isTTY = true;
  bytes = 0;
  _write(chunk, _enc, cb) {
    this.bytes += chunk.length;
    cb();
  }
}

export class Keyboard extends PassThrough {
  isTTY = true;
  setRawMode() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

const noop = () => undefined;
/** The App's actions, none of which the benches use. */
export const actions = { sendMessage: noop, answerApproval: noop, abort: noop, resumeQueue: noop, removeQueueItem: noop, resync: noop, retry: noop, quit: noop };

/**
 * The real App on a fake terminal, with the options src/cli/main.tsx uses for a real one;
 * `onRender` gets Ink's figures for every frame.
 */
export function renderApp(store, onRender, incrementalRendering = true) {
  const terminal = new Terminal();
  const app = render(createElement(App, { store, actions }), {
    stdout: terminal,
    stdin: new Keyboard(),
    interactive: true,
    patchConsole: false,
    exitOnCtrlC: false,
    incrementalRendering,
    onRender,
  });
  return { app, terminal };
}

/** Longest gaps between timer ticks while `work` runs: how long the event loop was blocked. */
export async function loopDelay(work, tickMs = 5) {
  const gaps = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(Math.max(0, now - last - tickMs));
    last = now;
  }, tickMs);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const now = performance.now();
  gaps.push(Math.max(0, now - last - tickMs));
  gaps.sort((a, b) => a - b);
  return { p99: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.99))] ?? 0, max: gaps.at(-1) ?? 0 };
}
