import { describe, expect, it } from "vitest";
import { KEY, mountApp } from "./ui-harness.js";

// Leaving during a turn can cost it (the server cancels a turn whose only subscriber goes).

const CTRL_C = "\u0003";

describe("quitting safely", () => {
  it("while idle, Ctrl+C twice quits at once", async () => {
    const h = await mountApp();
    await h.press(CTRL_C, CTRL_C);
    expect(h.actions.argsOf("quit")).toHaveLength(1);
  });

  it("during a turn, the second Ctrl+C asks first; any other key stays, y quits", async () => {
    const h = await mountApp();
    h.frame({ type: "update_loop_status", loop_status: { status: "PROCESSING_API_RESPONSE", active_run_ids: ["r"], executing_tool_call_ids: [] } });
    await h.waitFor("busy", (x) => x.includes("responding"));
    await h.press(CTRL_C, CTRL_C);
    await h.waitFor("the question", (x) => x.includes("Quit anyway?"));
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    await h.press("n");
    await h.waitFor("stayed", (x) => !x.includes("Quit anyway?"));
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    await h.press(CTRL_C, CTRL_C);
    await h.waitFor("asked again", (x) => x.includes("Quit anyway?"));
    await h.press("y");
    expect(h.actions.argsOf("quit")).toHaveLength(1);
  });

  it("asks too while an approval waits", async () => {
    const h = await mountApp();
    h.frame({ type: "control_request", request_id: "perm-1", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "1" } });
    await h.waitFor("the card", (x) => x.includes("Run this command?"));
    await h.press(CTRL_C, CTRL_C);
    await h.waitFor("the question", (x) => x.includes("Quit anyway?"));
    await h.press(KEY.esc);
    expect(h.actions.argsOf("quit")).toHaveLength(0);
    // Esc here only meant "stay": it did not abort the turn either.
    expect(h.actions.argsOf("abort")).toHaveLength(0);
  });
});

describe("quitting with teammates", () => {
  it("asks when a background runtime is at work, and names it", async () => {
    const h = await mountApp();
    const other = { agent_id: "agent-2", conversation_id: "conv-2" };
    h.frame({ type: "runtime_start_response", request_id: "r2", runtime: other, success: true, agent: { id: "agent-2", name: "reviewer" } });
    await h.waitFor("two tabs", (x) => x.includes("reviewer/"));
    h.store.dispatch({ type: "activate", key: Object.keys(h.store.getState().runtimes)[0]! });
    h.frame({ type: "update_loop_status", runtime: other, loop_status: { status: "EXECUTING_CLIENT_SIDE_TOOL", active_run_ids: ["r"], executing_tool_call_ids: [] } });
    await h.waitFor("the background runtime busy", (x) => x.includes("reviewer/conv-2  running tools"));
    await h.press(CTRL_C, CTRL_C);
    const s = await h.waitFor("the question", (x) => x.includes("Quit anyway?"));
    expect(s).toContain("At work: reviewer/");
    expect(h.actions.argsOf("quit")).toHaveLength(0);
  });
});
