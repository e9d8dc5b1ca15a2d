import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { edit } from "../../src/ui/components/textEdit.js";
import { chipsIn } from "../../src/ui/attachments/chips.js";
import { clipboardTools, readClipboardImage } from "../../src/ui/attachments/clipboard.js";
import { imagePathIn } from "../../src/ui/attachments/imagePath.js";
import { loadImageFile } from "../../src/ui/attachments/load.js";
import { addImage, addText, imageLabel, isLargePaste, NO_ATTACHMENTS, pastedLabel } from "../../src/ui/attachments/registry.js";
import { messageContent, resolvedText } from "../../src/ui/attachments/send.js";
import { checkImage, MAX_IMAGE_BYTES, sniffImage } from "../../src/ui/attachments/sniff.js";
import { NO_KEY } from "./ui-driver.js";

// Pasted texts and images in the draft (src/ui/attachments/): the threshold, chips edited as one
// unit, what a draft becomes when sent, the image checks by bytes, paths as terminals paste
// them, and which clipboard tool is used.

const dir = mkdtempSync(join(tmpdir(), "attach-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1x1 PNG (68 bytes), as a tool would write it. */
export const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=", "base64");
const png = (w: number, h: number) => {
  const b = Buffer.from(PNG_1X1);
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
};
const gif = Buffer.concat([Buffer.from("GIF89a"), Buffer.from([3, 0, 2, 0]), Buffer.alloc(20)]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 7, 0, 9, 1, 1, 0x11, 0, 0, 0, 0]);
const webp = (() => {
  const b = Buffer.alloc(30);
  b.write("RIFF", 0);
  b.write("WEBP", 8);
  b.write("VP8X", 12);
  b.writeUIntLE(99, 24, 3);
  b.writeUIntLE(49, 27, 3);
  return b;
})();

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");
const image = (name = "cat.png") => ({ name, mediaType: "image/png", data: PNG_1X1.toString("base64"), bytes: PNG_1X1.length });

describe("the paste threshold", () => {
  it("up to 5 lines and 800 characters stay text; 6 lines or 801 characters become a chip", () => {
    expect(isLargePaste(lines(5))).toBe(false);
    expect(isLargePaste(`${lines(5)}\n`)).toBe(false);
    expect(isLargePaste(lines(6))).toBe(true);
    expect(isLargePaste("x".repeat(800))).toBe(false);
    expect(isLargePaste("x".repeat(801))).toBe(true);
  });
  it("labels count the lines; ids are one counter for texts and images", () => {
    const a = addText(NO_ATTACHMENTS, lines(120));
    expect(a.label).toBe("[Pasted text #1 +120 lines]");
    const b = addImage(a.reg, image());
    expect(b.label).toBe("[Image #2 cat.png 68 B]");
    expect(addText(b.reg, "x".repeat(900)).label).toBe("[Pasted text #3 +1 line]");
    // A label ends at its "]" and is drawn as is: no bracket or control character from a file name.
    expect(imageLabel(4, "a]b\u001b[31m.png", 34 * 1024)).toBe("[Image #4 a_b__31m.png 34 KB]");
  });
});

describe("chips are edited as one unit", () => {
  const reg = addText(NO_ATTACHMENTS, lines(9));
  const label = reg.label;
  const value = `see ${label} ok`;
  const atoms = chipsIn(value, reg.reg.items);
  const end = 4 + label.length;

  it("finds registered labels only", () => {
    expect(atoms).toEqual([{ from: 4, to: end, item: reg.reg.items[0] }]);
    expect(chipsIn(`${pastedLabel(7, 3)} typed by hand`, reg.reg.items)).toEqual([]);
  });
  it("Backspace or Delete at its end removes it whole; typing around it works", () => {
    expect(edit({ value, cursor: end }, "", { ...NO_KEY, backspace: true }, atoms)).toEqual({ kind: "field", field: { value: "see  ok", cursor: 4 } });
    expect(edit({ value, cursor: end }, "", { ...NO_KEY, delete: true }, atoms)).toEqual({ kind: "field", field: { value: "see  ok", cursor: 4 } });
    expect(edit({ value, cursor: end }, "!", NO_KEY, atoms)).toEqual({ kind: "field", field: { value: `see ${label}! ok`, cursor: end + 1 } });
    expect(edit({ value, cursor: 4 }, "x", NO_KEY, atoms)).toEqual({ kind: "field", field: { value: `see x${label} ok`, cursor: 5 } });
    // Backspace just after a chip's neighbour deletes only that character.
    expect(edit({ value, cursor: end + 1 }, "", { ...NO_KEY, backspace: true }, atoms)).toEqual({ kind: "field", field: { value: `see ${label}ok`, cursor: end } });
  });
  it("the cursor jumps over it and never lands inside", () => {
    expect(edit({ value, cursor: end }, "", { ...NO_KEY, leftArrow: true }, atoms)).toEqual({ kind: "field", field: { value, cursor: 4 } });
    expect(edit({ value, cursor: 4 }, "", { ...NO_KEY, rightArrow: true }, atoms)).toEqual({ kind: "field", field: { value, cursor: end } });
    // ↓ from a line above keeps its column, which falls inside the chip: it goes to the chip's end.
    const two = `abcdefgh\n${value}`;
    const twoAtoms = chipsIn(two, reg.reg.items);
    expect(edit({ value: two, cursor: 7 }, "", { ...NO_KEY, downArrow: true }, twoAtoms)).toEqual({ kind: "field", field: { value: two, cursor: 9 + end } });
  });
  it("Ctrl+W at its end takes the whole chip", () => {
    const w = edit({ value, cursor: end }, "w", { ...NO_KEY, ctrl: true }, atoms);
    expect(w).toEqual({ kind: "field", field: { value: "see  ok", cursor: 4 } });
  });
});

describe("what a draft becomes when sent", () => {
  const t = addText(NO_ATTACHMENTS, "alpha\nbeta");
  const i1 = addImage(t.reg, image("one.png"));
  const i2 = addImage(i1.reg, image("two.png"));
  const items = i2.reg.items;
  const data = PNG_1X1.toString("base64");
  const part = { type: "image", source: { type: "base64", media_type: "image/png", data } };

  it("pasted texts resolve to their text; image chips stay as labels in the shown text", () => {
    expect(resolvedText(`a ${t.label} b ${i1.label}`, items)).toBe(`a alpha\nbeta b ${i1.label}`);
  });
  it("no image: a plain string", () => {
    expect(messageContent(`x ${t.label} y`, items)).toBe("x alpha\nbeta y");
  });
  it("images split the text into parts in order; texts merged, empty text dropped", () => {
    expect(messageContent(`look ${t.label}: ${i1.label}${i2.label} and`, items)).toEqual([
      { type: "text", text: "look alpha\nbeta: " },
      part,
      part,
      { type: "text", text: " and" },
    ]);
    expect(messageContent(i1.label, items)).toEqual([part]);
  });
});

describe("images are checked by their bytes", () => {
  it("knows PNG, JPEG, GIF and WebP and their pixel size", () => {
    expect(sniffImage(png(640, 480))).toEqual({ mediaType: "image/png", width: 640, height: 480 });
    expect(sniffImage(jpeg)).toEqual({ mediaType: "image/jpeg", width: 9, height: 7 });
    expect(sniffImage(gif)).toEqual({ mediaType: "image/gif", width: 3, height: 2 });
    expect(sniffImage(webp)).toEqual({ mediaType: "image/webp", width: 100, height: 50 });
  });
  it("refuses another file named .png, an empty one, one over 5 MiB, and one over 8000 px", () => {
    expect(checkImage(Buffer.from("just some text\n"), "notes.png")).toEqual({ ok: false, error: "notes.png is not a PNG, JPEG, GIF or WebP image (by its first bytes)" });
    expect(checkImage(Buffer.alloc(0), "e.png")).toMatchObject({ ok: false, error: "e.png is empty" });
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(MAX_IMAGE_BYTES)]);
    expect(checkImage(big, "big.png")).toEqual({ ok: false, error: "big.png is 5.0 MB: images over 5.0 MB are not sent" });
    expect(checkImage(png(9000, 10), "wide.png")).toMatchObject({ ok: false, error: expect.stringContaining("9000x10 pixels") });
    expect(checkImage(PNG_1X1, "ok.png")).toMatchObject({ ok: true });
  });
  it("a file: read, checked, base64; a missing one or a text file named .png says why", async () => {
    const good = join(dir, "tiny.png");
    writeFileSync(good, PNG_1X1);
    expect(await loadImageFile(good)).toEqual({ ok: true, image: { name: "tiny.png", mediaType: "image/png", data: PNG_1X1.toString("base64"), bytes: 68 } });
    writeFileSync(join(dir, "fake.png"), "hello");
    expect(await loadImageFile(join(dir, "fake.png"))).toEqual({ ok: false, error: "fake.png is not a PNG, JPEG, GIF or WebP image (by its first bytes)" });
    expect(await loadImageFile(join(dir, "none.png"))).toEqual({ ok: false, error: `cannot attach ${join(dir, "none.png")}: no such file` });
    writeFileSync(join(dir, "huge.png"), Buffer.alloc(MAX_IMAGE_BYTES + 1));
    expect(await loadImageFile(join(dir, "huge.png"))).toMatchObject({ ok: false, error: expect.stringContaining("images over 5.0 MB are not sent") });
  });
});

describe("paths as terminals paste a dropped file", () => {
  const cwd = "/work";
  it("bare, quoted, backslash-escaped, file:// and ~", () => {
    expect(imagePathIn("/tmp/cat.png", cwd)).toBe("/tmp/cat.png");
    expect(imagePathIn("  /tmp/cat.PNG \n", cwd)).toBe("/tmp/cat.PNG");
    expect(imagePathIn("'/tmp/my cat.jpg'", cwd)).toBe("/tmp/my cat.jpg");
    expect(imagePathIn('"/tmp/my cat.jpeg"', cwd)).toBe("/tmp/my cat.jpeg");
    expect(imagePathIn("/tmp/my\\ cat\\ \\(1\\).webp", cwd)).toBe("/tmp/my cat (1).webp");
    expect(imagePathIn("file:///tmp/my%20cat.gif", cwd)).toBe("/tmp/my cat.gif");
    expect(imagePathIn("~/Pictures/a.png", cwd, "/home/me")).toBe("/home/me/Pictures/a.png");
    expect(imagePathIn("./shots/a.png", cwd)).toBe("/work/shots/a.png");
    // A Windows path keeps its backslashes (resolved here by the POSIX rules of this machine).
    expect(imagePathIn("C:\\Users\\me\\cat.png", "/")).toMatch(/C:\\Users\\me\\cat\.png$/);
  });
  it("not a path: a sentence, a bare name, another type, two lines, unescaped spaces", () => {
    for (const text of ["look at /tmp/cat.png", "cat.png", "/tmp/notes.txt", "/tmp/a.png\n/tmp/b.png", "/tmp/my cat.png", "'/tmp/a.png"]) {
      expect(imagePathIn(text, cwd), text).toBeUndefined();
    }
  });
});

describe("the clipboard's image", () => {
  /** A folder holding fake tools: each prints `out` (or fails) as the real one would. */
  function fakeTools(tools: Record<string, string>): string {
    const bin = mkdtempSync(join(dir, "bin-"));
    for (const [name, script] of Object.entries(tools)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    return bin;
  }
  const pngFile = join(dir, "clip.png");
  writeFileSync(pngFile, PNG_1X1);

  it("picks wl-paste under Wayland, else xclip, among the tools on PATH", () => {
    const both = fakeTools({ "wl-paste": "exit 1", xclip: "exit 1" });
    expect(clipboardTools("linux", { PATH: both, WAYLAND_DISPLAY: "wayland-0" }).map((t) => t.command)).toEqual(["wl-paste", "xclip"]);
    expect(clipboardTools("linux", { PATH: both }).map((t) => t.command)).toEqual(["xclip", "wl-paste"]);
    expect(clipboardTools("linux", { PATH: fakeTools({ xclip: "exit 1" }), WAYLAND_DISPLAY: "w" }).map((t) => t.command)).toEqual(["xclip"]);
    expect(clipboardTools("darwin", { PATH: fakeTools({ osascript: "exit 1" }) }).map((t) => t.command)).toEqual(["osascript"]);
    expect(clipboardTools("linux", { PATH: fakeTools({}) })).toEqual([]);
  });
  it("reads the image the tool prints; says so when there is no tool or no image", async () => {
    const bin = fakeTools({ xclip: `/bin/cat ${pngFile}` });
    expect(await readClipboardImage("linux", { PATH: bin })).toEqual({ ok: true, bytes: PNG_1X1 });
    expect(await readClipboardImage("linux", { PATH: fakeTools({}) })).toEqual({ ok: false, error: "no clipboard tool to read an image with: install wl-paste (Wayland) or xclip (X11)" });
    const empty = fakeTools({ xclip: "echo 'Error: target image/png not available' >&2; exit 1" });
    expect(await readClipboardImage("linux", { PATH: empty })).toEqual({ ok: false, error: "the clipboard holds no image (copy one, or paste an image file's path)" });
  });
  it("osascript's hex is decoded", async () => {
    const bin = fakeTools({ osascript: `echo '«data PNGf${PNG_1X1.toString("hex").toUpperCase()}»'` });
    expect(await readClipboardImage("darwin", { PATH: bin })).toEqual({ ok: true, bytes: PNG_1X1 });
  });
});
