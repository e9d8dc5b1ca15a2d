import { Console } from "node:console";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PassThrough } from "node:stream";
import { render } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { READ_ONLY_NOTICE, runReplay, startReplay, type ReplayIo } from "../../src/cli/replay.js";
import { allItems } from "../../src/store/archive.js";
import { readTransportLog, type ReplayRecord } from "../../src/transport/replayLog.js";
import { App, APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { manualClock } from "../clock.js";
import { waitFor } from "../wait.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "logs", "approve.ndjson");
const { records } = readTransportLog(readFileSync(FIXTURE, "utf8"));
const MESSAGE = "Please run it. [[bash:echo approved-by-replay > replayed.txt]]";
const TOOL_ROW = "Bash $ echo approved-by-replay > replayed.txt";
const REPLY = "Tool finished. Result: (Command completed with no output)";

const scratch = mkdtempSync(join(tmpdir(), "letta-tui-replay-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Any attempt to reach a server would have to open a socket; none may.
const connects = vi.spyOn(net.Socket.prototype, "connect");
let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
  expect(connects).not.toHaveBeenCalled();
});

function replayed(from: readonly ReplayRecord[]) {
  const quit = vi.fn();
  const replay = startReplay(from, Infinity, quit);
  // The keystroke guard reads this clock: the test lets its time pass instead of sleeping.
  const clock = manualClock();
  const ui = render(<App store={replay.store} actions={replay.actions} hint="replay of approve.ndjson" now={clock.now} />);
  cleanup.push(() => {
    replay.playback.cancel();
    ui.unmount();
  });
  const screen = () => ui.lastFrame() ?? "";
  const waitForScreen = (label: string, ok: (s: string) => boolean) =>
    waitFor(label, () => ok(screen()), { timeoutMs: 3000, context: () => `screen:\n${screen()}` });
  const runtime = () => {
    const state = replay.store.getState();
    return state.runtimes[state.active!]!;
  };
  return { replay, ui, quit, clock, screen, waitFor: waitForScreen, runtime };
}

describe("the replayed App", () => {
  it("ends showing the user's message, the tool row and the assistant's reply", async () => {
    const r = replayed(records);
    await expect(r.replay.playback.done).resolves.toBe("finished");
    await r.waitFor("the final screen", (s) => s.includes(REPLY));
    const screen = r.screen();
    expect(screen).toContain(MESSAGE);
    expect(screen).toContain(TOOL_ROW);
    expect(screen).toContain("(Command completed with no output)");
    expect(screen).toContain("replay of approve.ndjson");
    expect(screen).toContain("● closed");
  });

  it("pressing y on a replayed approval card answers nothing and says it is read-only", async () => {
    // Stop where the live user was looking at the card, just before they approved.
    const r = replayed(records.slice(0, records.findIndex((rec) => rec.event.type === "approval_sent")));
    await r.replay.playback.done;
    await r.waitFor("the card", (s) => s.includes("1. Yes"));
    r.clock.pass(APPROVAL_GUARD_MS);
    r.ui.stdin.write("y");
    await r.waitFor("the read-only notice", (s) => s.includes(READ_ONLY_NOTICE));
    const rt = r.runtime();
    expect(rt.approvals.order).toHaveLength(1);
    expect(rt.approvals.byId[rt.approvals.order[0]!]?.phase).toBe("pending");
    expect(Object.values(rt.pendingInputs).some((p) => p.kind === "approval")).toBe(false);
    expect(r.screen()).toContain("1. Yes");
    expect(r.quit).not.toHaveBeenCalled();
  });

  it("typing a message sends nothing and says it is read-only", async () => {
    const r = replayed(records);
    await r.replay.playback.done;
    await r.waitFor("the final screen", (s) => s.includes(REPLY));
    r.ui.stdin.write("hello there");
    r.ui.stdin.write("\r");
    await r.waitFor("the read-only notice", (s) => s.includes(READ_ONLY_NOTICE));
    const users = allItems(r.runtime().transcript).filter((i) => i.kind === "user");
    expect(users.map((u) => (u.kind === "user" ? u.text : ""))).toEqual([MESSAGE]);
  });

  it("Ctrl+C twice quits", async () => {
    const r = replayed(records);
    await r.replay.playback.done;
    r.ui.stdin.write("\u0003");
    r.ui.stdin.write("\u0003");
    // Keys are handled as they are written: the second Ctrl+C has quit by now.
    expect(r.quit).toHaveBeenCalledTimes(1);
  });
});

/** A stdout that keeps what Ink writes; not a TTY, so Ink writes the final frame on exit. */
class CapturedStdout extends EventEmitter {
  text = "";
  columns = 100;
  rows = 40;
  // Ink waits for a write's callback before it reports the exit, as a real stream calls it.
  write = (chunk: string, done?: () => void) => {
    this.text += chunk;
    done?.();
    return true;
  };
}

function cliIo() {
  const stdout = new CapturedStdout();
  let stderr = "";
  const io: ReplayIo = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: { write: (s: string) => (stderr += s) },
    // A pipe: nobody can press keys, so the replay must end by itself.
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
  };
  return { io, stdout, stderr: () => stderr };
}

function logFile(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe("runReplay", () => {
  // The real render patches console through console.Console, which vitest's console lacks.
  const testConsole = console as { Console?: typeof Console };
  const vitestConsole = testConsole.Console;
  beforeAll(() => {
    testConsole.Console ??= Console;
  });
  afterAll(() => {
    testConsole.Console = vitestConsole;
  });

  it("plays the log and exits 0 once done when stdin is not a terminal", async () => {
    const { io, stdout, stderr } = cliIo();
    // Relative, as a user types it: an absolute path's length depends on where the clone lives,
    // and a long one wraps the header at 100 columns.
    const file = relative(process.cwd(), FIXTURE);
    await expect(runReplay([file, "--speed", "1000"], io, "0.0.0-test")).resolves.toBe(0);
    expect(stderr()).toBe("");
    expect(stdout.text).toContain(MESSAGE);
    expect(stdout.text).toContain(REPLY);
    expect(stdout.text).toContain(`replay of ${file} at 1000x — read-only, Ctrl+C twice to quit`);
  });

  it("a missing file is exit 1 and one line", async () => {
    const { io, stderr } = cliIo();
    const missing = join(scratch, "nope.ndjson");
    await expect(runReplay([missing], io, "0.0.0-test")).resolves.toBe(1);
    expect(stderr()).toBe(`letta-tui: cannot read ${missing}: no such file\n`);
  });

  it("a directory is exit 1 and one line", async () => {
    const { io, stderr } = cliIo();
    await expect(runReplay([scratch], io, "0.0.0-test")).resolves.toBe(1);
    expect(stderr()).toBe(`letta-tui: cannot read ${scratch}: it is a directory\n`);
  });

  it("a log with no frames is exit 1: nothing to replay", async () => {
    const empty = logFile("empty.ndjson", "");
    const eventsOnly = logFile("events.ndjson", `${JSON.stringify({ t: new Date().toISOString(), dir: "event", name: "connect" })}\nnot json\n`);
    for (const [file, suffix] of [
      [empty, ""],
      [eventsOnly, " (1 unreadable line skipped)"],
    ] as const) {
      const { io, stderr } = cliIo();
      await expect(runReplay([file], io, "0.0.0-test")).resolves.toBe(1);
      expect(stderr()).toBe(`letta-tui: nothing to replay in ${file}${suffix}\n`);
    }
  });

  it.each([["0"], ["-1"], ["fast"], [""], ["NaN"]])("--speed %j is a usage error, exit 2", async (speed) => {
    const { io, stderr } = cliIo();
    await expect(runReplay([FIXTURE, "--speed", speed], io, "0.0.0-test")).resolves.toBe(2);
    expect(stderr()).toBe(`letta-tui: --speed must be a positive number, got "${speed}" (see replay --help)\n`);
  });

  it("no LOGFILE, or an unknown option, is exit 2 and one line", async () => {
    for (const argv of [[], [FIXTURE, "--fast"]]) {
      const { io, stderr } = cliIo();
      await expect(runReplay(argv, io, "0.0.0-test")).resolves.toBe(2);
      expect(stderr()).toMatch(/^letta-tui: [^\n]+ \(see replay --help\)\n$/);
    }
  });

  it("--help prints the usage on stdout and exits 0", async () => {
    const { io, stdout, stderr } = cliIo();
    await expect(runReplay(["--help"], io, "0.0.0-test")).resolves.toBe(0);
    expect(stdout.text).toContain("--speed <n>");
    expect(stdout.text).toContain("LOGFILE");
    expect(stderr()).toBe("");
  });
});
