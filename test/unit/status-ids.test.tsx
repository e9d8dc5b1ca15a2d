import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { emptyRuntime } from "../../src/store/state.js";
import { StatusLine } from "../../src/ui/components/StatusLine.js";

// Agent and conversation ids come from the server like any other string: no escape sequence
// or BiDi override in one may reach the terminal through the status line.

describe("status line ids", () => {
  it("sanitises the agent and conversation ids", () => {
    const scope = { agent_id: "a\u001B]0;pwned\u0007b", conversation_id: "c\u202Ed" };
    const ui = render(<StatusLine connection={{ status: "connected", url: "ws://x" }} runtime={emptyRuntime("k", scope)} />);
    const s = ui.lastFrame() ?? "";
    ui.unmount();
    // Shown as visible escapes (then shortened to 8 characters, visibly: "…").
    expect(s).toContain("a\\x1b]0;…/c\\u{202e");
    expect(s).not.toContain("\u0007");
    expect(s).not.toContain("\u001B");
    expect(s).not.toContain("\u202E");
  });
});
