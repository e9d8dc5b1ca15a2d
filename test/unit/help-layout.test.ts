import { describe, expect, it } from "vitest";
import { helpLines, layoutHelp } from "../../src/ui/helpLayout.js";

describe("help layout", () => {
  const lines = helpLines();
  const keys = lines.filter((l) => l.kind === "key").length;
  const keysIn = (pages: ReturnType<typeof layoutHelp>["pages"]) => pages.flat(2).filter((l) => l.kind === "key").length;

  // 70 rows since the memory view's and the reader's keys (issues 14, 15): three columns of 60 no longer hold them all.
  it("fits a big terminal (196x70) on one page, side by side", () => {
    const { pages, columnWidth } = layoutHelp(lines, 196, 70);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.length).toBeGreaterThan(1);
    expect(columnWidth).toBe(65);
    expect(keysIn(pages)).toBe(keys);
  });

  it("pages a small terminal, never past its height, losing no key", () => {
    const { pages } = layoutHelp(lines, 76, 8);
    expect(pages.length).toBeGreaterThan(5);
    for (const column of pages.flat()) expect(column.length).toBeLessThanOrEqual(8);
    expect(keysIn(pages)).toBe(keys);
  });

  it("never leaves a section title alone at the foot of a column, nor a gap at its head", () => {
    for (const height of [4, 5, 6, 7, 9, 13]) {
      for (const column of layoutHelp(lines, 120, height).pages.flat()) {
        expect(column.at(-1)?.kind).not.toBe("title");
        expect(column[0]?.kind).not.toBe("gap");
      }
    }
  });
});
