import { describe, expect, it } from "vitest";
import { unifiedDiffRows } from "../../src/ui/approval/unifiedDiff.js";
import { memoryFileChanges } from "../../src/store/memoryChanges.js";

// `git show --format=` output as 0.32.18's memory_commit_diff answers it (seen against the real
// server: a str_replace by the memory tool, a rename, a new file, a deletion).

const EDIT = [
  "diff --git a/system/human.md b/system/human.md",
  "index cbbfb4f..f8dc51f 100644",
  "--- a/system/human.md",
  "+++ b/system/human.md",
  "@@ -2,6 +2,8 @@",
  " description: What I'm learning",
  " ---",
  " Learn sideways, through the work.",
  "+Name: Ada",
  "+Likes: tea",
  "-Not a questionnaire.",
  " Infer first.",
  "@@ -20,2 +21,2 @@ a heading",
  "-old tail",
  "+new tail",
  "\\ No newline at end of file",
  "",
].join("\n");

const RENAME = ["diff --git a/notes/a.md b/notes/b.md", "similarity index 100%", "rename from notes/a.md", "rename to notes/b.md", ""].join("\n");
const CREATED = ["diff --git a/notes/n.md b/notes/n.md", "new file mode 100644", "index 0000000..5626abf", "--- /dev/null", "+++ b/notes/n.md", "@@ -0,0 +1,2 @@", "+one", "+two", ""].join("\n");
const DELETED = ["diff --git a/notes/d.md b/notes/d.md", "deleted file mode 100644", "index 5626abf..0000000", "--- a/notes/d.md", "+++ /dev/null", "@@ -1 +0,0 @@", "-gone", ""].join("\n");

describe("unifiedDiffRows", () => {
  it("numbers each line from its hunk header, old and new side apart", () => {
    const rows = unifiedDiffRows(EDIT);
    expect(rows[0]).toEqual({ kind: "file", path: "system/human.md" });
    expect(rows).toContainEqual({ kind: "hunk", text: "@@ -2,6 +2,8 @@" });
    expect(rows).toContainEqual({ kind: "line", type: "context", old: 4, new: 4, content: "Learn sideways, through the work." });
    expect(rows).toContainEqual({ kind: "line", type: "add", new: 5, content: "Name: Ada" });
    expect(rows).toContainEqual({ kind: "line", type: "add", new: 6, content: "Likes: tea" });
    expect(rows).toContainEqual({ kind: "line", type: "remove", old: 5, content: "Not a questionnaire." });
    expect(rows).toContainEqual({ kind: "line", type: "context", old: 6, new: 7, content: "Infer first." });
    // The second hunk starts over from its own header; its trailing context is kept.
    expect(rows).toContainEqual({ kind: "hunk", text: "@@ -20,2 +21,2 @@ a heading" });
    expect(rows).toContainEqual({ kind: "line", type: "remove", old: 20, content: "old tail" });
    expect(rows).toContainEqual({ kind: "line", type: "add", new: 21, content: "new tail" });
  });

  it("leaves out git's bookkeeping (index, ---/+++) and says the no-newline marker in words", () => {
    const rows = unifiedDiffRows(EDIT);
    const texts = rows.map((r) => ("content" in r ? r.content : "text" in r ? r.text : r.path));
    expect(texts.some((t) => t.startsWith("index ") || t.startsWith("--- ") || t.startsWith("+++ ") || t.startsWith("a/system"))).toBe(false);
    expect(rows.at(-1)).toEqual({ kind: "note", text: "no newline at end of file" });
    // "+++"/"---" inside a hunk are lines like any other.
    const inner = unifiedDiffRows(["diff --git a/x.md b/x.md", "--- a/x.md", "+++ b/x.md", "@@ -1 +1 @@", "---- rule", "+++ plus"].join("\n"));
    expect(inner).toContainEqual({ kind: "line", type: "remove", old: 1, content: "--- rule" });
    expect(inner).toContainEqual({ kind: "line", type: "add", new: 1, content: "++ plus" });
  });

  it("says a rename, a new file and a deleted file", () => {
    expect(unifiedDiffRows(RENAME)).toEqual([
      { kind: "file", path: "notes/b.md" },
      { kind: "note", text: "renamed from notes/a.md" },
    ]);
    const created = unifiedDiffRows(CREATED);
    expect(created.slice(0, 2)).toEqual([{ kind: "file", path: "notes/n.md" }, { kind: "note", text: "new file" }]);
    expect(created).toContainEqual({ kind: "line", type: "add", new: 2, content: "two" });
    const deleted = unifiedDiffRows(DELETED);
    expect(deleted.slice(0, 2)).toEqual([{ kind: "file", path: "notes/d.md" }, { kind: "note", text: "file deleted" }]);
    expect(deleted).toContainEqual({ kind: "line", type: "remove", old: 1, content: "gone" });
  });

  it("one file row per file of a commit, and a binary file as a note", () => {
    const rows = unifiedDiffRows(EDIT + RENAME + ["diff --git a/i.png b/i.png", "Binary files a/i.png and b/i.png differ", ""].join("\n"));
    expect(rows.filter((r) => r.kind === "file").map((r) => r.kind === "file" && r.path)).toEqual(["system/human.md", "notes/b.md", "i.png"]);
    expect(rows.at(-1)).toEqual({ kind: "note", text: "binary file changed" });
  });

  it("text that is no git diff is shown as it is, never dropped", () => {
    expect(unifiedDiffRows("just words\n")).toEqual([{ kind: "line", type: "context", content: "just words" }]);
    expect(unifiedDiffRows("")).toEqual([]);
  });
});

describe("memoryFileChanges", () => {
  it("one change per file of the commit, each with its own +/− counts and its own part of the diff", () => {
    const changes = memoryFileChanges(EDIT + RENAME + CREATED + DELETED);
    expect(changes.map(({ path, change, added, removed }) => ({ path, change, added, removed }))).toEqual([
      { path: "system/human.md", change: "changed", added: 3, removed: 2 },
      { path: "notes/b.md", change: "renamed", added: 0, removed: 0 },
      { path: "notes/n.md", change: "created", added: 2, removed: 0 },
      { path: "notes/d.md", change: "deleted", added: 0, removed: 1 },
    ]);
    expect(changes[1]?.from).toBe("notes/a.md");
    expect(changes[0]?.diff).toBe(EDIT);
    expect(changes[3]?.diff).toBe(DELETED);
  });

  it("no diff, no change", () => {
    expect(memoryFileChanges("")).toEqual([]);
  });
});
