import { describe, expect, it } from "vitest";
import { sanitize, sanitizeLine } from "../../src/ui/sanitize.js";

describe("sanitize", () => {
  it("removes colour and cursor movement, so a hidden command becomes visible", () => {
    // "rm -rf ~" written, then the cursor moves back and "ls" overprints it.
    const hostile = "rm -rf ~\u001B[2K\u001B[1G\u001B[8Dls";
    expect(sanitize(hostile)).toBe("rm -rf ~ls");
  });
  it("drops an OSC 52 clipboard write and a title change", () => {
    expect(sanitize("a\u001B]52;c;ZWNobyBoaQ==\u0007b")).toBe("ab");
    expect(sanitize("a\u001B]0;pwned\u001B\\b")).toBe("ab");
    expect(sanitize("a\u009D0;pwned\u009Cb")).toBe("ab");
  });
  it("removes C0/C1 controls but keeps newlines", () => {
    expect(sanitize("a\u0007b\u0008c\r\nd\u0085e")).toBe("abc\nde");
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
    expect(sanitize("\u{E0080}\u061B\u00AE")).toBe("\u{E0080}\u061B\u00AE");
  });
  it("folds lines for one-line fields", () => {
    expect(sanitizeLine("a\nb")).toBe("a ⏎ b");
  });
  it("leaves ordinary text and unicode alone", () => {
    expect(sanitize("héllo — 世界 ✓")).toBe("héllo — 世界 ✓");
  });
});
