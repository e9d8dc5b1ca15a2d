import type { Key } from "ink";
import { cardTarget, flowFor } from "../../src/ui/approval/cardKeys.js";
import { cardSignature } from "../../src/ui/approval/guard.js";
import { focusedApproval } from "../../src/store/approvals.js";
import type { Store } from "../../src/store/store.js";
import { initialUi, type Effect, type Msg, type UiState, type World } from "../../src/ui/state/uiState.js";
import { update } from "../../src/ui/state/update.js";
import { attachedStore } from "./ui-harness.js";

// The screen's update driven by messages with an injected clock: no Ink, no React, no sleeps.

export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
} as Key;

export const key = (input: string, k: Partial<Key> = {}): Msg => ({ type: "key", input, key: { ...NO_KEY, ...k } });
export const ESC = key("", { escape: true });
export const ENTER = key("\r", { return: true });
export const UP = key("", { upArrow: true });
export const DOWN = key("", { downArrow: true });
export const TAB = key("\t", { tab: true });
export const ctrl = (c: string) => key(c, { ctrl: true });

export const CARD = { type: "control_request", request_id: "perm-1", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "1" } };

/** A session driven through update only: the state, the effects so far, and a clock. */
export function session(opts: { store?: Store; listen?: boolean; ui?: UiState } = {}) {
  const store = opts.store ?? attachedStore();
  let ui = opts.ui ?? initialUi();
  let t = 1_000_000;
  const effects: Effect[] = [];
  const world = (): World => ({ app: store.getState(), serverLog: false, listen: opts.listen ?? false });
  const s = {
    store,
    effects,
    get ui() {
      return ui;
    },
    pass(ms: number) {
      t += ms;
    },
    send(...msgs: Msg[]) {
      for (const m of msgs) {
        const step = update(ui, world(), m, t);
        ui = step.ui;
        effects.push(...step.effects);
      }
      return s;
    },
    type(text: string) {
      return s.send(...[...text].map((c) => key(c)));
    },
    /** What the App does after each frame: tell update which card view is on screen. */
    drawCard() {
      const rt = store.getState().runtimes[store.getState().active!];
      const card = focusedApproval(rt);
      const view = card ? cardTarget(card, flowFor(ui.card, card)).view : rt?.questions[0] ? cardSignature(rt.questions[0]) : undefined;
      return s.send({ type: "drawn", card: view, helpPages: ui.helpPages });
    },
    kinds: () => effects.map((e) => e.kind),
  };
  return s;
}

