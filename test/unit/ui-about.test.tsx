import { render } from "ink-testing-library";
import { describe, expect, it, onTestFinished } from "vitest";
import { App } from "../../src/ui/App.js";
import { attachedStore, dispatchFrame, fakeActions, sleep } from "./ui-harness.js";

// The about view (Ctrl+K), drawn by the real App from the store and the CLI's log path: the
// example of a view added as one file and one line in the registry (plus its key).

async function until(screen: () => string, label: string, ok: (s: string) => boolean) {
  const deadline = Date.now() + 5000;
  while (!ok(screen())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}\n${screen()}`);
    await sleep(10);
  }
}

describe("the about view", () => {
  it("lists the server's version, what the runtime reported, and the transport log's path; Esc closes it", async () => {
    const store = attachedStore();
    store.dispatch({ type: "server_info", version: "0.32.18" });
    dispatchFrame(store, {
      type: "update_device_status",
      device_status: { letta_code_version: "0.32.18", current_permission_mode: "standard", supported_commands: ["clear", "compact"], current_loaded_tools: ["Bash", "Read"] },
    });
    const ui = render(<App store={store} actions={fakeActions()} logPath="/home/me/.local/state/letta-tui/logs/x.ndjson" />);
    onTestFinished(() => ui.unmount());
    const screen = () => ui.lastFrame() ?? "";
    await until(screen, "the session", (s) => s.includes("Message the agent"));
    ui.stdin.write("\u000b");
    await until(screen, "the about view", (s) => s.includes("About this session"));
    expect(screen()).toContain("ws://test · 0.32.18");
    expect(screen()).toContain("mode standard");
    expect(screen()).toContain("commands: clear, compact");
    expect(screen()).toContain("tools: 2 loaded");
    expect(screen()).toContain("transport log: /home/me/.local/state/letta-tui/logs/x.ndjson");
    ui.stdin.write("\u001b");
    await until(screen, "closed", (s) => !s.includes("About this session"));
  });
});
