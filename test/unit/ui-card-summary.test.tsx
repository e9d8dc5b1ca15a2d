import { describe, expect, it, vi } from "vitest";
import { REJECTED_CARD_MS } from "../../src/ui/components/RejectedCardView.js";
import { fakeTimeouts, settled } from "../clock.js";
import { RUNTIME, mountApp, type Harness } from "./ui-harness.js";

// What the harness decided about a batch without asking, shown on the card that does ask.

/** One model step calling `tools` (id -> name), classified by the harness as given. */
function classifiedBatch(h: Harness, tools: Record<string, string>, c: { allowed: string[]; denied: string[]; asks: string[] }) {
  const tool_calls = Object.entries(tools).map(([tool_call_id, name]) => ({ tool_call_id, name, arguments: "{}" }));
  h.delta({ type: "message", message_type: "approval_request_message", id: "m1", tool_calls });
  h.delta({
    message_type: "approval_classification_end",
    auto_allowed_tool_call_ids: c.allowed,
    auto_denied_tool_call_ids: c.denied,
    user_input_tool_call_ids: c.asks,
  });
}

describe("approval card batch summary", () => {
  it("names what was auto-approved and auto-denied, and counts the card within the batch", async () => {
    const h = await mountApp();
    classifiedBatch(h, { c1: "Read", c2: "Bash", c3: "Write", c4: "Bash" }, { allowed: ["c1"], denied: ["c2"], asks: ["c3", "c4"] });
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
    classifiedBatch(h, { c1: "Read", c3: "Write" }, { allowed: ["c1"], denied: [], asks: ["c3"] });
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
    // The card's few seconds pass on fake timers (which also follow real time, for the polls).
    fakeTimeouts({ drift: true });
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
    // Its timer starts in an effect after the frame that shows it: let effects run, then half
    // its time pass (however slow this machine was since it was drawn): still there.
    await settled();
    vi.advanceTimersByTime(REJECTED_CARD_MS / 2);
    await settled(); // a render it caused, if any
    expect(h.screen()).toContain("Your answer was not applied");
    vi.advanceTimersByTime(REJECTED_CARD_MS / 2);
    await h.waitFor("the card closed", (x) => !x.includes("Your answer was not applied") && !x.includes("closing…"));
    // The transcript keeps the record.
    expect(h.screen()).toContain("approval not applied: Approval request is no longer pending");
    // Another runtime has a refusal of its own; back here, this old one does not show again.
    const other = { agent_id: "agent-2", conversation_id: "conv-2" };
    h.frame({ type: "runtime_start_response", request_id: "r2", runtime: other, success: true, agent: { id: "agent-2", name: "other" } });
    h.store.dispatch({ type: "activate", key: "agent-2/conv-2" });
    await h.waitFor("the other runtime", (x) => x.includes("other agent-2/conv-2"));
    h.frame({ type: "control_request", runtime: other, request_id: "perm-c8", request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" }, tool_call_id: "c8" } });
    await h.waitFor("its card", (x) => x.includes("$ ls"));
    h.store.dispatch({ type: "approval_sent", scope: other, requestId: "ap-8", approvalId: "perm-c8", behavior: "allow" });
    h.frame({ type: "input_accepted", runtime: other, request_id: "ap-8", accepted: false, error: "gone" });
    await h.waitFor("its refusal", (x) => x.includes("Your answer was not applied: gone"));
    await settled();
    vi.advanceTimersByTime(REJECTED_CARD_MS);
    await h.waitFor("its refusal closed", (x) => !x.includes("Your answer was not applied"));
    h.store.dispatch({ type: "activate", key: "agent-1/conv-1" });
    // The frame that shows this runtime again is the one that would show its old refusal.
    const back = await h.waitFor("back", (x) => x.includes("tester agent-1/conv-1"));
    expect(back).not.toContain("Your answer was not applied");
  });
});
