import { describe, expect, it } from "vitest";
import { LIVE_CHARS } from "../../src/ui/displayCut.js";
import { liveWindow, renderLiveRichText, renderRichText } from "../../src/ui/richText.js";

const SGR = /\u001b\[[0-9;]*m/;
const paragraph = (i: number) => `Paragraph ${i} with **bold** text and a few more words to fill it.`;

describe("renderRichText: the limit on markdown rendered at once", () => {
  it("a reply that grew a block at a time keeps its styling past 64 KB", () => {
    let text = "";
    let out = "";
    for (let i = 0; text.length < 100 * 1024; i++) {
      text += `${paragraph(i)}\n\n`;
      out = renderRichText(text, 80, true);
    }
    expect(out).toMatch(SGR);
    expect(out).not.toContain("**bold**");
  });

  it("one open block longer than 64 KB is shown plain, every character, in one go", () => {
    const text = `**start** ${"word ".repeat(14_000)}`;
    const out = renderRichText(text, 80, true);
    expect(out).not.toMatch(SGR);
    expect(out).toBe(text);
  });
});

describe("the live window", () => {
  it("is the whole text up to LIVE_CHARS and more, then at least LIVE_CHARS", () => {
    expect(liveWindow(1000)).toBe(1000);
    expect(liveWindow(LIVE_CHARS)).toBe(LIVE_CHARS);
    for (const length of [LIVE_CHARS * 2 + 1, 100_000, 1_000_003, 10 * 1024 * 1024]) {
      expect(liveWindow(length)).toBeGreaterThanOrEqual(LIVE_CHARS);
      expect(liveWindow(length)).toBeLessThanOrEqual(LIVE_CHARS + 4 * 1024);
    }
  });

  it("starts at the same place frame after frame, so the blocks rendered before are reused", () => {
    const starts = new Set<number>();
    for (let length = 200_000; length < 200_000 + 4_000; length += 40) starts.add(length - liveWindow(length));
    // 4 000 characters of streaming move the start at most once.
    expect(starts.size).toBeLessThanOrEqual(2);
  });

  it("shows the end of a long reply rendered, with its last block styled", () => {
    const text = Array.from({ length: 2000 }, (_, i) => paragraph(i)).join("\n\n");
    const out = renderLiveRichText(text, 80, true);
    expect(out).toContain("Paragraph 1999");
    expect(out).not.toContain("Paragraph 0 ");
    expect(out).toMatch(SGR);
  });

  it("a streaming table keeps its heading and columns on screen after 16 KB of rows", () => {
    const rows = Array.from({ length: 520 }, (_, i) => `| row ${i} | ${"value ".repeat(3)}|`);
    const table = `Intro.\n\n| name | value |\n|---|---|\n${rows.join("\n")}\n`;
    // Longer than the window a live reply used to be cut to, short enough to render whole.
    expect(table.length).toBeGreaterThan(LIVE_CHARS);
    expect(table.length).toBeLessThan(LIVE_CHARS + 4096);
    let out = "";
    for (let end = 0; end <= table.length; end += 500) out = renderLiveRichText(table.slice(0, end), 80, false);
    out = renderLiveRichText(table, 80, false);
    // Drawn as a table (cells between │), not as the lines the model wrote.
    expect(out.split("\n").at(-1)).toMatch(/^row 519 +│ value value value$/);
    expect(out).toBe(renderRichText(table, 80, false));
  });
});
