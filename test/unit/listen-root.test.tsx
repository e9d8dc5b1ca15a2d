import { render } from "ink-testing-library";
import { onTestFinished, describe, expect, it } from "vitest";
import { ESC_HINT, ListenRoot } from "../../src/cli/listen.js";
import type { Environment } from "../../src/direct/environment.js";
import { createStore } from "../../src/store/store.js";
import { initialState } from "../../src/store/state.js";
import { waitFor } from "../wait.js";
import { attachedStore, dispatchFrame, fakeActions, pressKey } from "./ui-harness.js";

// The `letta-tui listen` list screen: its Ctrl+C is guarded like the main screen's, because the
// runtimes attached earlier keep working while the list is shown.

const CTRL_C = "\u0003";
const ESC = "\u001b";
const ENV = { key: "dev-1/alpha", connectionName: "alpha", deviceId: "0123456789ab", version: "0.32.18", os: "linux", online: true } as unknown as Environment;

function mountList({ envs = [ENV], attached = true }: { envs?: Environment[]; attached?: boolean } = {}) {
  const store = attached ? attachedStore() : createStore(initialState("http://127.0.0.1:8284"));
  const actions = fakeActions();
  const endpoint = { environments: () => envs, onEnvironment: () => () => undefined };
  const ui = render(<ListenRoot endpoint={endpoint} store={store} instructions={["LETTA_BASE_URL=… letta server"]} attach={async () => undefined} actions={actions} />);
  onTestFinished(() => ui.unmount());
  const screen = () => ui.lastFrame() ?? "";
  return {
    store,
    actions,
    screen,
    async press(...keys: string[]) {
      for (const k of keys) await pressKey(ui.stdin, k);
    },
    waitFor: (label: string, ok: (s: string) => boolean) =>
      waitFor(label, () => ok(screen()), { timeoutMs: 2000, everyMs: 10, context: () => `--- screen ---\n${screen()}` }),
  };
}

describe("listen: the list of runtimes", () => {
  it("shows each runtime with its version and OS; with nothing at work Ctrl+C twice quits", async () => {
    const h = mountList();
    await h.waitFor("the row", (s) => s.includes("● alpha  letta 0.32.18 · linux · 01234567"));
    await h.press(CTRL_C);
    await h.waitFor("the armed hint", (s) => s.includes("Press Ctrl+C again to quit"));
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    await h.press(CTRL_C);
    expect(h.actions.argsOf("quit")).toHaveLength(1);
  });

  it("with an approval waiting on an attached runtime, asks first; the answer never reaches the picker", async () => {
    const h = mountList();
    dispatchFrame(h.store, { type: "control_request", request_id: "perm-1", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "1" } });
    await h.waitFor("the list", (s) => s.includes("● alpha"));
    await h.press(CTRL_C, CTRL_C);
    await h.waitFor("the question", (s) => s.includes("Quit anyway? (y / any other key to stay)") && s.includes("At work: tester/"));
    await h.press("n");
    await h.waitFor("stayed", (s) => !s.includes("Quit anyway?"));
    expect(h.screen()).not.toContain("filter: n");
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    await h.press(CTRL_C, CTRL_C, "y");
    expect(h.actions.argsOf("quit")).toHaveLength(1);
  });

  it.each([
    ["an empty list", []],
    ["a list whose runtime is not attached yet", [ENV]],
  ])("Esc on %s does not quit; Ctrl+C twice still does", async (_what, envs) => {
    const h = mountList({ envs, attached: false });
    await h.waitFor("the list", (s) => s.includes("Runtimes that dialled in"));
    await h.press(ESC);
    await h.waitFor("the hint", (s) => s.includes(ESC_HINT));
    await h.press(ESC, ESC);
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    expect(h.screen()).toContain("Runtimes that dialled in");
    await h.press(CTRL_C, CTRL_C);
    expect(h.actions.argsOf("quit")).toHaveLength(1);
  });
});
