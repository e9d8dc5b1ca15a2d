import { describe, expect, it } from "vitest";
import { draftWindow, lineRow } from "../../src/ui/components/draftWindow.js";
import { rowSegments } from "../../src/ui/components/FieldText.js";

describe("the draft's window", () => {
  it("is not needed while the draft fits", () => {
    expect(draftWindow("short\ntext", 3, 20, 5)).toBeNull();
  });

  it("shows the rows around the cursor, counting the rest, never more than maxRows", () => {
    const text = "a".repeat(95); // 10 rows of 10 at width 10
    const end = draftWindow(text, text.length, 10, 5)!;
    expect(end.rows.length + (end.above ? 1 : 0) + (end.below ? 1 : 0)).toBeLessThanOrEqual(5);
    expect(end).toMatchObject({ above: 7, below: 0 });
    expect(end.rows.at(-1)).toEqual({ text: "aaaaa", cursor: 5 });
    const start = draftWindow(text, 0, 10, 5)!;
    expect(start).toMatchObject({ above: 0, below: 7 });
    expect(start.rows[0]).toEqual({ text: "a".repeat(10), cursor: 0 });
  });

  it("windows a draft that column-cutting would fit but Ink's word wrap would not", () => {
    // Fifteen 40-character words at width 80: 8 rows cut by columns, 15 as Ink wraps them.
    const text = Array.from({ length: 15 }, (_, i) => String(i).padEnd(40, "x")).join(" ");
    const w = draftWindow(text, text.length, 80, 8);
    expect(w).not.toBeNull();
    expect(w!.rows.length + (w!.above ? 1 : 0) + (w!.below ? 1 : 0)).toBeLessThanOrEqual(8);
  });

  it("keeps the cursor's column exact across lines and wide characters", () => {
    const text = `line one\n${"界".repeat(12)}\nend`;
    // At width 10, "界" is 2 columns: 5 per row. Cursor on the 8th 界 = row 2 of that line, col 2.
    const w = draftWindow(text, 9 + 7, 10, 4)!;
    const at = w.rows.find((r) => r.cursor !== undefined)!;
    expect(at.text).toBe("界".repeat(5));
    expect(at.cursor).toBe(2);
  });
});

describe("a draft holding control characters (a raw command from a card, a paste)", () => {
  it("draws them as visible escapes and puts the cursor on the cell it stands before", () => {
    // Cursor after "a", ESC: it sits on the ESC, drawn as the four cells of "\x1b".
    expect(lineRow("a\u001b]8;;b", 1)).toEqual({ text: "a\\x1b]8;;b", cursor: 1, escapes: [[1, 5]] });
    // Cursor on the "]" right after the ESC: past the escape's four cells, not one.
    expect(lineRow("a\u001b]8;;b", 2)).toEqual({ text: "a\\x1b]8;;b", cursor: 5, escapes: [[1, 5]] });
    expect(lineRow("\u202e\u0007", 2)).toEqual({ text: "\\u{202e}\\x07", cursor: 12, escapes: [[0, 8], [8, 12]] });
  });

  it("measures rows with the escapes expanded, never splitting one", () => {
    // 10 ESC bytes: 10 characters, but 40 columns as drawn: two whole escapes per row at width 10.
    const text = "\u001b".repeat(10);
    const w = draftWindow(text, text.length, 10, 3)!;
    expect(w).not.toBeNull();
    expect(w.rows.every((r) => r.text.length <= 10 && /^(\\x1b)*$/.test(r.text))).toBe(true);
    expect(w.rows.at(-1)).toMatchObject({ text: "\\x1b\\x1b", cursor: 8 });
    expect(w.above + w.rows.length + w.below).toBe(5);
  });

  it("cuts the cursor's cell out of a row: one grapheme, or a whole escape", () => {
    const row = lineRow("ab\u001bc", 2);
    expect(rowSegments(row, true)).toEqual([{ text: "ab" }, { text: "\\", escape: true, cursor: true }, { text: "x1b", escape: true }, { text: "c" }]);
    expect(rowSegments(lineRow("ab", 2), true)).toEqual([{ text: "ab" }, { text: " ", cursor: true }]);
    expect(rowSegments(row, false)).toEqual([{ text: "ab" }, { text: "\\x1b", escape: true }, { text: "c" }]);
  });
});

describe("chips in the draft", () => {
  const chip = "[Pasted text #1 +40 lines]";
  it("a chip is one unit: never cut across rows, marked for its colour", () => {
    // Width 30: the 26-column chip takes a row of its own rather than being split at column 30.
    const value = `${"x".repeat(12)} ${chip} y\nmore\nrows\nhere\nand\nmore`;
    const at = 13;
    const w = draftWindow(value, value.length, 30, 5, [[at, at + chip.length]])!;
    const all = draftWindow(value, 0, 30, 5, [[at, at + chip.length]])!;
    const rows = [...all.rows, ...w.rows].map((r) => r.text);
    expect(rows).toContain(`${chip} y`);
    expect(rows.some((r) => r.includes("#1 +") && !r.startsWith("["))).toBe(false);
    expect(all.rows.find((r) => r.text.startsWith(chip))?.chips).toEqual([[0, chip.length]]);
  });
  it("a chip wider than the screen is cut like text: no row outgrows the width", () => {
    const value = `${chip}\n1\n2\n3\n4\n5`;
    const w = draftWindow(value, 0, 10, 5, [[0, chip.length]])!;
    expect(w.rows.every((r) => r.text.length <= 10)).toBe(true);
    expect(w.rows[0]).toMatchObject({ text: chip.slice(0, 10), cursor: 0 });
  });

  it("drawn in segments of its own, the cursor on its first cell when it stands before it", () => {
    const row = lineRow(`a ${chip} b`, 2, [[2, 2 + chip.length]]);
    expect(row.chips).toEqual([[2, 2 + chip.length]]);
    expect(rowSegments(row, true)).toEqual([{ text: "a " }, { text: "[", chip: true, cursor: true }, { text: chip.slice(1), chip: true }, { text: " b" }]);
  });
});
