import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textLines } from "../../src/ui/approval/diffRows.js";
import { changedPaths, filesOf, sizeWords, type MemoryFile } from "../../src/ui/memory/files.js";
import { checkNewPath, newFileText } from "../../src/ui/memory/frontMatter.js";
import { relativeTime } from "../../src/ui/memory/relativeTime.js";
import { diffCounts, textDiffRows } from "../../src/ui/memory/textDiff.js";
import { treeRows } from "../../src/ui/memory/tree.js";
import { unifiedDiffRows } from "../../src/ui/approval/unifiedDiff.js";

// The memory view's pure model: the tree's order, the change marks, the diffs it shows.

const file = (path: string, body = `body of ${path}`, description: string | null = `about ${path}`): MemoryFile => ({ path, system: path.startsWith("system/"), description, size: body.length, kind: "markdown", body });
const names = (files: MemoryFile[], collapsed: string[] = []) =>
  treeRows(files, collapsed).map((r) => (r.kind === "root" ? "/" : r.kind === "folder" ? `${"  ".repeat(r.depth)}${r.name}/` : `${"  ".repeat(r.depth)}${r.name}`));

describe("the memory tree", () => {
  it("puts system/ first, each folder's subfolders before its files, by name", () => {
    const files = [file("zeta.md"), file("notes/b.md"), file("alpha/x.md"), file("system/persona.md"), file("notes/deep/c.md"), file("system/human.md"), file("a.md")];
    expect(names(files)).toEqual(["/", "system/", "  human.md", "  persona.md", "alpha/", "  x.md", "notes/", "  deep/", "    c.md", "  b.md", "a.md", "zeta.md"]);
  });

  it("hides what is under a collapsed folder, and counts every file below it", () => {
    const files = [file("system/human.md"), file("notes/a.md"), file("notes/deep/c.md")];
    expect(names(files, ["notes"])).toEqual(["/", "system/", "  human.md", "notes/"]);
    expect(treeRows(files, ["notes"]).find((r) => r.kind === "folder" && r.path === "notes")).toMatchObject({ open: false, count: 2 });
  });

  it("takes list_memory's entries as they come, the body without front matter", () => {
    expect(filesOf([{ relative_path: "system/human.md", is_system: true, description: "d", content: "x", size: 1, kind: "markdown" }])).toEqual([
      { path: "system/human.md", system: true, description: "d", size: 1, kind: "markdown", body: "x" },
    ]);
    expect(sizeWords(999)).toBe("999 chars");
    expect(sizeWords(1216)).toBe("1.2k chars");
  });
});

describe("change marks", () => {
  const before = [file("system/human.md"), file("notes/a.md")];
  it("marks a file whose body or description changed, and a new one; keeps earlier marks until seen", () => {
    const after = [file("system/human.md", "new body"), file("notes/a.md", "body of notes/a.md", "new about"), file("notes/new.md")];
    expect(changedPaths(before, after, [])).toEqual(["system/human.md", "notes/a.md", "notes/new.md"]);
    expect(changedPaths(before, before, ["notes/a.md"])).toEqual(["notes/a.md"]);
    expect(changedPaths(before, before, [])).toEqual([]);
  });
  it("drops the mark of a deleted file, and never marks the file the person wrote", () => {
    expect(changedPaths(before, [file("notes/a.md")], ["system/human.md"])).toEqual([]);
    expect(changedPaths(before, [file("system/human.md", "mine")], [], "system/human.md")).toEqual([]);
  });
});

describe("the diff of two texts", () => {
  it("numbers both sides, in hunks with three lines of context", () => {
    const letters = [..."abcdefghijklmno"];
    const before = letters.join("\n") + "\n";
    const after = [...letters.slice(0, 4), "E", ...letters.slice(5), "p"].join("\n") + "\n";
    const rows = textDiffRows("notes/x.md", before, after);
    expect(rows[0]).toEqual({ kind: "file", path: "notes/x.md" });
    expect(rows.slice(1, 10)).toEqual([
      { kind: "hunk", text: "@@ -2,7 +2,7 @@" },
      { kind: "line", type: "context", old: 2, new: 2, content: "b" },
      { kind: "line", type: "context", old: 3, new: 3, content: "c" },
      { kind: "line", type: "context", old: 4, new: 4, content: "d" },
      { kind: "line", type: "remove", old: 5, content: "e" },
      { kind: "line", type: "add", new: 5, content: "E" },
      { kind: "line", type: "context", old: 6, new: 6, content: "f" },
      { kind: "line", type: "context", old: 7, new: 7, content: "g" },
      { kind: "line", type: "context", old: 8, new: 8, content: "h" },
    ]);
    expect(rows[10]).toEqual({ kind: "hunk", text: "@@ -13,3 +13,4 @@" });
    expect(diffCounts(rows)).toEqual({ added: 2, removed: 1 });
  });

  it("says so when nothing changes; a new file is all additions", () => {
    expect(textDiffRows("a.md", "x\n", "x\n")).toEqual([{ kind: "file", path: "a.md" }, { kind: "note", text: "no changes" }]);
    expect(diffCounts(textDiffRows("a.md", "", "---\ndescription: d\n---\n"))).toEqual({ added: 3, removed: 0 });
  });

  it("on texts of up to 4 lines (all within one hunk's context) gives back both texts: old side = before, new side = after", () => {
    const line = fc.constantFrom("a", "b", "c", "");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 4 }), fc.array(line, { maxLength: 4 }), (a, b) => {
        const rows = textDiffRows("f", a.join("\n"), b.join("\n"));
        const lines = rows.flatMap((r) => (r.kind === "line" ? [r] : []));
        const norm = (xs: string[]) => (xs.join("\n") === "" ? [] : textLines(xs.join("\n")));
        expect(lines.filter((r) => r.type !== "add").map((r) => r.content)).toEqual(rows.some((r) => r.kind === "note") ? [] : norm(a));
        expect(lines.filter((r) => r.type !== "remove").map((r) => r.content)).toEqual(rows.some((r) => r.kind === "note") ? [] : norm(b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the diff's hunks", () => {
  it("say in their headers where they start and how many lines each side has, numbered without gaps", () => {
    const line = fc.constantFrom("a", "b", "c", "");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const rows = textDiffRows("f", a.join("\n"), b.join("\n"));
        let at = -1;
        for (const [i, r] of rows.entries()) {
          if (r.kind !== "hunk") continue;
          const [, os, oc, ns, nc] = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(r.text)!.map(Number);
          const body = rows.slice(i + 1).filter((_, j, all) => !all.slice(0, j + 1).some((x) => x.kind !== "line"));
          const olds = body.flatMap((x) => (x.kind === "line" && x.old !== undefined ? [x.old] : []));
          const news = body.flatMap((x) => (x.kind === "line" && x.new !== undefined ? [x.new] : []));
          expect(olds.length).toBe(oc);
          expect(news.length).toBe(nc);
          if (oc) expect(olds).toEqual(olds.map((_, k) => os! + k));
          if (nc) expect(news).toEqual(news.map((_, k) => ns! + k));
          expect(i).toBeGreaterThan(at);
          at = i;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("git's unified diff", () => {
  it("reads memory_commit_diff's answer (0.32.18) into numbered rows", () => {
    const diff = "diff --git a/notes/x.md b/notes/x.md\nnew file mode 100644\nindex 0000000..b70b176\n--- /dev/null\n+++ b/notes/x.md\n@@ -0,0 +1,3 @@\n+---\n+description: x notes\n+---\ndiff --git a/system/human.md b/system/human.md\nindex 1..2 100644\n--- a/system/human.md\n+++ b/system/human.md\n@@ -4,2 +4,2 @@ title\n keep\n-old\n+new\n\\ No newline at end of file\n";
    expect(unifiedDiffRows(diff)).toEqual([
      { kind: "file", path: "notes/x.md" },
      { kind: "note", text: "new file" },
      { kind: "hunk", text: "@@ -0,0 +1,3 @@" },
      { kind: "line", type: "add", new: 1, content: "---" },
      { kind: "line", type: "add", new: 2, content: "description: x notes" },
      { kind: "line", type: "add", new: 3, content: "---" },
      { kind: "file", path: "system/human.md" },
      { kind: "hunk", text: "@@ -4,2 +4,2 @@ title" },
      { kind: "line", type: "context", old: 4, new: 4, content: "keep" },
      { kind: "line", type: "remove", old: 5, content: "old" },
      { kind: "line", type: "add", new: 5, content: "new" },
      { kind: "note", text: "no newline at end of file" },
    ]);
  });
});

describe("a new file", () => {
  it("keeps its description in front matter as the server's own files do, quoted when YAML needs it", () => {
    expect(newFileText("Project notes")).toBe("---\ndescription: Project notes\n---\n");
    expect(newFileText("key: value # not a comment")).toBe('---\ndescription: "key: value # not a comment"\n---\n');
  });
  it("checks the path: inside the memory, .md added, not one that exists", () => {
    expect(checkNewPath("notes/plan", [])).toEqual({ ok: true, path: "notes/plan.md" });
    expect(checkNewPath("../x.md", [])).toMatchObject({ ok: false });
    expect(checkNewPath("/etc/x.md", [])).toMatchObject({ ok: false });
    expect(checkNewPath("system/human.md", ["system/human.md"])).toMatchObject({ ok: false, why: expect.stringContaining("exists already") });
  });
});

describe("relative time", () => {
  it("reads git's ISO time against the clock", () => {
    const now = Date.parse("2026-12-07T01:00:00Z");
    expect(relativeTime("2026-12-07T00:55:00+00:00", now)).toBe("5 min ago");
    expect(relativeTime("2026-12-06T22:00:00+00:00", now)).toBe("3 h ago");
    expect(relativeTime("nonsense", now)).toBe("at an unknown time");
  });
});
