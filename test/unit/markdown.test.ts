import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { highlightCode, renderMarkdown } from "../../src/ui/markdown/index.js";

const plain = (text: string, width = 60): string => renderMarkdown(text, { width, color: false });
const colour = (text: string, width = 60): string => renderMarkdown(text, { width, color: true });

const SGR = /\u001b\[[0-9;]*m/g;
const strip = (text: string): string => text.replace(SGR, "");

/** The SGR parameters in force where `text` first starts (the codes opened right before it). */
function stylesOf(out: string, text: string): number[] {
  const at = out.indexOf(text);
  expect(at, `"${text}" in output`).toBeGreaterThanOrEqual(0);
  const before = out.slice(0, at).match(/\u001b\[([0-9;]*)m$/);
  return before ? before[1]!.split(";").map(Number) : [];
}

/** Only SGR sequences, nothing else that a terminal would act on. */
function expectOnlySgr(out: string): void {
  for (const match of out.matchAll(/\u001b/g)) {
    expect(out.slice(match.index).match(/^\u001b\[[0-9;]*m/), JSON.stringify(out)).not.toBeNull();
  }
  expect(strip(out)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe("renderMarkdown: blocks", () => {
  it("headings keep their level as # markers in plain mode and are bold in colour", () => {
    expect(plain("# One\n## Two\n#### Four")).toBe("# One\n\n## Two\n\n#### Four");
    const out = colour("# One\n## Two\n#### Four");
    expect(strip(out)).toBe("One\n\nTwo\n\nFour");
    expect(stylesOf(out, "One")).toContain(1);
    expect(stylesOf(out, "One")).toContain(4);
    expect(stylesOf(out, "Four")).toContain(1);
  });

  it("separates paragraphs by exactly one blank line and keeps line breaks inside them", () => {
    expect(plain("first\nline\n\n\n\nsecond  \nhard")).toBe("first\nline\n\nsecond\nhard");
  });

  it("renders nested, ordered and task lists with markers and indentation", () => {
    const md = "- a\n- [x] done\n  - b\n    1. c\n- [ ] open\n\n9. nine\n10. ten";
    expect(plain(md)).toBe(
      ["• a", "• [x] done", "  ◦ b", "    1. c", "• [ ] open", "", " 9. nine", "10. ten"].join("\n"),
    );
    const out = colour(md);
    expect(strip(out)).toBe(plain(md));
    expect(stylesOf(out, "[x]")).toContain(32);
  });

  it("puts a blank line between the items of a loose list, and indents continuation blocks", () => {
    expect(plain("1. one\n\n   more\n2. two")).toBe("1. one\n\n   more\n\n2. two");
  });

  it("marks block quotes, nested ones twice", () => {
    expect(plain("> a\n> b\n>\n> > c")).toBe("▎ a\n▎ b\n▎\n▎ ▎ c");
    expect(stylesOf(colour("> a"), "▎")).toEqual([90]);
  });

  it("draws a horizontal rule across the width", () => {
    expect(plain("a\n\n---\n\nb", 12)).toBe(`a\n\n${"─".repeat(12)}\n\nb`);
    expect(stylesOf(colour("---", 5), "─────")).toEqual([90]);
  });

  it("lays tables out in aligned columns", () => {
    const md = "| Name | Qty | Mid |\n|:--|--:|:-:|\n| apple | 3 | x |\n| kiwi | 12 | yyy |";
    expect(plain(md)).toBe(
      [
        "Name  │ Qty │ Mid",
        "──────┼─────┼────",
        "apple │   3 │  x",
        "kiwi  │  12 │ yyy",
      ].join("\n"),
    );
    expect(stylesOf(colour(md), "Name")).toContain(1);
  });

  it("cuts tables to the width", () => {
    const md = "| a | b |\n|---|---|\n| " + "long ".repeat(20) + "| " + "wide ".repeat(20) + "|";
    const lines = plain(md, 30).split("\n");
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(30);
    expect(lines[2]).toContain("…");
    for (const line of strip(colour(md, 30)).split("\n")) expect(stringWidth(line)).toBeLessThanOrEqual(30);
  });

  it("shows block HTML as written", () => {
    expect(plain("<div>\nhi\n</div>")).toBe("<div>\nhi\n</div>");
  });
});

describe("renderMarkdown: inline", () => {
  it("drops emphasis markers without colour but keeps code and strikethrough marks", () => {
    expect(plain("a *b* **c** ~~d~~ `e`")).toBe("a b c ~~d~~ `e`");
  });

  it("styles emphasis, strong, strikethrough and inline code in colour", () => {
    const out = colour("a *b* **c** ~~d~~ `e`");
    expect(strip(out)).toBe("a b c d e");
    expect(stylesOf(out, "b")).toContain(3);
    expect(stylesOf(out, "c")).toContain(1);
    expect(stylesOf(out, "d")).toContain(9);
    expect(stylesOf(out, "e")).toContain(36);
  });

  it("shows links as text (url) without OSC 8, and bare addresses once", () => {
    const md = "[site](https://x.io) <https://y.io> www.z.org a@b.co ![logo](l.png)";
    expect(plain(md)).toBe("site (https://x.io) https://y.io www.z.org a@b.co [image: logo] (l.png)");
    const out = colour(md);
    expect(stylesOf(out, "site")).toContain(4);
    expect(out).not.toContain("\u001b]");
  });

  it("decodes character references, but into visible escapes for controls and invisible characters", () => {
    expect(plain("&amp; &lt;b&gt; &copy; &nosuch;")).toBe("& <b> © &nosuch;");
    expect(plain("a&#27;[2Jb &#x202e;c")).toBe("a\\x1b[2Jb \\u{202e}c");
  });
});

describe("renderMarkdown: code blocks", () => {
  const ts = "```ts\nfunction f(x: number) {\n  return x + 1; // one\n}\n```";
  const framed = ["╭─ ts", "│ function f(x: number) {", "│   return x + 1; // one", "│ }"].join("\n");

  it("keeps line breaks and indentation, framed by a gutter", () => {
    expect(plain(ts)).toBe(framed);
  });

  it("highlights a known language", () => {
    const out = colour(ts);
    expect(strip(out)).toBe(framed);
    expect(stylesOf(out, "function")).toEqual([35]);
    expect(stylesOf(out, "// one")).toContain(90);
    expectOnlySgr(out);
  });

  it("falls back to plain text for an unknown or missing language", () => {
    const out = colour("```nosuchlang\n  if x then y\n```\n\n```\nplain\n```");
    expect(strip(out)).toBe("╭─ nosuchlang\n│   if x then y\n\n╭─\n│ plain");
    expect(out).toContain("\u001b[39m   if x then y\n");
  });

  it("renders an unclosed fence as a code block so far", () => {
    const md = "Intro\n\n```py\ndef f():\n    pass";
    expect(plain(md)).toBe("Intro\n\n╭─ py\n│ def f():\n│     pass");
    expect(stylesOf(colour(md), "def")).toEqual([35]);
    expect(plain("```")).toBe("╭─\n│");
  });

  it("renders indented code like a fence without a language", () => {
    expect(plain("para\n\n    code\n      more")).toBe("para\n\n╭─\n│ code\n│   more");
  });
});

describe("highlightCode", () => {
  it("colours shell commands and JSON", () => {
    const sh = highlightCode('grep -rn "x" src # find', "bash", true);
    expect(strip(sh)).toBe('grep -rn "x" src # find');
    expect(stylesOf(sh, '"x"')).toEqual([32]);
    const json = highlightCode('{"a": [1, null]}', "json", true);
    expect(strip(json)).toBe('{"a": [1, null]}');
    expect(stylesOf(json, "1")).toEqual([33]);
  });

  it("returns the code unchanged without colour or with an unknown language", () => {
    expect(highlightCode("a\n  b", "bash", false)).toBe("a\n  b");
    expect(highlightCode("a\n  b", "nosuchlang", true)).toBe("a\n  b");
    expect(highlightCode("a\n  b", undefined, true)).toBe("a\n  b");
  });

  it("never passes escape sequences through", () => {
    const out = highlightCode('echo "\u001b]52;c;aGk=\u0007" \u009b2J', "bash", true);
    expectOnlySgr(out);
  });
});

const DOC = [
  "# Title",
  "Some *text* with **bold** and `code` and [a link](https://e.x).",
  "- one\n- [x] two\n  1. nested",
  "> quoted **words**",
  "| a | b |\n|---|--:|\n| 1 | 2 |",
  "---",
  "```js\nconst s = `t${x}`;\n  indented();\n```",
  "Done ~~really~~.",
].join("\n\n");

describe("renderMarkdown: streaming and hostile input", () => {
  it("renders every prefix of a message without throwing", () => {
    for (let end = 0; end <= DOC.length; end++) {
      const text = DOC.slice(0, end);
      expect(() => plain(text)).not.toThrow();
      expectOnlySgr(colour(text));
    }
    expect(plain("**bold")).toBe("**bold");
    expect(plain("| a | b |\n|--")).toBe("| a | b |\n|--");
  });

  it("never produces an escape other than SGR from OSC remnants, controls or references", () => {
    const odd = [
      "]52;c;ZWNobyBoaQ==",
      "copy this: ]52;c;ZWNobyBoaQ== ]0;title [2J [1G",
      "\u001b]52;c;ZWNobyBoaQ==\u0007 **bold** \u001b[2K\u001b[1G",
      "\u009d0;t\u009c \u009b31m \u0090q\u009c \u0000\u0007\b\r\u007f",
      "&#27;]52;c;eA==&#7; &#x1b;[31m &#x9b;2J &#155; &#0; &#xD800; &#1114112;",
      "```bash\necho \u001b]52;c;eA==\u0007\n```",
      "[x](\u001b]8;;http://evil\u0007) ![\u001b[31m](u)",
      "| \u001b[2J | b |\n|---|---|\n| \u009b1m | &#27; |",
      "\ud800\udfff\ud800 \ufeff \u202e \u2066",
      ">".repeat(200) + " deep",
      Array.from({ length: 40 }, (_, i) => `${" ".repeat(i * 2)}- x`).join("\n"),
      "*".repeat(500),
      "[".repeat(500) + "](".repeat(200),
      "<a href='x'>" + "<".repeat(300),
      "|".repeat(300),
      "\n\n\n",
      "",
      "#".repeat(10),
      "`".repeat(7) + "\n" + "~".repeat(7),
    ];
    for (const text of odd) {
      for (const width of [40, 1, 0, -5, Number.NaN]) {
        const out = colour(text, width);
        expectOnlySgr(out);
        expect(plain(text, width)).not.toContain("\u001b");
      }
    }
  });

  it("gives plain output no escape codes at all", () => {
    expect(plain(DOC)).not.toMatch(/[\u001b\u009b]/);
    expect(colour(DOC)).toMatch(SGR);
  });
});
