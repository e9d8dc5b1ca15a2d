import { describe, expect, it } from "vitest";
import { rowCount, tailRows } from "../../src/ui/transcriptRows.js";

describe("tailRows", () => {
  it("keeps the last rows of short lines exactly, with a count of the rest", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n");
    const fitted = tailRows(text, 5, 80);
    expect(fitted.rows).toBe(5);
    expect(fitted.text.split("\n")).toEqual(["… 46 more lines", "line 46", "line 47", "line 48", "line 49"]);
  });

  it("shows the end of a huge single line without wrapping all of it", () => {
    const line = `${"x".repeat(1_000_000)}THE-END`;
    const fitted = tailRows(line, 5, 100);
    expect(fitted.rows).toBeLessThanOrEqual(5);
    expect(fitted.text.endsWith("THE-END")).toBe(true);
    expect(fitted.text).toMatch(/^… \d+ more lines/);
  });
});

describe("rowCount", () => {
  it("counts wrapped rows, or stops at the limit it is given", () => {
    const text = `${"word ".repeat(60)}\nshort\n`;
    expect(rowCount(text, 40)).toBe(rowCount(text, 40, 100));
    expect(rowCount(text, 40)).toBeGreaterThan(3);
    expect(rowCount(text, 40, 3)).toBe(3);
    expect(rowCount("x".repeat(1_000_000), 100, 5)).toBe(5);
    expect(rowCount("a\nb", 10, 5)).toBe(2);
  });
});
