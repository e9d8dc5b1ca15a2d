import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { CommanderError } from "commander";
import { render } from "ink";
import type { UiActions } from "../controller/actions.js";
import { initialState } from "../store/state.js";
import { createStore, type Store } from "../store/store.js";
import { readTransportLog, schedule, type Playback, type ReplayClock, type ReplayRecord } from "../transport/replayLog.js";
import { App } from "../ui/App.js";
import { parseWith, quietCommand, UsageError } from "./options.js";

/** What runReplay needs of the process; MainIo fits, and tests pass their own streams. */
export interface ReplayIo {
  stdout: NodeJS.WriteStream;
  stderr: { write(text: string): unknown };
  /** Defaults to process.stdin. */
  stdin?: NodeJS.ReadStream;
}

export const READ_ONLY_NOTICE = "read-only replay: nothing is sent (Ctrl+C twice to quit)";
/** How long the UI takes to show the last store change (its throttle is ~33 ms), with margin. */
const FINAL_PAINT_MS = 120;

interface ReplayOptions {
  speed: string;
}

/** `letta-tui replay LOGFILE [--speed N]`: resolves to the exit code, never prints a stack. */
export async function runReplay(argv: string[], io: ReplayIo, version: string): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`letta-tui: ${message}\n`);
    return code;
  };
  let file: string;
  let speed: number;
  try {
    ({ file, speed } = parseReplayArgs(argv, version, io));
  } catch (err) {
    // --help and --version: commander has already printed them.
    if (err instanceof CommanderError) return 0;
    if (err instanceof UsageError) return fail(`${err.message} (see replay --help)`, 2);
    throw err;
  }

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    return fail(`cannot read ${file}: ${readError(err)}`, 1);
  }
  const { records, skipped } = readTransportLog(text);
  if (!records.some((r) => r.event.type === "frame")) {
    return fail(`nothing to replay in ${file}${skipped ? ` (${plural(skipped, "unreadable line")} skipped)` : ""}`, 1);
  }

  const stdin = io.stdin ?? process.stdin;
  const keys = stdin.isTTY === true;
  // Without a terminal at both ends nobody can watch and press Ctrl+C (`replay ... | cat` gets
  // only the final screen): play to the end, show it, and exit.
  const interactive = keys && io.stdout.isTTY === true;
  const skippedNote = skipped ? `, ${plural(skipped, "unreadable line")} skipped` : "";
  const hint = `replay of ${file} at ${speedLabel(speed)}${skippedNote} — read-only, Ctrl+C twice to quit`;
  let quit: () => void = () => undefined;
  const replay = startReplay(records, speed, () => quit());
  const app = render(<App store={replay.store} actions={replay.actions} hint={hint} />, {
    exitOnCtrlC: false,
    stdout: io.stdout,
    stdin: keys ? stdin : silentStdin(),
    incrementalRendering: true,
  });
  quit = () => app.unmount();
  let failure: string | undefined;
  void replay.playback.done.then(
    async () => {
      if (interactive) return;
      await new Promise((resolve) => setTimeout(resolve, FINAL_PAINT_MS));
      app.unmount();
    },
    (err: unknown) => {
      // The reducer is not supposed to throw; if it ever does, say so rather than freeze.
      failure = err instanceof Error ? err.message : String(err);
      app.unmount();
    },
  );
  await app.waitUntilExit();
  replay.playback.cancel();
  return failure === undefined ? 0 : fail(`the replay stopped: ${failure.split("\n")[0]}`, 1);
}

function parseReplayArgs(argv: string[], version: string, io: ReplayIo): { file: string; speed: number } {
  const program = quietCommand("letta-tui replay")
    .description("Play a transport log (written with --log-file, or found in the log directory) back in the UI, read-only.")
    .version(version, "-V, --version", "print the version")
    .argument("<LOGFILE>", "transport log to play (NDJSON)")
    .option("--speed <n>", "playback speed: 2 is twice as fast; idle gaps never last over 2 s", "1")
    .helpOption("-h, --help", "show this help")
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: () => undefined });
  parseWith(program, argv);
  const file = program.args[0];
  if (file === undefined) throw new UsageError("missing required argument 'LOGFILE'");
  const { speed: raw } = program.opts<ReplayOptions>();
  const speed = Number(raw);
  // Number("") is 0 and Number(" 2 ") is 2: demand something that looks like a number.
  if (!/\S/.test(raw) || !(speed > 0)) throw new UsageError(`--speed must be a positive number, got "${raw}"`);
  return { file, speed };
}

export interface Replay {
  store: Store;
  actions: UiActions;
  playback: Playback;
}

/** A store fed by the log on its schedule, and actions that cannot reach any server. */
export function startReplay(records: readonly ReplayRecord[], speed: number, quit: () => void, clock?: ReplayClock): Replay {
  const store = createStore(initialState(""));
  const playback = schedule(records, speed, (event) => store.dispatch(event), clock);
  return { store, actions: readOnlyActions(store, quit), playback };
}

/**
 * Every action but quit only says that this is a replay. Listed one by one rather than
 * generated, so a new action fails to compile here until someone decides what it does in a replay.
 */
export function readOnlyActions(store: Store, quit: () => void): UiActions {
  const refuse = () => {
    const state = store.getState();
    const runtime = state.active ? state.runtimes[state.active] : undefined;
    // Notices live in a runtime's transcript; before the log attached one there is nowhere to show it.
    if (runtime) store.dispatch({ type: "notice", scope: runtime.scope, level: "warning", text: READ_ONLY_NOTICE });
  };
  return {
    sendMessage: refuse,
    answerApproval: refuse,
    abort: refuse,
    resumeQueue: refuse,
    answerQuestion: refuse,
    declineQuestion: refuse,
    setMode: refuse,
    setCwd: refuse,
    removeQueueItem: refuse,
    notice: refuse,
    block: refuse,
    request: async () => {
      refuse();
      throw new Error(READ_ONLY_NOTICE);
    },
    resync: refuse,
    retry: refuse,
    // A replay shows the runtimes the log attached; switching between them is only viewing.
    switchRuntime: (key) => store.dispatch({ type: "activate", key }),
    listConversations: async () => (refuse(), []),
    openConversation: async () => refuse(),
    quit,
  };
}

/**
 * Ink puts stdin in raw mode for its key handlers and throws when that is impossible (a pipe,
 * /dev/null). A replay needs no keys then, so it gets a stream that accepts raw mode and never
 * yields a byte.
 */
function silentStdin(): NodeJS.ReadStream {
  const stream = new Readable({ read: () => undefined });
  return Object.assign(stream, { isTTY: true, setRawMode: () => stream }) as unknown as NodeJS.ReadStream;
}

function speedLabel(speed: number): string {
  return Number.isFinite(speed) ? `${speed}x` : "full speed";
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  // Keep the promise of one line even if a message spans several.
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "unknown error";
}
