import { render } from "ink-testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyRuntime } from "../../src/store/state.js";
import { StatusLine } from "../../src/ui/components/StatusLine.js";
import { foreignControl, HOSTILE_CASES, hostileCommand, inOrder, LONG_LINE, printableOf } from "../fixtures/hostile-text.js";
import { mountWithCard } from "./ui-cards.js";
import { KEY, mountApp, type Harness, type Json } from "./ui-harness.js";

// The display invariant on the bytes Ink writes: hostile server text on a card, in the
// transcript, in the status line and in the command editor shows every printable character,
// and no escape sequence of its own reaches the terminal. Colour is on, so the frames do hold
// Ink's SGR codes and the check has to tell them apart from the server's.

afterEach(() => vi.unstubAllEnvs());

const bashCard = (command: string, id = "c1"): Json => ({
  type: "control_request",
  request_id: `perm-${id}`,
  request: { subtype: "can_use_tool", tool_name: "Bash", tool_call_id: id, input: { command, description: "hostile" } },
});
const SGR = /\u001b\[[0-9;]*m/g;
/** The frame as a person reads it: Ink's own colour codes taken out. */
const text = (frame: string) => frame.replace(SGR, "");

/** No frame Ink wrote so far carries a control of the server's. */
function expectNoForeignControl(h: Harness): void {
  for (const f of h.frames()) expect(foreignControl(f)).toBeNull();
}

describe("hostile text on an approval card, on the raw frames", () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))("%s: the whole command shows, no sequence reaches the terminal", async (_n, c) => {
    vi.stubEnv("FORCE_COLOR", "1");
    const h = await mountApp();
    h.frame(bashCard(hostileCommand(c)));
    const s = await h.waitFor("the card", (x) => x.includes("1. Yes"));
    expect(s).toMatch(SGR);
    // Every printable character of the command, in order (the card adds its frame around them).
    expect(inOrder(printableOf(hostileCommand(c)), text(s))).toBe(true);
    expect(text(s)).toContain(`touch ./${c.name}.txt`);
    expectNoForeignControl(h);
  });

  it("draws an ESC byte's escape in inverse video, apart from a literal backslash", async () => {
    vi.stubEnv("FORCE_COLOR", "1");
    const h = await mountApp();
    h.frame(bashCard("printf '\\x1b' \u001b]0;t"));
    const s = await h.waitFor("the card", (x) => x.includes("1. Yes"));
    expect(s).toContain("\u001b[7m\\x1b\u001b[27m]0;t");
    // The typed backslash sequence is not inverse.
    expect(s).not.toContain("\u001b[7m\\x1b\u001b[27m'");
  });

  it("a 10 000-character command is folded with a count, and shows to its last character with f", async () => {
    const h = await mountWithCard(bashCard(`echo ${LONG_LINE} \u001b]; touch ./long.txt`), (x) => x.includes("1. Yes"));
    expect(text(h.screen())).toMatch(/… \d+ more lines \(f to show all\)/);
    await h.press("f");
    const s = await h.waitFor("the whole command", (x) => text(x).includes("LONG-END \\x1b]; touch ./long.txt"));
    // Every digit of it, in order, across the wrapped rows.
    const body = text(s).replace(/[\s│╭╮╰╯─$]/g, "");
    expect(body).toContain(LONG_LINE.replace(/\s/g, ""));
    expectNoForeignControl(h);
  });
});

describe("hostile text in the transcript", () => {
  it("the tool row and its output show every printable character, with visible escapes", async () => {
    vi.stubEnv("FORCE_COLOR", "1");
    const h = await mountApp();
    const cmds = HOSTILE_CASES.slice(0, 6).map((c) => hostileCommand(c));
    cmds.forEach((command, i) =>
      h.delta({ type: "message", message_type: "approval_request_message", id: `m${i}`, tool_calls: [{ tool_call_id: `t${i}`, name: "Bash", arguments: JSON.stringify({ command }) }] }),
    );
    const output = `out\u001b]8;;https://x.invalid/\u001b\\link\u001b]8;;\u001b\\ \u001b[8mconcealed \u001b[5mblink\u009b2J end`;
    h.delta({
      type: "message",
      message_type: "tool_return_message",
      id: "synthetic-tool-return-final-t0",
      tool_call_id: "t0",
      status: "success",
      tool_return: output,
      tool_returns: [{ tool_call_id: "t0", status: "success", tool_return: output }],
    });
    const s = await h.waitFor("the output", (x) => text(x).includes(" end"));
    for (const [i, c] of HOSTILE_CASES.slice(0, 6).entries()) {
      expect(text(s), `row ${i}`).toContain(`touch ./${c.name}.txt`);
      expect(inOrder(printableOf(hostileCommand(c)), text(s)), `row ${i}`).toBe(true);
    }
    expect(text(s)).toContain("out\\x1b]8;;https://x.invalid/\\x1b\\link\\x1b]8;;\\x1b\\ \\x1b[8mconcealed \\x1b[5mblink\\x9b2J end");
    expectNoForeignControl(h);
  });

  it("assistant markdown keeps the text after an unterminated OSC", async () => {
    const h = await mountApp();
    h.delta({ type: "message", message_type: "assistant_message", id: "a1", content: "safe \u001b]0; **then** the rest" });
    const s = await h.waitFor("the reply", (x) => x.includes("the rest"));
    expect(s).toContain("safe \\x1b]0; then the rest");
    expectNoForeignControl(h);
  });
});

describe("hostile text in the status line", () => {
  it("agent name, model, cwd and branch show as visible escapes", () => {
    const rt = {
      ...emptyRuntime("k", { agent_id: "agent-1", conversation_id: "conv-1" }),
      agentName: "ag\u001b]0;t\u0007ent",
      model: "mo\u009bdel",
    };
    const device = { current_connection_id: "x", is_online: true, is_processing: false, current_working_directory: "/w\u202eork", git_context: { branch: "br\u001b[8manch" } };
    const ui = render(<StatusLine connection={{ status: "connected", url: "ws://x" }} runtime={{ ...rt, device } as typeof rt} />);
    const s = ui.lastFrame() ?? "";
    ui.unmount();
    expect(foreignControl(s)).toBeNull();
    expect(s).toContain("ag\\x1b]0;t\\x07ent");
    expect(s).toContain("mo\\x9bdel");
    expect(s).toContain("/w\\u{202e}ork");
    expect(s).toContain("br\\x1b[8manch");
  });
});

describe("the command editor (e on a shell card)", () => {
  // A live hyperlink, concealed text and blink: all reached the terminal from the editor before.
  const raw = "echo \u001b]8;;https://x.invalid/\u001b\\link\u001b]8;;\u001b\\ \u001b[8mconcealed \u001b[5mblink";

  it("shows the raw command with visible escapes and sends it unchanged plus the edit", async () => {
    vi.stubEnv("FORCE_COLOR", "1");
    const h = await mountWithCard(bashCard(raw), (x) => x.includes("1. Yes"));
    await h.press("e");
    await h.waitFor("the editor", (x) => x.includes("Edit the command:"));
    await h.press(" ", "X");
    const s = await h.waitFor("the typed text", (x) => text(x).includes("blink X"));
    expect(text(s)).toContain("$ echo \\x1b]8;;https://x.invalid/\\x1b\\link\\x1b]8;;\\x1b\\ \\x1b[8mconcealed \\x1b[5mblink X");
    expectNoForeignControl(h);
    await h.press(KEY.enter);
    const answers = h.actions.argsOf("answerApproval");
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0])).toContain(JSON.stringify(`${raw} X`));
  });
});
