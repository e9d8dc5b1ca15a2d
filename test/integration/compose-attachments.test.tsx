import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { openApp, showScreenOnFailure, type MountedApp } from "./app-fixture.js";
import { serverHistory } from "./history-compare.js";
import { runtimeOf, startLettaServer, transcript, type LettaServer } from "./support.js";

// Pasted blocks and images against the real App Server (0.32.18) with the scripted model told
// it has vision (startLettaServer({ vision: true }): the server forwards image parts only to
// such a model). `[[parts:]]` makes the model answer with the parts it got, so what reached it
// is on screen: "parts: text, image/png 68 bytes".

/** A 1x1 PNG: 68 bytes. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=", "base64");
const ENTER = "\r";
const CTRL_U = "\u0015";
const CTRL_V = "\u0016";
const pasted = (text: string) => `\u001B[200~${text}\u001B[201~`;

let server: LettaServer;
let app: MountedApp;
let sent: MockInstance<(frame: unknown) => void>;
const savedPath = process.env.PATH;
const savedWayland = process.env.WAYLAND_DISPLAY;
showScreenOnFailure(() => app);

beforeAll(async () => {
  server = await startLettaServer({ vision: true });
  mkdirSync(join(server.workDir, "shots"), { recursive: true });
  writeFileSync(join(server.workDir, "shots", "my cat.png"), PNG);
  writeFileSync(join(server.workDir, "notes.png"), "not an image\n");
  // The clipboard: a fake xclip first on PATH, printing the PNG as the real one does.
  const bin = join(server.workDir, "fake-bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "xclip"), `#!/bin/sh\nexec /bin/cat '${join(server.workDir, "shots", "my cat.png")}'\n`);
  chmodSync(join(bin, "xclip"), 0o755);
  process.env.PATH = `${bin}:${savedPath ?? ""}`;
  delete process.env.WAYLAND_DISPLAY;
  app = await openApp(server);
  sent = vi.spyOn(app.session.log, "sent");
});
afterAll(async () => {
  process.env.PATH = savedPath;
  if (savedWayland !== undefined) process.env.WAYLAND_DISPLAY = savedWayland;
  await app?.close();
  await server?.stop();
});

const screen = () => app.screen();
/** The create_message inputs the session sent, parsed. */
const messages = () =>
  sent.mock.calls
    .map((c) => c[0] as { type?: string; payload?: { kind?: string; messages?: { content: unknown }[] } })
    .filter((f) => f.type === "input" && f.payload?.kind === "create_message")
    .map((f) => f.payload!.messages![0]!.content);
const partsAnswers = () => transcript(app.session).filter((i) => i.kind === "assistant" && i.text.startsWith("parts:")).length;
/** A `parts:` answer more than `before` is in, whole (its turn is over). */
const answered = (before: number) => app.idle() && partsAnswers() > before;
const lastAnswer = () => transcript(app.session).filter((i) => i.kind === "assistant").at(-1)?.text ?? "";

describe("images (real server, a model with vision)", () => {
  it("a pasted image path becomes a chip and arrives as an image part, after the text before it", async () => {
    const before = messages().length;
    const answers = partsAnswers();
    app.write("what is this? ");
    app.write(pasted(`'${join(server.workDir, "shots", "my cat.png")}'`));
    await app.waitFor("the chip", () => screen().includes("what is this? [Image #1 my cat.png 68 B]"), 30_000);
    app.write(" [[parts:]]");
    app.write(ENTER);
    await app.waitFor("the model's answer", () => answered(answers), 60_000);
    // The conversation's first message: the server puts its own context parts before ours.
    expect(lastAnswer()).toMatch(/^parts: (text, )+image\/png 68 bytes, text$/);
    const content = messages()[before];
    expect(content).toEqual([
      { type: "text", text: "what is this? " },
      { type: "image", source: { type: "base64", media_type: "image/png", data: PNG.toString("base64") } },
      { type: "text", text: " [[parts:]]" },
    ]);
    // Our own row shows the chip, never the base64.
    expect(transcript(app.session).some((i) => i.kind === "user" && i.text === "what is this? [Image #1 my cat.png 68 B] [[parts:]]")).toBe(true);
    expect(screen()).not.toContain(PNG.toString("base64").slice(0, 20));
  });

  it("a path typed in one burst (a terminal without bracketed paste) is attached too", async () => {
    // On an empty draft (a Ctrl+U written just before could arrive in the same chunk).
    await app.waitFor("idle, the draft empty", () => app.idle() && screen().includes("› Message the agent"), 60_000);
    const answers = partsAnswers();
    app.write(`${join(server.workDir, "shots")}/my\\ cat.png`);
    // In the input line (the transcript above shows the first test's chip).
    await app.waitFor("the chip", () => screen().includes("› [Image #1 my cat.png 68 B]"), 30_000);
    app.write(" [[parts:]]");
    app.write(ENTER);
    await app.waitFor("the model's answer", () => answered(answers), 60_000);
    expect(lastAnswer()).toBe("parts: image/png 68 bytes, text");
  });

  it("Ctrl+V attaches the clipboard's image (a fake xclip on PATH)", async () => {
    await app.waitFor("idle, the draft empty", () => app.idle() && screen().includes("› Message the agent"), 60_000);
    const answers = partsAnswers();
    app.write("from the clipboard ");
    app.write(CTRL_V);
    await app.waitFor("the chip", () => screen().includes("from the clipboard [Image #1 clipboard.png 68 B]"), 30_000);
    app.write(" [[parts:]]");
    app.write(ENTER);
    await app.waitFor("the model's answer", () => answered(answers), 60_000);
    expect(lastAnswer()).toBe("parts: text, image/png 68 bytes, text");
  });

  it("a file that is not an image says so, keeps the draft and sends nothing", async () => {
    await app.waitFor("idle, the draft empty", () => app.idle() && screen().includes("› Message the agent"), 60_000);
    const before = messages().length;
    app.write(pasted(join(server.workDir, "notes.png")));
    await app.waitFor("the reason", () => screen().includes("notes.png is not a PNG, JPEG, GIF or WebP image (by its first bytes); the draft is unchanged"), 30_000);
    expect(screen()).toContain(`› ${join(server.workDir, "notes.png")}`);
    expect(messages().length).toBe(before);
    app.write(CTRL_U);
  });
});

describe("a pasted block (real server)", () => {
  const isApprovalResponse = (f: unknown) => JSON.stringify(f).includes('"kind":"approval_response"');

  it("with a card up, a block of y and newlines stays a chip and answers nothing; later it is sent whole", async () => {
    await app.waitFor("idle, the draft empty", () => app.idle() && screen().includes("› Message the agent"), 60_000);
    app.write("[[bash:echo hi > pasted-card.txt]]");
    app.write(ENTER);
    await app.waitFor("the card", () => screen().includes("1. Yes") && screen().includes("pasted-card.txt"), 60_000);
    app.pause();
    const block = ["y", "y", "1", "a", "", "yes please", "y", "final line of the block"].join("\n");
    app.write(pasted(block.replace(/\n/g, "\r")));
    await app.waitFor("the chip in the draft", () => screen().includes("[Pasted text #1 +8 lines]"), 30_000);
    expect(sent.mock.calls.filter(([f]) => isApprovalResponse(f))).toEqual([]);
    expect(runtimeOf(app.session.store.getState(), app.session).approvals.order).toHaveLength(1);
    // A deliberate y answers the card; the draft is still there.
    app.pause();
    app.write("y");
    await app.waitFor("the turn done", () => app.idle() && transcript(app.session).some((i) => i.kind === "assistant" && i.text.includes("Tool finished")), 60_000);
    expect(sent.mock.calls.filter(([f]) => isApprovalResponse(f))).toHaveLength(1);
    expect(screen()).toContain("[Pasted text #1 +8 lines]");
    const before = messages().length;
    app.write(ENTER);
    await app.waitFor("sent", () => messages().length > before, 30_000);
    expect(messages()[before]).toBe(block);
    await app.waitFor("answered", () => app.idle() && lastAnswer() === "pong", 60_000);
    const history = JSON.stringify(await serverHistory(server, app.session));
    expect(history).toContain(JSON.stringify(block).slice(1, -1));
  });
});
