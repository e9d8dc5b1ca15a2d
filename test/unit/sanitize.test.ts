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
  it("folds lines for one-line fields", () => {
    expect(sanitizeLine("a\nb")).toBe("a ⏎ b");
  });
  it("leaves ordinary text and unicode alone", () => {
    expect(sanitize("héllo — 世界 ✓")).toBe("héllo — 世界 ✓");
  });
});
