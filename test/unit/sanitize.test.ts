import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeControls, isEscaped, pieces, sanitize, sanitizeLine, tableEscapes } from "../../src/ui/sanitize.js";
import { FORBIDDEN, HOSTILE_CASES, hostileCommand, inOrder, printableOf } from "../fixtures/hostile-text.js";

// The display rule for server text: every printable character survives in order, every
// control or invisible character becomes a visible escape in its place, nothing is deleted.

/** Property runs per property; the figure quoted in docs/reliability.md. */
export const RUNS = 5_000;

const ESC = "\u001b";
const BEL = "\u0007";
const ST = `${ESC}\\`;

// The escapes the display adds: \xNN, \r, \u{hex}.
const TOKEN = /\\x[0-9a-f]{2}|\\r|\\u\{[0-9a-f]+\}/g;

const printableChar = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 });
const params = fc.string({ unit: fc.constantFrom(..."0123456789;:?"), maxLength: 6 });
const payload = fc.string({ unit: "grapheme-ascii", maxLength: 10 });

/** Every kind of sequence a terminal acts on, well-formed or cut off, 7- and 8-bit. */
const sequence = fc.oneof(
  fc.tuple(params, fc.constantFrom(..."ABCDGHJKmnsuhl")).map(([p, f]) => `${ESC}[${p}${f}`), // CSI
  fc.tuple(params, payload).map(([p, s]) => `${ESC}]${p};${s}${BEL}`), // OSC, BEL
  fc.tuple(params, payload).map(([p, s]) => `${ESC}]${p};${s}${ST}`), // OSC, ST
  fc.tuple(params, payload).map(([p, s]) => `${ESC}]${p};${s}`), // OSC, no terminator
  fc.tuple(fc.constantFrom("P", "X", "^", "_"), payload, fc.constantFrom(ST, BEL, "")).map(([k, s, t]) => `${ESC}${k}${s}${t}`), // DCS SOS PM APC
  fc.tuple(params, fc.constantFrom(..."ABCDHJKm")).map(([p, f]) => `\u009b${p}${f}`), // 8-bit CSI
  fc.tuple(fc.constantFrom("\u009d", "\u0090", "\u0098", "\u009e", "\u009f"), payload, fc.constantFrom("\u009c", BEL, "")).map(([k, s, t]) => `${k}${s}${t}`), // 8-bit strings
  fc.constantFrom(ESC, `${ESC}c`, `${ESC}7`, `${ESC}(0`, "\r", "\b", "\r\n", "\t", "\u007f", "\u0085", "\u0000"), // lone ESC, two-char escapes, CR, BS, ...
  fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c)), // any C0/C1
  fc.constantFrom("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"), // BiDi
  fc.constantFrom("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u2028", "\u2029"), // zero-width and friends
  fc.integer({ min: 0xe0000, max: 0xe007f }).map((c) => String.fromCodePoint(c)), // tag characters
  fc.constantFrom("\ud83d", "\ude00", "\udbff"), // lone surrogate halves
);
/** Printable text: any grapheme (emoji, surrogate pairs, combining marks, CJK) and some ASCII. */
const printable = fc.oneof(printableChar, fc.constantFrom("😀", "👍🏽", "e\u0301", "世界", "❤️", "echo ", "touch RAN.txt", "\\x1b", "\\"));
const hostile = fc.array(fc.oneof(printable, sequence), { maxLength: 24 }).map((parts) => parts.join(""));
/** Same, without backslashes (an ST loses its own), so the escapes the display adds are unambiguous. */
const hostileNoBackslash = hostile.map((text) => text.replace(/\\/g, ""));

describe("sanitize: the display rule, property-tested", () => {
  it("(a) keeps every printable character of the input, in order", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(inOrder(printableOf(text), sanitize(text))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("(a) exactly: removing the escapes it added gives back the input minus its controls", () => {
    fc.assert(
      fc.property(hostileNoBackslash, (text) => {
        const out = sanitize(text);
        expect(out.replace(TOKEN, "")).toBe(printableOf(text).join(""));
        // One escape per control character: none dropped, none merged with its neighbours.
        const controls = [...text.replace(/\r\n/g, "\n").replace(/\t/g, "  ")].length - printableOf(text).length;
        expect(out.match(TOKEN)?.length ?? 0).toBe(controls);
      }),
      { numRuns: RUNS },
    );
  });

  it("(b) lets no control, C1, BiDi, zero-width, tag character or lone surrogate through", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitize(text)).not.toMatch(FORBIDDEN);
        const line = sanitizeLine(text);
        expect(line).not.toMatch(FORBIDDEN);
        expect(line).not.toContain("\n");
      }),
      { numRuns: RUNS },
    );
  });

  it("reads the same when the text arrives in pieces (a streamed delta cut anywhere)", () => {
    fc.assert(
      fc.property(hostile, fc.nat(), (text, at) => {
        const cut = [...text];
        const i = at % (cut.length + 1);
        const [a, b] = [cut.slice(0, i).join(""), cut.slice(i).join("")];
        // A CRLF cut in two shows its CR: the only difference, and it hides nothing.
        fc.pre(!(a.endsWith("\r") && b.startsWith("\n")));
        expect(sanitize(a) + sanitize(b)).toBe(sanitize(text));
      }),
      { numRuns: RUNS },
    );
  });

  it("pieces() joins back to its input and shows exactly what escapeControls() shows", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const ps = pieces(text);
        expect(ps.map((p) => p.raw).join("")).toBe(text);
        expect(ps.map((p) => (p.raw === "\t" ? "\t" : p.shown)).join("")).toBe(escapeControls(text));
        for (const p of ps) if (p.escape) expect(p.shown).toMatch(/^(\\x[0-9a-f]{2}|\\r|\\u\{[0-9a-f]+\})$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("sanitize: the cases of issue 10", () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))("%s: the hidden part is shown", (_name, c) => {
    const shown = sanitize(hostileCommand(c));
    expect(shown).toContain("echo safe-start");
    expect(shown).toContain(`touch ./${c.name}.txt`);
    expect(shown).not.toMatch(FORBIDDEN);
  });

  it("shows the unterminated OSC of the issue and everything after it", () => {
    expect(sanitize(`echo safe-start ${ESC}]; touch RAN.txt`)).toBe("echo safe-start \\x1b]; touch RAN.txt");
  });
  it("shows cursor movement instead of obeying it, so an overprinted command stays readable", () => {
    expect(sanitize("rm -rf ~\u001B[2K\u001B[1G\u001B[8Dls")).toBe("rm -rf ~\\x1b[2K\\x1b[1G\\x1b[8Dls");
  });
  it("shows an OSC 52 clipboard write and a title change", () => {
    expect(sanitize(`a${ESC}]52;c;ZWNobyBoaQ==${BEL}b`)).toBe("a\\x1b]52;c;ZWNobyBoaQ==\\x07b");
    expect(sanitize(`a${ESC}]0;pwned${ST}b`)).toBe("a\\x1b]0;pwned\\x1b\\b");
    expect(sanitize("a\u009D0;pwned\u009Cb")).toBe("a\\x9d0;pwned\\x9cb");
  });
  it("shows C0/C1 controls, a lone CR and DEL; keeps newlines; folds CRLF; tabs become spaces", () => {
    expect(sanitize("a\u0007b\u0008c\r\nd\u0085e\rf\u007fg\th")).toBe("a\\x07b\\x08c\nd\\x85e\\rf\\x7fg  h");
  });
  it("makes BiDi overrides and zero-width characters visible", () => {
    expect(sanitize("ab\u202Edc")).toBe("ab\\u{202e}dc");
    expect(sanitize("x\u200By")).toBe("x\\u{200b}y");
  });
  it("makes tag characters, the Arabic letter mark, the Mongolian vowel separator and soft hyphens visible", () => {
    // Tag characters spell hidden ASCII ("hi" here) that a terminal draws as nothing.
    expect(sanitize("ok\u{E0068}\u{E0069}!")).toBe("ok\\u{e0068}\\u{e0069}!");
    expect(sanitize("a\u{E0001}\u{E007F}b")).toBe("a\\u{e0001}\\u{e007f}b");
    expect(sanitize("a\u061Cb\u180Ec\u00ADd")).toBe("a\\u{61c}b\\u{180e}c\\u{ad}d");
    // Neighbours of those ranges are ordinary characters.
    expect(sanitize("\u061B\u00AE")).toBe("\u061B\u00AE");
  });
  it("shows a lone surrogate half instead of letting the terminal turn it into U+FFFD", () => {
    expect(sanitize("a\ud83db")).toBe("a\\u{d83d}b");
  });
  it("folds lines for one-line fields", () => {
    expect(sanitizeLine("a\nb")).toBe("a ⏎ b");
  });
  it("leaves ordinary text, emoji and their presentation selectors alone", () => {
    expect(sanitize("héllo — 世界 ✓ 😀 👍🏽 ❤️")).toBe("héllo — 世界 ✓ 😀 👍🏽 ❤️");
  });
  it("leaves a literal backslash as it is, so commands read as they run", () => {
    expect(sanitize("printf 'a\\tb\\x1b' | sed 's/\\\\/x/'")).toBe("printf 'a\\tb\\x1b' | sed 's/\\\\/x/'");
  });
});

describe("sanitize: the fast table agrees with the definition", () => {
  it("on every code point but \\t (kept by escapeControls) and \\n", () => {
    const disagree: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp === 0x09 || cp === 0x0a) continue;
      if (tableEscapes(cp) !== isEscaped(String.fromCodePoint(cp))) disagree.push(cp.toString(16));
    }
    expect(disagree).toEqual([]);
  });
});
