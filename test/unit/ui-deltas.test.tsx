import { afterEach, describe, expect, it, vi } from "vitest";
import { allItems } from "../../src/store/archive.js";
import { count, KEY, lines, mountApp, RUNTIME, type Json } from "./ui-harness.js";

// Every delta type of PROTOCOL §4.1, fed to the real <App> through the store, checked on screen.

const msg = (message_type: string, fields: Json): Json => ({ type: "message", message_type, ...fields });
const life = (message_type: string, fields: Json): Json => ({ id: `lifecycle-${message_type}`, message_type, ...fields });
const bashCall = (id: string, args: string): Json =>
  msg("approval_request_message", { id: `msg-${id}`, tool_calls: [{ tool_call_id: id, name: "Bash", arguments: args }] });
const streamOut = (id: string, stdout: string[]): Json =>
  msg("tool_return_message", {
    id: `synthetic-tool-return-stream-${id}`,
    tool_returns: [{ tool_call_id: id, status: "success", tool_return: stdout.join("\n"), stdout }],
  });
const finalReturn = (id: string, status: "success" | "error", text: string): Json =>
  msg("tool_return_message", {
    id: `synthetic-tool-return-final-${id}`,
    tool_call_id: id,
    status,
    tool_return: text,
    tool_returns: [{ tool_call_id: id, status, tool_return: text }],
  });

/** Every ESC on screen must start an SGR colour code; anything else would reach the terminal. */
function nonSgrEscapes(screen: string): string[] {
  return [...screen.matchAll(/\u001B(\[[0-9;]*m)?/g)].filter((m) => m[1] === undefined).map((m) => JSON.stringify(screen.slice(m.index, m.index + 12)));
}

afterEach(() => vi.unstubAllEnvs());

describe("message deltas", () => {
  it("assistant_message renders markdown: heading and code block as text, no ** markers", async () => {
    const h = await mountApp();
    h.delta(msg("assistant_message", { id: "a1", content: "# Plan\n\nSome **bold** move" }));
    // A second chunk of the same id appends, here closing a fenced block.
    h.delta(msg("assistant_message", { id: "a1", content: [{ type: "text", text: "\n\n```ts\nconst answer = 42;\n```\n" }] }));
    const s = await h.waitFor("the code line", (x) => x.includes("const answer = 42;"));
    expect(s).toContain("Plan");
    expect(s).toContain("Some bold move");
    expect(s).not.toContain("**");
    expect(s).not.toContain("```");
  });

  it("reasoning_message is one collapsed 'thinking' line until Ctrl+O expands it", async () => {
    const h = await mountApp();
    h.delta(msg("reasoning_message", { id: "r1", reasoning: "first I look\n" }));
    h.delta(msg("reasoning_message", { id: "r1", reasoning: "then I act" }));
    const collapsed = await h.waitFor("the collapsed line", (x) => x.includes("thinking (2 lines)"));
    expect(collapsed).toContain("Ctrl+O to expand");
    expect(collapsed).not.toContain("first I look");
    await h.press(KEY.ctrlO);
    const open = await h.waitFor("the full reasoning", (x) => x.includes("first I look") && x.includes("then I act"));
    expect(open).not.toContain("Ctrl+O to expand");
  });

  it("hidden_reasoning_message shows a thinking placeholder, '(thinking hidden)' when verbose", async () => {
    const h = await mountApp();
    h.delta(msg("hidden_reasoning_message", { id: "h1", state: "redacted" }));
    await h.waitFor("the collapsed placeholder", (x) => x.includes("∴ thinking · Ctrl+O to expand"));
    // Already printed for good, so verbose applies to the next one.
    await h.press(KEY.ctrlO);
    h.delta(msg("hidden_reasoning_message", { id: "h2", state: "omitted" }));
    await h.waitFor("the verbose placeholder", (x) => x.includes("(thinking hidden)"));
  });

  it("approval_request_message: tool name and the shell command from streamed argument fragments", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-1", '{"command":"l'));
    // Later chunks may omit the name; arguments concatenate per tool_call_id.
    h.delta(msg("approval_request_message", { id: "msg-call-1", tool_calls: [{ tool_call_id: "call-1", arguments: 's -la"}' }] }));
    const s = await h.waitFor("the Bash row", (x) => x.includes("$ ls -la"));
    expect(lines(s).find((l) => l.includes("$ ls -la"))).toMatch(/○ Bash \$ ls -la/);
  });

  it("tool_call_message (server-side tool) shows the name and compact JSON args", async () => {
    const h = await mountApp();
    h.delta(msg("tool_call_message", { id: "m1", tool_call: { tool_call_id: "srv-1", name: "web_search", arguments: '{"query":"ink 8"}' } }));
    await h.waitFor("the server tool row", (x) => x.includes('web_search {"query":"ink 8"}'));
  });

  it("streaming tool output replaces the earlier frame instead of appending", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-1", '{"command":"make"}'));
    h.delta(life("client_tool_start", { tool_call_id: "call-1", tool_name: "Bash", tool_args: '{"command":"make"}' }));
    await h.waitFor("the running mark", (x) => x.includes("◐ Bash $ make"));
    h.delta(streamOut("call-1", ["build 1", "build 2"]));
    await h.waitFor("first output", (x) => x.includes("build 2"));
    h.delta(streamOut("call-1", ["build 1", "build 2", "build 3"]));
    let s = await h.waitFor("cumulative output", (x) => x.includes("build 3"));
    expect(count(s, "build 1")).toBe(1);
    expect(count(s, "build 2")).toBe(1);
    // The server caps the tail: lines dropping off the front leave the screen too.
    h.delta(streamOut("call-1", ["build 3", "build 4"]));
    s = await h.waitFor("the capped tail", (x) => x.includes("build 4"));
    expect(s).not.toContain("build 1");
    h.delta(life("client_tool_end", { tool_call_id: "call-1", status: "success" }));
    await h.waitFor("the ✓ mark", (x) => x.includes("✓ Bash $ make"));
  });

  it("a final tool_return without streamed output before it shows its text with ✓", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-5", '{"command":"make"}'));
    h.delta(life("client_tool_start", { tool_call_id: "call-5" }));
    h.delta(life("client_tool_end", { tool_call_id: "call-5", status: "success" }));
    h.delta(finalReturn("call-5", "success", "built ok"));
    await h.waitFor("the final row", (x) => x.includes("✓ Bash $ make") && x.includes("built ok"));
  });

  it("the final tool_return after streamed output replaces the streamed tail", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-6", '{"command":"make"}'));
    h.delta(life("client_tool_start", { tool_call_id: "call-6" }));
    h.delta(streamOut("call-6", ["partial tail"]));
    h.delta(life("client_tool_end", { tool_call_id: "call-6", status: "success" }));
    h.delta(finalReturn("call-6", "success", "full output"));
    const s = await h.waitFor("the final output", (x) => x.includes("full output"), 500);
    expect(s).not.toContain("partial tail");
  });

  it("a failed tool return marks the row ✗ with its output", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-2", '{"command":"false"}'));
    h.delta(life("client_tool_start", { tool_call_id: "call-2" }));
    h.delta(life("client_tool_end", { tool_call_id: "call-2", status: "error" }));
    h.delta(finalReturn("call-2", "error", "exit status 1"));
    const s = await h.waitFor("the error row", (x) => x.includes("✗ Bash $ false"));
    expect(s).toContain("exit status 1");
  });

  it("approval_classification_end marks a row awaiting approval with ?", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-3", '{"command":"rm -rf build"}'));
    h.delta(life("approval_classification_end", { user_input_tool_call_ids: ["call-3"] }));
    await h.waitFor("the ? mark", (x) => x.includes("? Bash $ rm -rf build"));
  });
});

describe("lifecycle deltas and turn ends", () => {
  it("status, retry, loop_error, error_message, slash commands and unknown deltas are one-line notices", async () => {
    const h = await mountApp();
    h.delta(life("status", { message: "Interrupted", level: "warning" }));
    h.delta(life("retry", { message: "rate limited", reason: "llm_api_error", attempt: 2, max_attempts: 5, delay_ms: 4000 }));
    h.delta(life("loop_error", { message: "Agent agent-1 not found", stop_reason: "error", is_terminal: true }));
    h.delta(msg("error_message", { id: "e1", message: "Provider error", error_type: "llm_error", detail: "HTTP 503" }));
    h.delta(life("slash_command_start", { command_id: "c1", input: "/compact all" }));
    h.delta(life("slash_command_end", { command_id: "c1", input: "/compact all", output: "compacted 12 messages", success: true }));
    h.delta({ type: "message", message_type: "quantum_message", id: "q1", superposition: true });
    const s = await h.waitFor("the last notice", (x) => x.includes("[quantum_message]"));
    for (const text of [
      "· Interrupted",
      "· retrying 2/5 in 4 s",
      "· turn ended: Agent agent-1 not found",
      "· Provider error: HTTP 503",
      "▸ /compact all",
      "└ compacted 12 messages",
      "· [quantum_message]",
    ]) {
      expect(s).toContain(text);
    }
  });

  it("turn_finished: max_steps says 'turn ended: max_steps', cancelled says 'turn cancelled'", async () => {
    const h = await mountApp();
    h.frame({ type: "turn_finished", turn_id: "t1", stop_reason: "max_steps" });
    await h.waitFor("max_steps", (x) => x.includes("turn ended: max_steps"));
    h.frame({ type: "turn_finished", turn_id: "t2", stop_reason: "cancelled" });
    const s = await h.waitFor("cancelled", (x) => x.includes("turn cancelled"));
    // An ordinary end says nothing.
    expect(s).not.toContain("end_turn");
  });

  it("turn_finished closes an unfinished tool row as failed (✗), not left spinning", async () => {
    const h = await mountApp();
    h.delta(bashCall("call-4", '{"command":"sleep 9"}'));
    h.delta(life("client_tool_start", { tool_call_id: "call-4" }));
    await h.waitFor("running", (x) => x.includes("◐ Bash"));
    h.frame({ type: "turn_finished", turn_id: "t3", stop_reason: "cancelled" });
    await h.waitFor("closed row", (x) => x.includes("✗ Bash $ sleep 9") && !x.includes("◐"));
  });

  it("usage_statistics adds up in the status line as a token count", async () => {
    const h = await mountApp();
    h.delta(msg("usage_statistics", { id: "u1", prompt_tokens: 1900, completion_tokens: 44, total_tokens: 1944 }));
    const s = await h.waitFor("the token count", (x) => x.includes("1.9k tokens"));
    expect(lines(s).at(-1)).toContain("1.9k tokens");
  });
});

describe("subagents", () => {
  it("a subagent's deltas stay out of the transcript; its state shows under the Task row", async () => {
    const h = await mountApp();
    h.delta(msg("approval_request_message", {
      id: "m-task",
      tool_calls: [{ tool_call_id: "task-1", name: "Task", arguments: '{"description":"scan repo"}' }],
    }));
    h.delta(msg("assistant_message", { id: "sub-a1", content: "SUBAGENT-WORDS" }), { subagent_id: "sub-1" });
    // A main delta after it: once that is on screen, the subagent delta was handled too.
    h.delta(msg("reasoning_message", { id: "marker", reasoning: "main marker" }));
    let s = await h.waitFor("the main marker", (x) => x.includes("∴ thinking"));
    expect(s).not.toContain("SUBAGENT-WORDS");
    const rt = h.store.getState().runtimes[`${RUNTIME.agent_id}/${RUNTIME.conversation_id}`];
    expect(allItems(rt!.transcript).some((i) => "text" in i && i.text.includes("SUBAGENT-WORDS"))).toBe(false);

    h.frame({
      type: "update_subagent_state",
      subagents: [
        {
          subagent_id: "sub-1",
          subagent_type: "explore",
          description: "scan repo",
          status: "running",
          tool_call_id: "task-1",
          tool_calls: [{ id: "t1", name: "Grep" }, { id: "t2", name: "Read" }],
          total_tokens: 12345,
        },
      ],
    });
    s = await h.waitFor("the subagent block", (x) => x.includes("↳ explore"));
    const screen = lines(s);
    const task = screen.findIndex((l) => l.includes("Task"));
    const block = screen.findIndex((l) => l.includes("↳ explore"));
    expect(block).toBe(task + 1);
    expect(screen[block]).toMatch(/↳ explore scan repo running · 2 tools · 12,345 tokens/);
    // Its latest streamed line appears only as the block's activity line, never as an item.
    expect(screen[block + 1]).toContain("SUBAGENT-WORDS");
    expect(count(s, "SUBAGENT-WORDS")).toBe(1);
  });
});

describe("sanitising on screen", () => {
  const hostile = "before\u001B]52;c;aGk=\u0007mid\u001B]0;title\u0007\u001B[2K\u001B[1Gafter";

  it("OSC 52, OSC 0 and cursor moves in assistant text and tool output never reach the frame", async () => {
    // Colour on, so the frame does hold SGR codes and the check tells them apart.
    vi.stubEnv("FORCE_COLOR", "1");
    const h = await mountApp();
    h.delta(msg("assistant_message", { id: "a-h", content: `**${hostile}**` }));
    h.delta(bashCall("call-h", JSON.stringify({ command: `echo ${hostile}` })));
    h.delta(streamOut("call-h", [hostile, `line2 ${hostile}`]));
    const s = await h.waitFor("the hostile output", (x) => x.includes("line2"));
    expect(s).toMatch(/\u001B\[[0-9;]*m/);
    // Every printable character stays, in order; each control shows as its visible escape.
    const shown = "before\\x1b]52;c;aGk=\\x07mid\\x1b]0;title\\x07\\x1b[2K\\x1b[1Gafter";
    expect(count(s.replace(/\u001B\[[0-9;]*m/g, ""), shown)).toBeGreaterThanOrEqual(3);
    expect(nonSgrEscapes(s)).toEqual([]);
    expect(s).not.toContain("\u0007");
  });
});
