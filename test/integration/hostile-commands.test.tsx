import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import { App, APPROVAL_GUARD_MS } from "../../src/ui/App.js";
import { fakeTerminal } from "../fakes/terminal.js";
import { foreignControl, HOSTILE_CASES, hostileCommand, inOrder, LONG_LINE, printableOf } from "../fixtures/hostile-text.js";
import { runtimeOf, sleep, startLettaServer, testSession, waitFor, type LettaServer } from "./support.js";

// The hostile corpus through the real App Server: the scripted model calls Bash with each
// command of the corpus (escape bytes and all), the card is checked on the raw frames Ink
// writes, then approved with y, and what ran is checked against what the card showed: the
// part a terminal trick would have hidden (`touch ./<case>.txt`) both shows and runs.

let server: LettaServer;
let session: Session;
let ui: ReturnType<typeof render>;
const SGR = /\u001b\[[0-9;]*m/g;
const screen = () => (ui.lastFrame() ?? "").replace(SGR, "");
const idle = () => runtimeOf(session.store.getState(), session).loop?.status === "WAITING_ON_INPUT";

/**
 * A directive that makes the model call Bash with exactly `command`. Every character of the
 * command is a \u escape in the JSON: the user message carries no control bytes of its own,
 * and its transcript row does not spell the command out, so only the card and the tool row can
 * show it. The model's JSON.parse puts the real bytes in the tool call.
 */
function bashDirective(command: string): string {
  const escaped = [...command].map((ch) => [...ch].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")).join("");
  return `[[tool:Bash|{"command":"${escaped}","description":"hostile corpus"}]]`;
}

/** The text inside the approval card's round border, borders and padding taken off. */
function cardText(): string {
  const lines = screen().split("\n");
  const top = lines.findLastIndex((l) => l.startsWith("╭"));
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith("╰"));
  if (top < 0 || bottom < 0) return "";
  return lines
    .slice(top + 1, bottom)
    .map((l) => l.replace(/^│ ?/, "").replace(/ *│$/, ""))
    .join("\n");
}

/** The transcript's one-line row of the latest Bash call. */
const toolRow = () => screen().split("\n").findLast((l) => l.includes("Bash $ echo safe-start")) ?? "";

/** Frames Ink wrote from index `from` on, each checked for a control it does not write itself. */
function foreignIn(from: number): string[] {
  return ui.frames.slice(from).flatMap((f, i) => {
    const bad = foreignControl(f);
    return bad ? [`frame ${from + i}: ${bad}`] : [];
  });
}

/** Send `command` through the model, wait for its card; returns the index of the first frame of the turn. */
async function showCard(command: string, marker: string): Promise<number> {
  await waitFor("idle before the turn", idle);
  const from = ui.frames.length;
  session.controller.sendMessage(bashDirective(command));
  await waitFor(`the card for ${marker}`, () => cardText().includes("1. Yes") && cardText().includes(marker), 60_000);
  return from;
}

async function approve(): Promise<void> {
  // The keystroke guard: a key counts only on a card that has been on screen, quiet, this long.
  await sleep(APPROVAL_GUARD_MS + 250);
  ui.stdin.write("y");
}

beforeAll(async () => {
  // Colour on, so frames hold Ink's SGR codes and the check has to tell them apart.
  process.env.FORCE_COLOR = "1";
  server = await startLettaServer();
  session = await testSession(server);
  ui = render(<App store={session.store} actions={uiActionsFor(session.controller, () => undefined)} />);
  await waitFor("the app", () => screen().includes("● connected"));
});
// A case that fails leaves its card waiting: deny it, so the next case starts from idle.
afterEach(async () => {
  for (const id of runtimeOf(session.store.getState(), session).approvals.order) {
    session.controller.answerApproval(id, { behavior: "deny", message: "test cleanup" });
  }
  await waitFor("idle after the case", idle, 60_000);
});
afterAll(async () => {
  ui?.unmount();
  await session?.close();
  await server?.stop();
  delete process.env.FORCE_COLOR;
});

describe("hostile commands through the real server", () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))("%s: the card shows the whole command, and that is what runs", async (name, c) => {
    const command = hostileCommand(c);
    const from = await showCard(command, `touch ./${name}.txt`);
    const card = cardText();
    // Every printable character of the command, in order, and no sequence of the server's.
    expect(inOrder(printableOf(command), card)).toBe(true);
    expect(foreignIn(from)).toEqual([]);
    await approve();
    await waitFor(`${name}.txt, created by the part of the command the card showed`, () => existsSync(join(server.workDir, `${name}.txt`)), 60_000);
    await waitFor("idle", idle, 60_000);
    // The transcript row of the call shows the same command.
    await waitFor("the transcript row", () => toolRow().includes(`touch ./${name}.txt`));
    expect(inOrder(printableOf(command), toolRow())).toBe(true);
    expect(foreignIn(from)).toEqual([]);
  });

  it("a 10 000-character line: folded with a count, whole with f, and written whole", async () => {
    const command = `echo ${LONG_LINE} \u001b[5m > long.txt`;
    const from = await showCard(command, "1. Yes");
    expect(cardText()).toMatch(/… \d+ more lines \(f to show all\)/);
    await sleep(APPROVAL_GUARD_MS + 250);
    ui.stdin.write("f");
    await waitFor("the whole command", () => cardText().includes("LONG-END \\x1b[5m > long.txt"));
    expect(cardText().replace(/\s/g, "")).toContain(LONG_LINE);
    expect(foreignIn(from)).toEqual([]);
    await approve();
    await waitFor("long.txt", () => existsSync(join(server.workDir, "long.txt")), 60_000);
    await waitFor("idle", idle, 60_000);
    expect(readFileSync(join(server.workDir, "long.txt"), "utf8")).toBe(`${LONG_LINE} \u001b[5m\n`);
    expect(foreignIn(from)).toEqual([]);
  });
});

describe("the command editor on a hostile card", () => {
  it("shows the raw command with visible escapes; what runs is the raw command plus the edit", async () => {
    // A live hyperlink, concealed text and blink: all reached the terminal from the editor before.
    const payload = "\u001b]8;;https://example.invalid/\u001b\\link\u001b]8;;\u001b\\ \u001b[8mconcealed \u001b[5mblink";
    const command = `printf '%s' '${payload}' > edit-src.txt`;
    const from = await showCard(command, "edit-src.txt");
    await sleep(APPROVAL_GUARD_MS + 250);
    ui.stdin.write("e");
    await waitFor("the editor", () => screen().includes("Edit the command:"));
    ui.stdin.write("; touch ./edited.txt");
    await waitFor("the edit", () => cardText().includes("touch ./edited.txt"));
    // The field wraps the long command over rows: compared without the white space.
    const shown = "$ printf '%s' '\\x1b]8;;https://example.invalid/\\x1b\\link\\x1b]8;;\\x1b\\ \\x1b[8mconcealed \\x1b[5mblink' > edit-src.txt; touch ./edited.txt";
    expect(cardText().replace(/\s/g, "")).toContain(shown.replace(/\s/g, ""));
    expect(foreignIn(from)).toEqual([]);
    await sleep(100);
    ui.stdin.write("\r");
    await waitFor("the edited command ran", () => existsSync(join(server.workDir, "edited.txt")), 60_000);
    await waitFor("idle", idle, 60_000);
    // The raw bytes went to the shell, untouched by the display.
    expect(readFileSync(join(server.workDir, "edit-src.txt"), "utf8")).toBe(payload);
    expect(foreignIn(from)).toEqual([]);
  });
});

describe("a start-up error that quotes the server", () => {
  it("is one line on stderr with the server's escapes made visible", async () => {
    let err = "";
    const agent = "agent-\u001b]0;pwned\u0007\u009b2Jmissing";
    const code = await main(["--url", server.url, "--agent", agent, "--conversation", "default"], { stdout: fakeTerminal(), stderr: { write: (t: string) => (err += t) } });
    expect(code).toBe(1);
    expect(err).toContain("agent-\\x1b]0;pwned\\x07\\x9b2Jmissing");
    expect(foreignControl(err.trimEnd())).toBeNull();
    expect(err.trimEnd().split("\n")).toHaveLength(1);
  });
});
