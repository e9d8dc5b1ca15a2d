// The real program (dist/cli/main.js, the same path as bin/letta-tui.js) on a fake terminal,
// run by the flood benchmarks in a child process of its own so that its memory is its own.
// Reports over IPC: {memory, eld} on request; the parent reads RSS from /proc as well.
import { Writable } from "node:stream";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { main } from "../dist/cli/main.js";

class Terminal extends Writable {
  columns = 100;
  rows = 30;
  isTTY = true;
  bytes = 0;
  writes = 0;
  tail = "";
  /** When each newest marker `n<index>` of a paced flood first reached the screen. */
  seen = [];
  watching = false;
  _write(chunk, _enc, cb) {
    const text = chunk.toString("utf8");
    this.bytes += chunk.length;
    this.writes++;
    this.tail = (this.tail + text).slice(-4000);
    if (this.watching) {
      let newest = -1;
      for (const m of text.matchAll(/\bn(\d+)\b/g)) newest = Math.max(newest, Number(m[1]));
      const last = this.seen.at(-1)?.[0] ?? -1;
      if (newest > last) this.seen.push([newest, Date.now()]);
    }
    cb();
  }
}

const terminal = new Terminal();
// Ink reads keys from process.stdin in raw mode; the benchmark types nothing, but Ink refuses a
// stdin that is not a terminal, so this one says it is.
Object.assign(process.stdin, { isTTY: true, setRawMode: () => process.stdin });
const eld = monitorEventLoopDelay({ resolution: 10 });
process.on("message", (msg) => {
  if (msg === "eld-start") {
    eld.reset();
    eld.enable();
  } else if (msg === "eld-stop") eld.disable();
  else if (msg === "gc") globalThis.gc?.();
  else if (msg === "watch") {
    terminal.seen = [];
    terminal.watching = true;
  } else if (msg === "seen") {
    terminal.watching = false;
    process.send({ seen: terminal.seen });
  }
  else if (msg === "stats") {
    const ms = (ns) => Math.round(ns / 1e5) / 10;
    process.send({
      memory: process.memoryUsage(),
      eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
      bytes: terminal.bytes,
      writes: terminal.writes,
      tail: terminal.tail,
    });
  } else if (msg === "quit") process.exit(0);
});
const code = await main(["--url", process.argv[2], "--agent", "agent-flood", "--conversation", "conv-flood"], { stdout: terminal, stderr: process.stderr });
process.exit(code);
