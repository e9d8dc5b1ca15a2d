import { render } from "ink-testing-library";
import { afterEach } from "vitest";
import type { CliConfig } from "../../src/cli/options.js";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import type { ControllerOptions } from "../../src/controller/controller.js";
import type { RuntimeSelection } from "../../src/controller/selection.js";
import { App, TYPING_QUIET_MS, type AppProps } from "../../src/ui/App.js";
import { manualClock, wallClock, type TestClock } from "../clock.js";
import { callsWriteCallbacks } from "../ink-stdout.js";
import { waitFor } from "../wait.js";
import { runtimeOf, testSession, type LettaServer } from "./support.js";

// The one way an integration test puts the real <App> on a real session: render it with
// ink-testing-library on an injected clock, wait until it is attached and takes keys, and take
// it down again. Tests keep their own server (one per file) and their own assertions.

export interface MountedApp {
  readonly session: Session;
  readonly ui: ReturnType<typeof render>;
  /**
   * The clock the App's keystroke guard reads. It moves only when the test says (`pause`): keys
   * written one after another are "at once" however slowly a loaded machine delivers them, and
   * a key after `pause` is deliberate however quickly it follows.
   */
  readonly clock: TestClock;
  /** The last frame Ink drew. */
  screen(): string;
  /** Raw input, at once, as one write. */
  write(data: string): void;
  /**
   * Type `text`, then Enter as its own keypress (keys are handled as they arrive: no pause
   * between them). A message sent just as a turn ended is held by the App's turn lock
   * (src/controller/turnLock.ts SETTLE_MS), not here.
   */
  type(text: string): Promise<void>;
  /**
   * A deliberate pause before a key meant for a card, as long as the guard asks of someone who was typing, on the
   * App's clock: the card on screen now has been drawn long enough and no key came just before.
   */
  pause(): void;
  /** waitFor with the screen in the failure: a timeout alone says nothing about what was shown. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /**
   * Press `key` until `took` shows it was handled, for a key that a component mounted just now
   * reads itself (Ink subscribes its handler in a passive effect, which under load can run after
   * the frame that first shows it: a key written in between is lost, never pending, so pressing
   * again cannot act twice).
   */
  press(key: string, what: string, took: () => boolean): Promise<void>;
  /** The session's runtime waits for input (no turn at work). */
  idle(): boolean;
  /** Unmount the App and close the session. */
  close(): Promise<void>;
}

export interface MountOptions {
  /** What the App's quit action does (Ctrl+C twice): nothing by default. */
  onQuit?: () => void;
  /** Notifications (the raw bytes go to `write`, not into Ink's frames): none asked for by default. */
  notify?: AppProps["notify"];
}

/** Mount the App on `session` (already attached) and wait until it shows that and takes keys. */
export async function mountApp(session: Session, opts: MountOptions = {}): Promise<MountedApp> {
  const clock = manualClock(Date.now());
  const ui = render(<App store={session.store} actions={uiActionsFor(session.controller, opts.onQuit ?? (() => undefined))} now={clock.now} notify={opts.notify} />);
  callsWriteCallbacks(ui.stdout);
  const screen = () => ui.lastFrame() ?? "";
  const app: MountedApp = {
    session,
    ui,
    clock,
    screen,
    write: (data) => void ui.stdin.write(data),
    async type(text) {
      ui.stdin.write(text);
      ui.stdin.write("\r");
    },
    pause: () => clock.pass(TYPING_QUIET_MS),
    waitFor: (what, check, timeoutMs) => waitFor(what, check, { timeoutMs, context: () => `--- screen ---\n${screen()}` }),
    async press(key, what, took) {
      for (let attempt = 1; ; attempt++) {
        ui.stdin.write(key);
        try {
          await app.waitFor(what, took, 3_000);
          return;
        } catch (err) {
          if (attempt === 5) throw err;
        }
      }
    },
    idle: () => runtimeOf(session.store.getState(), session).loop?.status === "WAITING_ON_INPUT",
    async close() {
      ui.unmount();
      await session.close();
    },
  };
  // Ink starts reading stdin when the first key handler subscribes (a passive effect after the
  // first frame): until then a key would be dropped, so wait for it as well as for the status.
  await app.waitFor("the app attached and taking keys", () => screen().includes("● connected") && ui.stdin.listenerCount("readable") > 0, 60_000);
  return app;
}

export interface OpenOptions extends MountOptions {
  selection?: RuntimeSelection;
  config?: Partial<CliConfig>;
  transport?: Partial<ControllerOptions>;
}

/** A session on the real server (see testSession) with the App mounted on it. */
export async function openApp(server: LettaServer, opts: OpenOptions = {}): Promise<MountedApp> {
  const session = await testSession(server, opts.selection, opts.config, opts.transport);
  try {
    return await mountApp(session, opts);
  } catch (err) {
    await session.close();
    throw err;
  }
}

/** Call at the top of a file: a failed test prints the App's last frame (the one of `current()`). */
export function showScreenOnFailure(current: () => MountedApp | undefined): void {
  afterEach((ctx) => {
    const app = current();
    if (ctx.task.result?.state === "fail" && app) console.log(`--- screen ---\n${app.screen()}`);
  });
}
