import { describe, expect, it } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { count, lines, mountApp, RUNTIME, type Json } from "./ui-harness.js";

// Delta types that only had reducer tests, checked on the screen of the real <App>: user
// messages, system/event/summary messages, commands, stop reasons, loop errors, approval responses.

const msg = (message_type: string, fields: Json): Json => ({ type: "message", message_type, ...fields });
const life = (message_type: string, fields: Json): Json => ({ id: `lifecycle-${message_type}`, message_type, ...fields });

describe("user_message", () => {
  it("the echo of our own message is shown once, as sent", async () => {
    const h = await mountApp();
    h.store.dispatch({ type: "message_sent", scope: RUNTIME, requestId: "in-1", clientMessageId: "cm-1", text: "build it please" });
    h.frame({ type: "input_accepted", request_id: "in-1", accepted: true, disposition: "started" });
    h.delta(msg("user_message", { id: "u-1", otid: "cm-1", content: "build it please" }));
    h.delta(msg("assistant_message", { id: "a1", content: "REPLY-MARK" }));
    const s = await h.waitFor("the reply", (x) => x.includes("REPLY-MARK"));
    expect(count(s, "build it please")).toBe(1);
    expect(lines(s).find((l) => l.includes("build it please"))).toMatch(/^› build it please$/);
  });

  it("another client's input appears as a user line", async () => {
    const h = await mountApp();
    h.delta(msg("user_message", { id: "u-2", otid: "someone-else", content: [{ type: "text", text: "typed in the desktop app" }] }));
    await h.waitFor("their message", (x) => lines(x).some((l) => l === "› typed in the desktop app"));
  });

  it("a task notification is a note with its summary, not something the user said", async () => {
    const h = await mountApp();
    const text = "<task-notification><summary>Reflection finished.</summary><agent-id>x</agent-id></task-notification>";
    h.delta(msg("user_message", { id: "u-3", content: text }));
    const s = await h.waitFor("the note", (x) => x.includes("· ⚙ background task: Reflection finished."));
    expect(s).not.toContain("<task-notification>");
    expect(s).not.toContain("› <");
  });
});

describe("notices from other message types", () => {
  it("system_message, event_message and summary_message (0.32.18's names) are one-line notes", async () => {
    const h = await mountApp();
    h.delta(msg("system_message", { id: "s1", content: "You are a helpful agent." }));
    h.delta(msg("event_message", { id: "e1", event_type: "compaction" }));
    h.delta(msg("summary_message", { id: "m1", summary: "We fixed the build." }));
    h.delta(msg("summary", { id: "m2" }));
    const s = await h.waitFor("the last note", (x) => x.includes("· conversation summarized"));
    expect(s).toContain("· system: You are a helpful agent.");
    expect(s).toContain("· event: compaction");
    expect(s).toContain("· summary: We fixed the build.");
  });

  it("command_start shows the command running; a failed command_end marks that same block", async () => {
    const h = await mountApp();
    h.delta(life("command_start", { command_id: "c1", input: "/init" }));
    await h.waitFor("running", (x) => x.includes("◐ /init running…"));
    h.delta(life("command_end", { command_id: "c1", input: "/init", success: false, output: "Unknown command: init" }));
    const s = await h.waitFor("the end", (x) => x.includes("✗ /init"));
    expect(s).toContain("└ Unknown command: init");
    expect(s).not.toContain("running");
  });

  it("a command's output shows as a block: every line, escapes visible, the start kept when long", async () => {
    const h = await mountApp();
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    h.delta(life("slash_command_end", { command_id: "c2", input: "/compact", output: `Compaction completed.\x1b]0;title\x07\n${lines.join("\n")}`, success: true }));
    const s = await h.waitFor("the block", (x) => x.includes("▸ /compact"));
    expect(s).toContain("Compaction completed.\\x1b]0;title\\x07");
    expect(s).toContain("line 10");
    expect(s).not.toContain("line 30");
    expect(s).toMatch(/… \d+ more lines \(Ctrl\+O\)/);
  });

  it("approval_response_message adds nothing: the card and the tool row already show the answer", async () => {
    const h = await mountApp();
    h.delta(msg("approval_response_message", { id: "ar1", approvals: [{ tool_call_id: "c1", approve: true }] }));
    h.delta(msg("assistant_message", { id: "a1", content: "AFTER-MARK" }));
    const s = await h.waitFor("the marker", (x) => x.includes("AFTER-MARK"));
    expect(s).not.toMatch(/approval_response|· \[/);
  });
});

describe("stop reasons and loop errors", () => {
  it("a stop_reason other than end_turn says why the turn ended; end_turn and requires_approval say nothing", async () => {
    const h = await mountApp();
    for (const reason of ["end_turn", "requires_approval", "max_tokens"]) h.delta(msg("stop_reason", { id: `sr-${reason}`, stop_reason: reason }));
    const s = await h.waitFor("the notice", (x) => x.includes("· turn ended: max_tokens"));
    expect(s).not.toContain("end_turn");
    expect(s).not.toContain("requires_approval");
  });

  it("a non-terminal loop_error is a warning, not an error, and the turn goes on", async () => {
    const h = await mountApp();
    h.delta(life("loop_error", { message: "Unsupported input payload kind: nonsense", stop_reason: "error", is_terminal: false }));
    const s = await h.waitFor("the warning", (x) => x.includes("Unsupported input payload kind"));
    expect(s).toContain("· Unsupported input payload kind: nonsense");
    expect(s).not.toContain("turn ended");
    // Its colour comes from the level (chalk draws no colour under test).
    const rt = h.store.getState().runtimes[`${RUNTIME.agent_id}/${RUNTIME.conversation_id}`]!;
    expect(allItems(rt.transcript).filter((i) => i.kind === "notice").map((i) => i.kind === "notice" && i.level)).toEqual(["warning"]);
  });

  it("a terminal loop_error ends the turn with the API error, once even after turn_finished said it", async () => {
    const h = await mountApp();
    h.delta(life("loop_error", { message: "LLM request failed", stop_reason: "error", is_terminal: true, api_error: { message: "HTTP 529 overloaded" } }));
    await h.waitFor("the error", (x) => x.includes("· turn ended: LLM request failed: HTTP 529 overloaded"));
    // 0.32.18's order (test/fixtures/frames/errors.jsonl): turn_finished with the error, then the loop_error.
    h.frame({ type: "turn_finished", turn_id: "t1", stop_reason: "error", error: "Agent agent-nope not found" });
    h.delta(life("loop_error", { message: "Agent agent-nope not found", stop_reason: "error", is_terminal: true }));
    h.delta(msg("assistant_message", { id: "a1", content: "AFTER-MARK" }));
    const s = await h.waitFor("the marker", (x) => x.includes("AFTER-MARK"));
    expect(count(s, "Agent agent-nope not found")).toBe(1);
  });
});
