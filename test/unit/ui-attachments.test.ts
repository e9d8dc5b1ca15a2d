import { describe, expect, it } from "vitest";
import { APPROVAL_GUARD_MS } from "../../src/ui/approval/guard.js";
import { dispatchFrame } from "./ui-harness.js";
import { CARD, ctrl, DOWN, ENTER, key, session, UP } from "./ui-driver.js";
import type { Effect } from "../../src/ui/state/uiState.js";

// The draft's chips through the screen's update: a long paste becomes a chip and is sent whole,
// an image path pasted is read and its chip replaces it, Ctrl+V asks for the clipboard's image,
// Alt+P expands a pasted block, and a paste still never answers a card.

const block = (n: number, word = "row") => Array.from({ length: n }, (_, i) => `${word} ${i + 1}`).join("\n");
const DATA = "iVBORw0KGgo=";
const image = { name: "cat.png", mediaType: "image/png", data: DATA, bytes: 34 * 1024 };
const sends = (effects: readonly Effect[]) => effects.filter((e) => e.kind === "send");

describe("a long paste in the draft", () => {
  it("becomes [Pasted text #1 +N lines], typing goes around it, and Enter sends the whole text", () => {
    const s = session();
    s.type("see ");
    s.send({ type: "paste", text: block(40).replace(/\n/g, "\r\n") });
    expect(s.ui.draft.value).toBe("see [Pasted text #1 +40 lines]");
    s.type(" thanks");
    s.send(ENTER);
    const text = `see ${block(40)} thanks`;
    expect(sends(s.effects)).toEqual([{ kind: "send", text }]);
    expect(s.effects).toContainEqual({ kind: "history-push", text });
    // ↑ brings back what was sent: the text in full.
    s.send(UP);
    expect(s.ui.draft.value).toBe(text);
    s.send(DOWN);
    // The next draft counts from #1 again.
    s.send({ type: "paste", text: block(6) });
    expect(s.ui.draft.value).toBe("[Pasted text #1 +6 lines]");
  });

  it("a short paste stays text", () => {
    const s = session();
    s.send({ type: "paste", text: block(5) });
    expect(s.ui.draft.value).toBe(block(5));
  });

  it("Backspace removes the chip whole; Alt+P puts the text back in its place", () => {
    const s = session();
    s.send({ type: "paste", text: block(8) });
    s.send(key("", { backspace: true }));
    expect(s.ui.draft.value).toBe("");
    s.send({ type: "paste", text: block(8) });
    s.type("!");
    s.send(key("", { leftArrow: true }));
    s.send(key("p", { meta: true }));
    expect(s.ui.draft).toEqual({ value: `${block(8)}!`, cursor: block(8).length });
    s.send(ENTER);
    expect(sends(s.effects)).toEqual([{ kind: "send", text: `${block(8)}!` }]);
  });

  it("with a card up, a paste of y and newlines lands as a chip, answers nothing and sends nothing", () => {
    const s = session();
    dispatchFrame(s.store, CARD);
    s.drawCard().pass(APPROVAL_GUARD_MS * 4);
    s.send({ type: "paste", text: "y\r\ny\r\n1\r\na\r\ny\r\n\r\ny" });
    expect(s.ui.draft.value).toBe("[Pasted text #1 +7 lines]");
    expect(s.kinds()).toEqual([]);
  });
});

describe("images in the draft", () => {
  it("a pasted path is read; its chip replaces it; Enter sends text and image parts", () => {
    const s = session();
    s.type("what is ");
    s.send({ type: "paste", text: "'/tmp/my cat.png'" });
    expect(s.ui.draft.value).toBe("what is '/tmp/my cat.png'");
    expect(s.effects).toEqual([{ kind: "read-image", path: "/tmp/my cat.png", shown: "'/tmp/my cat.png'" }]);
    s.send({ type: "image-read", shown: "'/tmp/my cat.png'", load: { ok: true, image } });
    expect(s.ui.draft).toEqual({ value: "what is [Image #1 cat.png 34 KB]", cursor: 32 });
    s.type("?");
    s.send(ENTER);
    expect(sends(s.effects)).toEqual([
      {
        kind: "send",
        text: "what is [Image #1 cat.png 34 KB]?",
        content: [
          { type: "text", text: "what is " },
          { type: "image", source: { type: "base64", media_type: "image/png", data: DATA } },
          { type: "text", text: "?" },
        ],
      },
    ]);
  });

  it("Enter before the image is read waits for it, then sends; a failed one keeps the draft", () => {
    const s = session();
    s.send({ type: "paste", text: "/tmp/cat.png" });
    s.type(" hi");
    s.send(ENTER);
    expect(sends(s.effects)).toEqual([]);
    expect(s.ui.draft.value).toBe("/tmp/cat.png hi");
    s.send({ type: "image-read", shown: "/tmp/cat.png", load: { ok: true, image } });
    expect(sends(s.effects)).toEqual([
      { kind: "send", text: "[Image #1 cat.png 34 KB] hi", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: DATA } }, { type: "text", text: " hi" }] },
    ]);
    expect(s.ui.draft.value).toBe("");

    const t = session();
    t.send({ type: "paste", text: "/tmp/notes.png" }, ENTER);
    t.send({ type: "image-read", shown: "/tmp/notes.png", load: { ok: false, error: "notes.png is empty" } });
    expect(sends(t.effects)).toEqual([]);
    expect(t.ui.draft.value).toBe("/tmp/notes.png");
    expect(t.ui.attachments).toMatchObject({ reading: 0 });
    expect(t.ui.attachments.sendWhenRead).toBeUndefined();
  });

  it("a path typed in one burst (no bracketed paste) is read too, not opened as a command", () => {
    const s = session();
    s.send(key("/tmp/cat.png"));
    expect(s.ui.views).toEqual([]);
    expect(s.effects).toEqual([{ kind: "read-image", path: "/tmp/cat.png", shown: "/tmp/cat.png" }]);
  });

  it("a file that fails its check leaves the draft as it is and says why", () => {
    const s = session();
    s.send({ type: "paste", text: "/tmp/notes.png" });
    s.send({ type: "image-read", shown: "/tmp/notes.png", load: { ok: false, error: "notes.png is not a PNG, JPEG, GIF or WebP image (by its first bytes)" } });
    expect(s.ui.draft.value).toBe("/tmp/notes.png");
    expect(s.effects.at(-1)).toEqual({ kind: "notice", level: "warning", text: "notes.png is not a PNG, JPEG, GIF or WebP image (by its first bytes); the draft is unchanged" });
  });

  it("Ctrl+V asks for the clipboard's image; it goes in at the cursor; one counter with pasted texts", () => {
    const s = session();
    s.send({ type: "paste", text: block(6) });
    s.send(ctrl("v"));
    expect(s.effects).toEqual([{ kind: "clipboard-image" }]);
    s.send({ type: "image-read", load: { ok: true, image: { ...image, name: "clipboard.png" } } });
    expect(s.ui.draft.value).toBe("[Pasted text #1 +6 lines][Image #2 clipboard.png 34 KB]");
    s.send(key("", { backspace: true }));
    expect(s.ui.draft.value).toBe("[Pasted text #1 +6 lines]");
  });
});
