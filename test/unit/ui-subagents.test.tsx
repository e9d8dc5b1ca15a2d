import { describe, expect, it } from "vitest";
import { mountApp } from "./ui-harness.js";

// A background subagent outlives the Task call that dispatched it: once that row is printed
// into the scrollback, the subagent's status still needs a place on screen.

describe("subagents without a live Task row", () => {
  it("running ones show in a block of their own; finished ones do not", async () => {
    const h = await mountApp();
    // The Task call finished and was printed: its row is no longer live.
    h.delta({ type: "message", message_type: "tool_call_message", id: "m1", tool_call: { tool_call_id: "task-1", name: "Task", arguments: "{}" } });
    h.delta({ type: "message", message_type: "tool_return_message", id: "r1", tool_call_id: "task-1", status: "success", tool_return: "dispatched" });
    h.delta({ id: "l1", message_type: "client_tool_end", tool_call_id: "task-1", status: "success" });
    h.frame({
      type: "update_subagent_state",
      subagents: [
        { subagent_id: "s1", subagent_type: "explore", description: "scan repo", status: "running", tool_call_id: "task-1", is_background: true },
        { subagent_id: "s2", subagent_type: "review", description: "old job", status: "completed", tool_call_id: "task-0", is_background: true },
      ],
    });
    const s = await h.waitFor("the block", (x) => x.includes("background subagents"));
    expect(s).toMatch(/↳ explore scan repo running · 0 tools · background/);
    expect(s).not.toContain("old job");
  });
});
