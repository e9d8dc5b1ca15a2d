import { render } from "ink-testing-library";
import { onTestFinished } from "vitest";
import type { CommandDraft } from "../../src/protocol/commands.js";
import type { KnownFrame } from "../../src/protocol/frames.js";
import type { UiActions } from "../../src/controller/actions.js";
import { parseFrame } from "../../src/protocol/parse.js";
import { initialState } from "../../src/store/state.js";
import { createStore, type Store } from "../../src/store/store.js";
import { App, TYPING_QUIET_MS, type AppProps } from "../../src/ui/App.js";
import type { SentHistory } from "../../src/registry/sentHistory.js";
import { settled, wallClock, type TestClock } from "../clock.js";
import { callsWriteCallbacks } from "../ink-stdout.js";
import { sleep, waitFor } from "../wait.js";

export { sleep, waitFor } from "../wait.js";
export { manualClock, wallClock, type TestClock } from "../clock.js";

// Store-driven UI tests: the real <App> on a real store, fed server frames by hand, with a
// fake UiActions that only records. No server and no socket, so every test is fast and exact.

export const RUNTIME = { agent_id: "agent-1", conversation_id: "conv-1" } as const;

/** Raw keypresses as a terminal sends them. Each is written on its own (see `press`). */
export const KEY = {
  enter: "\r",
  esc: "\u001B",
  tab: "\t",
  up: "\u001B[A",
  down: "\u001B[B",
  ctrlJ: "\n",
  ctrlO: "\u000F",
} as const;

export type Json = Record<string, unknown>;

/** Ink holds a lone ESC this long (its own real-time timer, 20 ms) in case a sequence follows. */
const INK_ESCAPE_FLUSH_MS = 20;

/**
 * One keypress, handled and drawn before the next. Ink routes a key inside the write and React
 * draws it a few scheduler turns later (`settled`, a count of turns, not a time). A lone ESC is
 * the exception: Ink keeps it until its escape timer fires, on the real clock, and a key written
 * before then would join it (ESC y is Alt+y), so that one real wait stays, with slack for load.
 */
export async function pressKey(stdin: { write(data: string): unknown }, key: string): Promise<void> {
  stdin.write(key);
  if (key === KEY.esc) await sleep(INK_ESCAPE_FLUSH_MS * 4);
  await settled();
}

type ActionName = keyof UiActions;
export interface ActionCall {
  name: ActionName;
  args: unknown[];
}

/** UiActions that record every call, in order, for assertions. */
export interface FakeActions extends UiActions {
  readonly calls: ActionCall[];
  argsOf<K extends ActionName>(name: K): Parameters<UiActions[K]>[];
  /** How `request` answers a command of this type (a frame, or a thrown error); unanswered types fail. */
  respond(type: CommandDraft["type"], answer: (command: CommandDraft) => KnownFrame): void;
}

export function fakeActions(): FakeActions {
  const calls: ActionCall[] = [];
  const answers = new Map<string, (command: CommandDraft) => KnownFrame>();
  const record =
    <K extends ActionName>(name: K) =>
    (...args: Parameters<UiActions[K]>): void => {
      calls.push({ name, args });
    };
  return {
    calls,
    // The cast is safe: `record(name)` is the only writer of entries named `name`.
    argsOf: <K extends ActionName>(name: K) => calls.filter((c) => c.name === name).map((c) => c.args as Parameters<UiActions[K]>),
    sendMessage: record("sendMessage"),
    answerApproval: record("answerApproval"),
    abort: record("abort"),
    resumeQueue: record("resumeQueue"),
    answerQuestion: record("answerQuestion"),
    switchRuntime: record("switchRuntime"),
    listConversations: async () => (calls.push({ name: "listConversations", args: [] }), []),
    openConversation: async (...args) => void calls.push({ name: "openConversation", args }),
    declineQuestion: record("declineQuestion"),
    setMode: record("setMode"),
    setCwd: record("setCwd"),
    removeQueueItem: record("removeQueueItem"),
    resync: record("resync"),
    retry: record("retry"),
    quit: record("quit"),
    notice: record("notice"),
    block: record("block"),
    respond: (type, answer) => void answers.set(type, answer),
    request: async (command, expect) => {
      calls.push({ name: "request", args: [command, expect] });
      const answer = answers.get(command.type);
      if (!answer) throw new Error(`no answer scripted for ${command.type}`);
      return answer(command);
    },
  };
}

export interface Harness {
  store: Store;
  actions: FakeActions;
  clock: TestClock;
  /** A deliberate pause, long enough even for someone who was typing over the card, on the App's clock (no sleep). */
  pause(): Promise<void>;
  /** Write raw input at once: no pause, so no frame is drawn before the next write. */
  write(data: string): void;
  /** Write a bracketed paste, as a terminal sends one. */
  paste(text: string): Promise<void>;
  /** The whole last frame Ink wrote: printed (<Static>) items followed by the live region. */
  screen(): string;
  /** Every frame Ink wrote so far, oldest first, for glitches that last a single frame. */
  frames(): readonly string[];
  /** Dispatch one server frame, enveloped for the test runtime unless it names its own. */
  frame(frame: Json): void;
  /** Dispatch a stream_delta carrying `delta` (plus envelope extras such as subagent_id). */
  delta(delta: Json, extra?: Json): void;
  /** Write keys one keypress per write, pausing so Ink and React handle each on its own. */
  press(...keys: string[]): Promise<void>;
  /** Poll the screen (store updates reach it throttled, ~33 ms) until `ok` holds. */
  waitFor(label: string, ok: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
}

/**
 * Build a frame through the real parser and refuse anything it does not accept as a known
 * frame, so a typo in a test fixture fails loudly instead of silently landing in the debug log.
 */
export function dispatchFrame(store: Store, frame: Json): void {
  const parsed = parseFrame(JSON.stringify({ runtime: RUNTIME, ...frame }));
  if (parsed.kind !== "frame") throw new Error(`test frame not accepted by parseFrame: ${JSON.stringify(parsed)}`);
  store.dispatch({ type: "frame", parsed });
}

/** A store with the test runtime attached, as after a successful runtime_start. */
export function attachedStore(): Store {
  const store = createStore(initialState("ws://test"));
  // A direct response, not an event: its `runtime` is the scope that was attached.
  dispatchFrame(store, {
    type: "runtime_start_response",
    request_id: "r",
    success: true,
    agent: { id: RUNTIME.agent_id, name: "tester", model: "llama.cpp/fake-model" },
  });
  store.dispatch({ type: "connection", status: "connected", url: "ws://test" });
  return store;
}

/** Mount <App> on a fresh attached store; unmounted when the test ends, the screen dumped if it failed. */
export async function mountApp(opts: { clock?: TestClock; history?: SentHistory; notify?: AppProps["notify"] } = {}): Promise<Harness> {
  const store = attachedStore();
  const actions = fakeActions();
  const clock = opts.clock ?? wallClock();
  const ui = render(<App store={store} actions={actions} now={clock.now} history={opts.history} notify={opts.notify} />);
  callsWriteCallbacks(ui.stdout);
  const screen = () => ui.lastFrame() ?? "";
  onTestFinished((ctx) => {
    // Read before unmounting, which may write a last frame. Expected failures (it.fails) stay quiet.
    if (ctx.task.result?.state === "fail" && !ctx.task.fails) console.log(`--- screen ---\n${screen()}`);
    ui.unmount();
  });
  const h: Harness = {
    store,
    actions,
    clock,
    pause: async () => clock.pass(TYPING_QUIET_MS),
    write: (data) => void ui.stdin.write(data),
    async paste(text) {
      ui.stdin.write(`\u001B[200~${text}\u001B[201~`);
      await settled();
    },
    screen,
    frames: () => ui.frames,
    frame: (frame) => dispatchFrame(store, frame),
    delta: (delta, extra = {}) => dispatchFrame(store, { type: "stream_delta", delta, ...extra }),
    async press(...keys) {
      for (const k of keys) {
        await pressKey(ui.stdin, k);
      }
    },
    waitFor: (label, ok, timeoutMs = 2000) => waitFor(label, () => { const s = screen(); return ok(s) && s; }, { timeoutMs, everyMs: 10, context: () => `--- screen ---\n${screen()}` }),
  };
  await h.waitFor("the input line", (s) => s.includes("Message the agent"));
  return h;
}

/** Lines of the screen, for checks about what sits next to what. */
export const lines = (screen: string): string[] => screen.split("\n");

/** How many times `needle` occurs in `haystack`. */
export const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
