import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "../../src/cli/session.js";
import { uiActionsFor } from "../../src/controller/actions.js";
import { App, APPROVAL_GUARD_MS, TYPING_QUIET_MS } from "../../src/ui/App.js";
import { runtimeOf, sleep, startLettaServer, testSession, transcript, waitFor, type LettaServer } from "./support.js";
import { seededRandom, typistGap } from "../fakes/typist.js";

// The reliability suite's typist, on the real App Server with the scripted model: a person
// types a sentence key by key while an approval card appears. Not one key may answer it (no
// approval_response leaves on the socket, no permanent rule is written), every typed
// character reaches the message they meant; then a deliberate y, after a pause, approves.
//
// The App reads the typist's clock: each key moves it by the gap the typist meant (50-150 ms,
// seeded), so a late timer on a loaded machine cannot turn a typist's gap into a pause.

let server: LettaServer;
let session: Session;
let ui: ReturnType<typeof render>;
const screen = () => ui.lastFrame() ?? "";
let t = Date.now();
const clock = () => t;

/** One key, `gapMs` after the previous one, on the typist's clock and (at least) in real time. */
async function key(k: string, gapMs: number) {
  await sleep(gapMs);
  t += gapMs;
  ui.stdin.write(k);
}

const isApprovalResponse = (f: unknown): boolean =>
  typeof f === "object" && f !== null && "type" in f && f.type === "input" && "payload" in f &&
  typeof f.payload === "object" && f.payload !== null && "kind" in f.payload && f.payload.kind === "approval_response";

beforeAll(async () => {
  server = await startLettaServer();
});
afterEach(async () => {
  ui?.unmount();
  await session?.close();
});
afterAll(async () => {
  await server?.stop();
});

describe("a typist while an approval card appears (real server)", () => {
  it("answers nothing, writes no rule, delivers every typed character; a deliberate y then approves", async () => {
    session = await testSession(server);
    const sent = vi.spyOn(session.log, "sent");
    ui = render(<App store={session.store} actions={uiActionsFor(session.controller, () => undefined)} now={clock} />);
    await waitFor("the app", () => screen().includes("● connected") && screen().includes("standard"));
    // TYPIST_SEED replays another typist (docs/reliability.md runs several).
    const random = seededRandom(Number(process.env.TYPIST_SEED ?? 42));
    const gap = () => typistGap(random);

    ui.stdin.write("[[bash:echo hi > f.txt]]");
    await key("\r", 100);
    // Every answering letter (y, a, n, e, f), numbers and Enter's neighbours, typed without pause.
    const sentence = "thanks, yes and always fine 1 2 3 4 any edits? ";
    let typed = "";
    let afterCard = 0;
    // Type until the card has been on screen for 40 keys (about 4 s of it), however long it takes to come.
    for (let i = 0; afterCard < 40; i++) {
      const c = sentence[i % sentence.length]!;
      await key(c, gap());
      typed += c;
      if (screen().includes("1. Yes")) afterCard++;
      const answered = sent.mock.calls.find(([f]) => isApprovalResponse(f));
      if (answered) throw new Error(`the typed key ${JSON.stringify(c)} (after "${typed}") answered the card: ${JSON.stringify(answered[0])}`);
      if (i > 600) throw new Error(`no card after 600 keys\n--- screen ---\n${screen()}`);
    }
    const card = runtimeOf(session.store.getState(), session).approvals.order[0];
    expect(card).toBeDefined();
    // Enter ends the typed message: too soon for the card, it sends the draft, which waits for
    // its turn behind the one at work.
    await key("\r", gap());

    // The draft was sent whole, and nothing answered the card.
    const queued = () => Object.values(runtimeOf(session.store.getState(), session).queuedMessages).map((m) => m.text);
    await waitFor("the typed message in the queue", () => queued().includes(typed));
    expect(sent.mock.calls.filter(([f]) => isApprovalResponse(f))).toEqual([]);
    expect(runtimeOf(session.store.getState(), session).approvals.order).toEqual([card]);
    expect(existsSync(join(server.workDir, "f.txt"))).toBe(false);
    const settings = join(server.workDir, ".letta", "settings.json");
    expect(existsSync(settings) ? readFileSync(settings, "utf8") : "").not.toContain("echo hi");

    // A deliberate y: they typed over the card, so a pause as long as the typing rule's quiet
    // (on the typist's clock, and for real).
    await key("y", TYPING_QUIET_MS + 50);
    await waitFor("the command ran", () => existsSync(join(server.workDir, "f.txt")), 60_000);
    const answers = sent.mock.calls.filter(([f]) => isApprovalResponse(f)).map(([f]) => JSON.stringify(f));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('"behavior":"allow"');
    expect(answers[0]).not.toContain("selected_permission_suggestion_ids");
    // The message typed over the card is delivered once, in full, when its turn comes.
    await waitFor("the typed message in the transcript", () => transcript(session).some((i) => i.kind === "user" && i.text === typed), 60_000);
    expect(transcript(session).filter((i) => i.kind === "user" && i.text === typed)).toHaveLength(1);
    expect(existsSync(settings) ? readFileSync(settings, "utf8") : "").not.toContain("echo hi");
  });

  it("a message typed right after y (no pause, no frame between) is sent, not lost on the card", async () => {
    session = await testSession(server);
    const sent = vi.spyOn(session.log, "sent");
    ui = render(<App store={session.store} actions={uiActionsFor(session.controller, () => undefined)} now={clock} />);
    await waitFor("the app", () => screen().includes("● connected") && screen().includes("standard"));
    ui.stdin.write("[[bash:echo then > then.txt]]");
    await key("\r", 100);
    await waitFor("the card", () => screen().includes("1. Yes") && screen().includes("then.txt"), 60_000);
    await key("y", APPROVAL_GUARD_MS + 50);
    // Written at once: the frame on screen still shows the card for every one of these keys.
    for (const c of "right after\r") {
      t += 1;
      ui.stdin.write(c);
    }
    await waitFor("the command ran", () => existsSync(join(server.workDir, "then.txt")), 60_000);
    await waitFor("the message in the transcript", () => transcript(session).some((i) => i.kind === "user" && i.text === "right after"), 60_000);
    expect(transcript(session).filter((i) => i.kind === "user" && i.text === "right after")).toHaveLength(1);
    expect(sent.mock.calls.filter(([f]) => isApprovalResponse(f))).toHaveLength(1);
  });
});
