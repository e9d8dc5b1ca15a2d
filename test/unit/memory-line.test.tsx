import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { TranscriptItem } from "../../src/store/state.js";
import { TranscriptItemView } from "../../src/ui/components/TranscriptItemView.js";
import { layoutItem } from "../../src/ui/transcriptFit.js";
import { rowCount } from "../../src/ui/transcriptRows.js";

// A memory change's transcript line (issue 15): one line collapsed; with the expand key (Ctrl+O,
// `verbose`) the commit's diff under it, drawn with the approval cards' rows. Colour is off here
// (not a terminal), so the screen is plain text.

const DIFF = [
  "diff --git a/system/human.md b/system/human.md",
  "index cbbfb4f..f8dc51f 100644",
  "--- a/system/human.md",
  "+++ b/system/human.md",
  "@@ -2,3 +2,4 @@",
  " Learn sideways.",
  "+Name: Ada",
  "+Likes: tea",
  "-Old line",
  " Infer first.",
  "",
].join("\n");
const item: TranscriptItem = { kind: "memory", key: "memory:0ddc703:system/human.md", sha: "0ddc703", path: "system/human.md", change: "changed", added: 2, removed: 1, diff: DIFF, done: true };
const draw = (it: TranscriptItem, verbose: boolean, width = 80) => render(<TranscriptItemView item={it} verbose={verbose} width={width} />).lastFrame() ?? "";

describe("the memory change line", () => {
  it("collapsed: one line with the file and its counts", () => {
    const screen = draw(item, false);
    expect(screen).toBe("◆ memory: system/human.md changed, +2 −1");
  });

  it("expanded: the diff under it, numbered like an approval card's, without git's headers", () => {
    const lines = draw(item, true).split("\n").map((l) => l.trimEnd());
    expect(lines[0]).toBe("◆ memory: system/human.md changed, +2 −1");
    expect(lines).toContain("  @@ -2,3 +2,4 @@");
    expect(lines).toContain("  2 2   Learn sideways.");
    expect(lines).toContain("    3 + Name: Ada");
    expect(lines).toContain("    4 + Likes: tea");
    expect(lines).toContain("  3   - Old line");
    expect(lines.some((l) => l.includes("index cbbfb4f") || l.includes("+++ b/"))).toBe(false);
  });

  it("a rename names both paths; a created file says so", () => {
    const renamed: TranscriptItem = { ...item, path: "notes/b.md", from: "notes/a.md", change: "renamed", added: 0, removed: 0, diff: "diff --git a/notes/a.md b/notes/b.md\nrename from notes/a.md\nrename to notes/b.md\n" };
    expect(draw(renamed, false)).toBe("◆ memory: notes/a.md renamed to notes/b.md, +0 −0");
    expect(draw({ ...item, change: "created" }, false)).toContain("system/human.md created, +2 −1");
  });

  it("server text in the path is shown escaped, never passed to the terminal", () => {
    const screen = draw({ ...item, path: "evil\u001b[2Jname.md" }, true);
    expect(screen).not.toContain("\u001b[2J");
    expect(screen).toContain("evil");
  });

  it("takes the rows its layout counts, collapsed and expanded, wide and narrow", () => {
    for (const verbose of [false, true]) {
      for (const width of [80, 24]) {
        const screen = draw(item, verbose, width);
        const layout = layoutItem(item, { width, verbose, maxRows: Infinity });
        expect(rowCount(screen, width)).toBe(layout.rows);
      }
    }
  });

  it("cut to a live budget, it keeps its first rows and says how many more", () => {
    const layout = layoutItem(item, { width: 80, verbose: true, maxRows: 3 });
    expect(layout.rows).toBe(3);
    expect(layout.body.split("\n")[0]).toBe("memory: system/human.md changed, +2 −1");
    expect(layout.body).toMatch(/more lines/);
  });
});
