import { describe, expect, it } from "vitest";
import { draftWindow } from "../../src/ui/components/draftWindow.js";

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
