import { describe, expect, it } from "vitest";
import { REJECTED_CARD_MS } from "../../src/ui/components/RejectedCardView.js";
import { RUNTIME, mountApp, sleep } from "./ui-harness.js";

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
    expect(s).toContain("1 auto-approved (Read) · 1 auto-denied (Bash) · 2 need you (Write, Bash)");
  });

  it("is not shown on a card outside that batch (the classification outlives its turn)", async () => {
    const h = await mountApp();
    h.delta({
      type: "message",
      message_type: "approval_request_message",
      id: "m1",
      tool_calls: [
        { tool_call_id: "c1", name: "Read", arguments: '{"file_path":"/a"}' },
        { tool_call_id: "c3", name: "Write", arguments: '{"file_path":"/b","content":"x"}' },
      ],
    });
    h.delta({ message_type: "approval_classification_end", auto_allowed_tool_call_ids: ["c1"], auto_denied_tool_call_ids: [], user_input_tool_call_ids: ["c3"] });
    // A later turn asks about a call that batch never saw.
    h.frame({
      type: "control_request",
      request_id: "perm-c9",
      request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "make later" }, tool_call_id: "c9" },
    });
    const s = await h.waitFor("the card", (x) => x.includes("make later") && x.includes("y yes"));
    expect(s).not.toContain("auto-approved");
    expect(s).not.toContain("need you");
  });

  it("shows a refused answer on the card, then closes it", async () => {
    const h = await mountApp();
    h.frame({
      type: "control_request",
      request_id: "perm-c9",
      request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "make deploy" }, tool_call_id: "c9" },
    });
    await h.waitFor("the card", (x) => x.includes("make deploy") && x.includes("y yes"));
    h.store.dispatch({ type: "approval_sent", scope: RUNTIME, requestId: "ap-9", approvalId: "perm-c9", behavior: "allow" });
    await h.waitFor("sending", (x) => x.includes("sending answer"));
    h.frame({ type: "input_accepted", request_id: "ap-9", accepted: false, error: "Approval request is no longer pending" });
    const refused = await h.waitFor("the refusal on the card", (x) => x.includes("Your answer was not applied: Approval request is no longer pending"));
    expect(refused).toContain("closing…");
    expect(refused).not.toContain("y yes");
    await sleep(REJECTED_CARD_MS + 200);
    await h.waitFor("the card closed", (x) => !x.includes("Your answer was not applied") && !x.includes("closing…"));
    // The transcript keeps the record.
    expect(h.screen()).toContain("approval not applied: Approval request is no longer pending");
  }, 10_000);
});
