import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../src/ui/color.js";

describe("colour", () => {
  it("follows NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal", () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: "0" }, true)).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colorEnabled({ NO_COLOR: "" }, true)).toBe(true);
  });
});
