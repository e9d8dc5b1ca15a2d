import { describe, expect, it } from "vitest";
import { mountApp } from "./ui-harness.js";

// What the harness decided about a batch without asking, shown on the card that does ask.

describe("approval card batch summary", () => {
  it("names what was auto-approved and auto-denied, and counts the card within the batch", async () => {
    const h = await mountApp();
    h.delta({
      type: "message",
      message_type: "approval_request_message",
      id: "m1",
      tool_calls: [
        { tool_call_id: "c1", name: "Read", arguments: '{"file_path":"/a"}' },
        { tool_call_id: "c2", name: "Bash", arguments: '{"command":"rm -rf /"}' },
        { tool_call_id: "c3", name: "Write", arguments: '{"file_path":"/b","content":"x"}' },
        { tool_call_id: "c4", name: "Bash", arguments: '{"command":"make"}' },
      ],
    });
    h.delta({
      message_type: "approval_classification_end",
      auto_allowed_tool_call_ids: ["c1"],
      auto_denied_tool_call_ids: ["c2"],
      user_input_tool_call_ids: ["c3", "c4"],
    });
    h.frame({
      type: "control_request",
      request_id: "perm-c3",
      request: { subtype: "can_use_tool", tool_name: "Write", input: { file_path: "/b", content: "x" }, tool_call_id: "c3" },
    });
    const s = await h.waitFor("the card", (x) => x.includes("1 of 2"));
    expect(s).toContain("1 auto-approved (Read) · 1 auto-denied (Bash) · 2 need you");
  });
});
