import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MarkdownCache, renderMarkdown } from "../../src/ui/markdown/index.js";
import { cleanGrowing } from "../../src/ui/markdown/text.js";
import { sanitize } from "../../src/ui/sanitize.js";

// Lines as models write them, and the shapes that keep a block open across blank lines (fences,
// HTML comments and <pre>, indented code, loose lists, lazy quote lines), so that the cache's
// idea of a finished block is tried against marked's own in every combination.
const LINES = [
  "",
  "",
  "   ",
  "para text with *em* and **bold** and `code`",
  "second line of a paragraph",
  "# Heading",
  "### small heading",
  "- item",
  "* star item",
  "+ plus",
  "-",
  "1. first",
  "2) second",
  "10. tenth",
  "  continued inside an item",
  "    indented code",
  "      deeper",
  "```",
  "```ts",
  "~~~",
  "````",
  "   ```",
  "  ```",
  "const x = [1, 2];",
  "| a | b |",
  "|---|:-:|",
  "| 1 | 2 |",
  "> quote",
  "> > nested",
  ">",
  "<!--",
  "-->",
  "<pre>",
  "</pre>",
  "<div>",
  "<?php",
  "?>",
  "---",
  "===",
  "***",
  "- [ ] task",
  "- [x] done",
  "text with a [link](https://example.com) and <https://auto.link>",
  "trailing hard break  ",
  "back\\",
  "&amp; &copy; &#27; \u001b[31m red",
  "\tTabbed",
  "word\r",
  "<script>",
  "</script>",
  "<![CDATA[",
  "]]>",
  "[ref]: https://example.com",
  "- [ref]: https://example.com",
  "> [ref]:",
  "[multi",
  "line]: /url",
  "see [ref] here and [multi line]",
  "def f() -> list[int]:",
];

const markdownish = fc.array(fc.constantFrom(...LINES), { maxLength: 40 }).map((lines) => lines.join("\n"));
const widths = fc.integer({ min: 1, max: 120 });

describe("MarkdownCache: a growing text rendered frame by frame", () => {
  it("renders every frame exactly as renderMarkdown renders the whole text", () => {
    fc.assert(
      fc.property(
        markdownish,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        widths,
        fc.boolean(),
        (text, cuts, width, color) => {
          const cache = new MarkdownCache();
          const opts = { width, color };
          // Frames at growing lengths, as deltas arrive, ending with the whole text.
          const ends = [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length];
          for (const end of ends) {
            const frame = text.slice(0, end);
            expect(cache.render(frame, opts)).toBe(renderMarkdown(frame, opts));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("matches on free-form text made of markdown's special characters", () => {
    const unit = fc.constantFrom(..."`~-*+#>|<!\n  1.)[]():_\\a b=&/?", "```", "~~~", "<!--", "-->", "<pre>", "    ", "1. ", "- ", "> ", "| a |", "|-|", "\n\n");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), fc.array(fc.nat(), { maxLength: 5 }), widths, (text, cuts, width) => {
        const cache = new MarkdownCache();
        const opts = { width, color: false };
        for (const end of [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
          expect(cache.render(text.slice(0, end), opts)).toBe(renderMarkdown(text.slice(0, end), opts));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps finished blocks and still matches when appended to a piece at a time", () => {
    fc.assert(
      fc.property(markdownish, widths, (text, width) => {
        const cache = new MarkdownCache();
        const opts = { width, color: true };
        for (let end = 0; end <= text.length; end += 7) {
          expect(cache.render(text.slice(0, end), opts)).toBe(renderMarkdown(text.slice(0, end), opts));
        }
        expect(cache.render(text, opts)).toBe(renderMarkdown(text, opts));
      }),
      { numRuns: 300 },
    );
  });
});

const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} with **bold** text.`).join("\n\n");

describe("MarkdownCache: what it keeps", () => {
  it("renders only the open block of a long reply that grew by a word", () => {
    const cache = new MarkdownCache();
    const opts = { width: 80, color: true };
    const text = `${paragraphs(200)}\n\nthe open paragraph`;
    cache.render(text, opts);
    const out = cache.render(`${text} grows`, opts);
    expect(out).toBe(renderMarkdown(`${text} grows`, opts));
    // The finished paragraphs are not lexed again: only the open one.
    expect(cache.lastWork).toBe("the open paragraph grows".length);
    // A frame drawn again with no new text (a spinner's tick) renders nothing.
    expect(cache.render(`${text} grows`, opts)).toBe(out);
    expect(cache.lastWork).toBe(0);
  });

  it("a link defined further down renders as a link in the blocks before it, however the text arrived", () => {
    for (const definition of ["[ref]: https://example.com/", "- [ref]: https://example.com/", "[multi\nline]: https://example.com/"]) {
      const cache = new MarkdownCache();
      const opts = { width: 80, color: false };
      const text = `see [ref] and [multi line] here\n\nAnother paragraph.\n\n${definition}\n\nEnd.`;
      for (let end = 0; end <= text.length; end++) {
        expect(cache.render(text.slice(0, end), opts)).toBe(renderMarkdown(text.slice(0, end), opts));
      }
    }
  });

  it("code with \"]:\" in it (a Python return type) does not make the text look like it defines links", () => {
    const cache = new MarkdownCache();
    const opts = { width: 80, color: true };
    const code = "```py\ndef f() -> list[int]:\n    return [1]\n```";
    const text = `${code}\n\n${paragraphs(50)}\n\nthe open paragraph`;
    cache.render(text, opts);
    expect(cache.render(`${text} grows`, opts)).toBe(renderMarkdown(`${text} grows`, opts));
    expect(cache.lastWork).toBe("the open paragraph grows".length);
  });

  it("a change of width renders every block again at the new width", () => {
    const cache = new MarkdownCache();
    // A rule and a table: both are fitted to the width, so rows kept from width 30 would be wrong.
    const text = `---\n\n| name | a longer column heading |\n|---|---|\n| x | ${"word ".repeat(10)}|\n\nopen`;
    expect(cache.render(text, { width: 30, color: false })).toBe(renderMarkdown(text, { width: 30, color: false }));
    const wider = cache.render(`${text} more`, { width: 70, color: false });
    expect(wider).toBe(renderMarkdown(`${text} more`, { width: 70, color: false }));
    expect(wider).toContain("─".repeat(70));
    expect(cache.lastWork).toBeGreaterThanOrEqual(`${text} more`.length);
    // And colour likewise: rows kept without colour are not served to a colour render.
    expect(cache.render(`${text} more`, { width: 70, color: true })).toBe(renderMarkdown(`${text} more`, { width: 70, color: true }));
  });

  it("a text that is not an extension of the one before (an edit, another item) is rendered whole and right", () => {
    const cache = new MarkdownCache();
    const opts = { width: 80, color: false };
    cache.render(`${paragraphs(5)}\n\nopen`, opts);
    const other = `# Other\n\n${paragraphs(3)}`;
    expect(cache.render(other, opts)).toBe(renderMarkdown(other, opts));
  });
});

describe("MarkdownCache: guards against hostile shapes", () => {
  it("quotes nested too deep still make the whole text plain, whichever frame brings them", () => {
    const cache = new MarkdownCache();
    const opts = { width: 80, color: false };
    const start = `${paragraphs(3)}\n\n`;
    expect(cache.render(start, opts)).toContain("Paragraph 2");
    const deep = `${start}${">".repeat(17)} deep\n`;
    expect(cache.render(deep, opts)).toBe(renderMarkdown(deep, opts));
    expect(cache.render(deep, opts)).toContain(`${">".repeat(17)} deep`);
    expect(cache.render(deep, opts)).toContain("**bold**");
  });

  it("refuses to render more than maxWork characters afresh, but not what finished blocks cover", () => {
    const cache = new MarkdownCache();
    const opts = { width: 80, color: false };
    const text = paragraphs(100);
    expect(cache.render(text, opts, 1000)).toBeUndefined();
    // Grown a paragraph at a time, no frame has more than one open block to render.
    let shown: string | undefined;
    for (let n = 1; n <= 100; n++) shown = cache.render(paragraphs(n), opts, 1000);
    expect(shown).toBe(renderMarkdown(text, opts));
    // One open block longer than the limit is refused even so.
    expect(cache.render(`${text}\n\n${"long ".repeat(300)}`, opts, 1000)).toBeUndefined();
  });

  it("a long block open across many blank lines is not lexed again at every one of them", () => {
    const opts = { width: 80, color: false };
    // A code fence with a blank line every other line, and an HTML comment likewise: every blank
    // line followed by an unindented line is a place a block could have ended.
    for (const text of [`\`\`\`py\n${"x = compute(1)\n\n".repeat(3000)}`, `<!--\n${"Some text\n\n".repeat(3000)}`]) {
      const cache = new MarkdownCache();
      expect(cache.render(text, opts)).toBe(renderMarkdown(text, opts));
      // Trying each place would lex about 3000 * text.length / 2 characters.
      expect(cache.lastWork).toBeLessThan(4 * text.length);
      // And a frame later, only the open block again.
      expect(cache.render(`${text}more`, opts)).toBe(renderMarkdown(`${text}more`, opts));
      expect(cache.lastWork).toBeLessThan(4 * text.length);
    }
  });
});

describe("cleanGrowing", () => {
  it("cleans a growing text exactly as sanitize cleans it whole, wherever the cuts fall", () => {
    // CRLF and surrogate pairs are the two things a cut can split.
    const unit = fc.constantFrom("a", " ", "\n", "\r", "\r\n", "\t", "\u001b", "\u200b", "😀", "\ud83d", "\ude00", "\u{e0041}", "é");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), (text, cuts) => {
        for (const end of [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
          const clean = cleanGrowing(text.slice(0, end));
          expect(clean).toBe(sanitize(text.slice(0, end)));
          // Cleaned text is left as it is by a second cleaning: MarkdownCache.renderClean relies on it.
          expect(sanitize(clean)).toBe(clean);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
