import { readFileSync } from "node:fs";
import { render } from "ink-testing-library";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { ControlRequestFrame, type DiffPreview } from "../../src/protocol/approval.js";
import { CardBody, type CardBodyProps } from "../../src/ui/approval/CardBody.js";
import { cardFamily, cardTitle, filePathOf } from "../../src/ui/approval/families.js";

// Approval card bodies per tool family (PROTOCOL §5.7), rendered with Ink and read back.

const SGR = /\u001B\[[0-9;]*m/g;
const plain = (s: string): string => s.replace(SGR, "");

function frame(el: ReactElement): string {
  const r = render(el);
  const out = r.lastFrame() ?? "";
  r.unmount();
  return out;
}

const body = (props: Partial<CardBodyProps> & Pick<CardBodyProps, "toolName" | "input">): string =>
  frame(<CardBody expanded={false} maxLines={20} color={false} {...props} />);

/** The first control_request of a recorded session, parsed as the client parses it. */
function recordedRequest(file: string) {
  for (const line of readFileSync(new URL(`../fixtures/frames/${file}`, import.meta.url), "utf8").split("\n")) {
    if (!line.includes('"control_request"')) continue;
    return ControlRequestFrame.parse((JSON.parse(line) as { frame: unknown }).frame).request;
  }
  throw new Error(`no control_request in ${file}`);
}

const editHunk = {
  oldStart: 9,
  oldLines: 3,
  newStart: 9,
  newLines: 3,
  lines: [
    { type: "context", content: "import x;" },
    { type: "remove", content: "const x = foo;" },
    { type: "add", content: "const x = bar;" },
    { type: "context", content: "export { x };" },
  ],
} as const;
const editDiff: DiffPreview = { mode: "advanced", fileName: "app.ts", hunks: [{ ...editHunk, lines: [...editHunk.lines] }] };

describe("cardFamily", () => {
  it.each([
    ["Bash", {}, "shell"],
    ["shell", {}, "shell"],
    ["shell_command", {}, "shell"],
    ["exec_command", {}, "shell"],
    ["write_stdin", {}, "shell"],
    ["run_shell_command", {}, "shell"],
    ["Monitor", { command: "tail -f log" }, "shell"],
    ["Monitor", { ws: { url: "wss://x" } }, "generic"],
    ["Write", {}, "file"],
    ["write_file", {}, "file"],
    ["Edit", {}, "file"],
    ["MultiEdit", {}, "file"],
    ["replace", {}, "file"],
    ["apply_patch", {}, "file"],
    ["NotebookEdit", {}, "file"],
    ["memory", {}, "memory"],
    ["memory_apply_patch", {}, "memory"],
    ["memory_insert", {}, "memory"],
    ["memory_replace", {}, "memory"],
    ["memory_rethink", {}, "memory"],
    ["AskUserQuestion", {}, "question"],
    ["Task", {}, "task"],
    ["Agent", {}, "task"],
    ["lookup_weather", {}, "generic"],
    ["bash", {}, "generic"],
  ] as const)("%s %j → %s", (tool, input, family) => {
    expect(cardFamily(tool, input)).toBe(family);
  });
});

describe("cardTitle", () => {
  it("names the action and the target", () => {
    expect(cardTitle("Bash", { command: "ls" })).toBe("Run this command?");
    expect(cardTitle("Write", { file_path: "/r/new.txt", content: "x" })).toBe("Write to /r/new.txt?");
    expect(cardTitle("Edit", { file_path: "/r/a.ts" })).toBe("Update /r/a.ts?");
    expect(cardTitle("MultiEdit", { file_path: "/r/a.ts", edits: [{}, {}, {}] })).toBe("Update /r/a.ts? (3 edits)");
    expect(cardTitle("AskUserQuestion", {})).toBe("Answer the agent's questions");
    expect(cardTitle("Task", { prompt: "x" })).toBe("Dispatch subagent?");
    expect(cardTitle("memory_replace", { label: "human" })).toBe("Edit memory human?");
    expect(cardTitle("memory", { command: "create", file_path: "notes/a.md" })).toBe("Create memory notes/a.md?");
    expect(cardTitle("lookup_weather", { city: "x" })).toBe("Run lookup_weather?");
  });

  it("calls a Write an overwrite only when the preview shows existing lines", () => {
    const existing: DiffPreview = { ...editDiff, fileName: "a.ts" };
    expect(cardTitle("Write", { file_path: "/r/a.ts" }, [existing])).toBe("Overwrite /r/a.ts?");
    const req = recordedRequest("edit.jsonl");
    expect(cardTitle(req.tool_name, req.input, req.diffs)).toBe("Write to /srv/letta-run/work-edit/edit-original.txt?");
  });

  it("counts apply_patch files from headers (deletions too), else from the previews", () => {
    const patch = "*** Begin Patch\n*** Update File: a.ts\n@@\n-x\n+y\n*** Delete File: b.ts\n*** End Patch";
    expect(cardTitle("apply_patch", { input: patch })).toBe("Apply patch to 2 files?");
    expect(cardTitle("apply_patch", {}, [editDiff])).toBe("Apply patch to 1 file?");
  });

  it("sanitises what it takes from the input", () => {
    const title = cardTitle("Edit", { file_path: "/r/\u001B]0;pwned\u0007a\u202E.ts" });
    expect(title).not.toMatch(/[\u001B\u0007\u202E]/);
    // Shown, not deleted: the title says which bytes the path really holds.
    expect(title).toContain("/r/\\x1b]0;pwned\\x07a\\u{202e}.ts");
  });

  it("filePathOf reads file_path, path or notebook_path", () => {
    expect(filePathOf({ file_path: "/a" })).toBe("/a");
    expect(filePathOf({ path: "b" })).toBe("b");
    expect(filePathOf({ notebook_path: "c.ipynb" })).toBe("c.ipynb");
    expect(filePathOf({ file_path: 3 })).toBeUndefined();
  });
});

describe("CardBody: shell", () => {
  const command = ["echo one", "echo two", "echo three", "echo four", "echo five", "echo six"].join("\n");

  it("folds a long command to 3 lines with a count, and shows description and cwd", () => {
    const s = body({ toolName: "Bash", input: { command, description: "print numbers" }, cwd: "/srv/work" });
    expect(s).toContain("$ echo one");
    expect(s).toContain("echo three");
    expect(s).not.toContain("echo four");
    expect(s).toContain("… 3 more lines (f to show all)");
    expect(s).toContain("print numbers");
    expect(s).toContain("in /srv/work");
  });

  it("shows every line when expanded", () => {
    const s = body({ toolName: "Bash", input: { command }, expanded: true });
    expect(s).toContain("echo six");
    expect(s).not.toContain("more lines");
  });

  it("highlights as bash in colour mode only", () => {
    expect(frame(<CardBody toolName="Bash" input={{ command: 'echo "hi"' }} expanded={false} maxLines={20} color />)).toMatch(SGR);
    expect(body({ toolName: "Bash", input: { command: 'echo "hi"' } })).not.toMatch(SGR);
  });

  it("reads Codex argv, exec_command's cmd and write_stdin's bytes", () => {
    expect(body({ toolName: "shell", input: { command: ["bash", "-lc", "npm test"], workdir: "/w", justification: "why" } })).toMatch(
      /\$ bash -lc 'npm test'[\s\S]*why[\s\S]*in \/w/,
    );
    expect(body({ toolName: "exec_command", input: { cmd: "git status" } })).toContain("$ git status");
    expect(body({ toolName: "write_stdin", input: { session_id: 4, chars: "\u0003" } })).toContain('stdin → session 4: "\\u0003"');
  });
});

describe("CardBody: file", () => {
  it("Edit: full path, hunk header, old/new numbers, +/- in plain", () => {
    const s = body({ toolName: "Edit", input: { file_path: "/repo/src/app.ts", old_string: "foo", new_string: "bar" }, diffs: [editDiff] });
    const lines = s.split("\n");
    expect(lines[0]).toBe("/repo/src/app.ts");
    expect(lines[1]).toBe("@@ -9,3 +9,3 @@");
    expect(lines[2]).toMatch(/^ 9 {2}9 {3}import x;$/);
    expect(lines[3]).toMatch(/^10 {4}- const x = foo;$/);
    expect(lines[4]).toMatch(/^ {3}10 \+ const x = bar;$/);
    expect(lines[5]).toMatch(/^11 11 {3}export \{ x \};$/);
  });

  it("Edit: red removals and green additions in colour mode", () => {
    const s = frame(<CardBody toolName="Edit" input={{ file_path: "/repo/src/app.ts" }} diffs={[editDiff]} expanded={false} maxLines={20} color />);
    expect(s).toContain("\u001B[31m- const x = foo;");
    expect(s).toContain("\u001B[32m+ const x = bar;");
    expect(plain(s)).toContain("/repo/src/app.ts");
  });

  it("MultiEdit: every hunk of the preview", () => {
    const two: DiffPreview = { ...editDiff, hunks: [{ ...editHunk, lines: [...editHunk.lines] }, { oldStart: 40, oldLines: 1, newStart: 40, newLines: 1, lines: [{ type: "remove", content: "old40" }, { type: "add", content: "new40" }] }] };
    const input = { file_path: "/repo/src/app.ts", edits: [{ old_string: "foo", new_string: "bar" }, { old_string: "old40", new_string: "new40" }] };
    expect(cardTitle("MultiEdit", input, [two])).toBe("Update /repo/src/app.ts? (2 edits)");
    const s = body({ toolName: "MultiEdit", input, diffs: [two] });
    expect(s).toContain("@@ -40,1 +40,1 @@");
    expect(s).toMatch(/^40 {4}- old40$/m);
    expect(s).toMatch(/^ {3}40 \+ new40$/m);
  });

  it("Write of a new file from a recorded frame: the full path and the added line", () => {
    const req = recordedRequest("edit.jsonl");
    const s = body({ toolName: req.tool_name, input: req.input, diffs: req.diffs });
    expect(s).toContain("/srv/letta-run/work-edit/edit-original.txt");
    expect(s).toContain("@@ -1,0 +1,1 @@");
    expect(s).toMatch(/^1 \+ original content$/m);
  });

  it("Write without previews: numbered content, capped at maxLines", () => {
    const content = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const s = body({ toolName: "Write", input: { file_path: "/r/new.txt", content }, maxLines: 10 });
    expect(s.split("\n")[0]).toBe("/r/new.txt");
    expect(s).toMatch(/^ 1 {3}line 1$/m);
    expect(s).toMatch(/^ 9 {3}line 9$/m);
    expect(s).not.toContain("line 10");
    expect(s).toContain("… 21 more lines (f to show all)");
    expect(body({ toolName: "Write", input: { file_path: "/r/new.txt", content }, expanded: true })).toMatch(/^30 {3}line 30$/m);
  });

  it("apply_patch: full paths from the patch headers for each basename, deletions listed", () => {
    const patch = [
      "*** Begin Patch",
      "*** Update File: src/index.ts",
      "@@",
      "-a",
      "+b",
      "*** Add File: test/index.ts",
      "+hello",
      "*** Delete File: docs/old.md",
      "*** End Patch",
    ].join("\n");
    const diffs: DiffPreview[] = [
      { mode: "advanced", fileName: "index.ts", hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [{ type: "remove", content: "a" }, { type: "add", content: "b" }] }] },
      { mode: "advanced", fileName: "index.ts", hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, lines: [{ type: "add", content: "hello" }] }] },
    ];
    expect(cardTitle("apply_patch", { input: patch }, diffs)).toBe("Apply patch to 3 files?");
    const lines = body({ toolName: "apply_patch", input: { input: patch }, diffs }).split("\n");
    expect(lines.indexOf("src/index.ts")).toBeLessThan(lines.indexOf("test/index.ts"));
    expect(lines).toContain("docs/old.md");
    expect(lines).toContain("file will be deleted");
  });

  it("fallback and unpreviewable previews show their reason", () => {
    const diffs: DiffPreview[] = [
      { mode: "fallback", fileName: "big.bin", reason: "file too large to diff" },
      { mode: "unpreviewable", fileName: "x.ts", reason: "binary \u001B[2Jcontent" },
    ];
    const s = body({ toolName: "apply_patch", input: {}, diffs });
    expect(s).toContain("big.bin");
    expect(s).toContain("no diff preview: file too large to diff");
    expect(s).toContain("no diff preview: binary \\x1b[2Jcontent");
  });
});

describe("CardBody: other families", () => {
  it("task: type, description, model, [background], folded prompt", () => {
    const prompt = Array.from({ length: 12 }, (_, i) => `step ${i + 1}`).join("\n");
    const input = { subagent_type: "explore", description: "scan repo", model: "haiku", run_in_background: true, prompt };
    const s = body({ toolName: "Task", input, maxLines: 5 });
    expect(s).toContain("explore · scan repo · model haiku [background]");
    expect(s).toContain("step 5");
    expect(s).not.toContain("step 6");
    expect(s).toContain("… 7 more lines (f to show all)");
    expect(body({ toolName: "Task", input, maxLines: 5, expanded: true })).toContain("step 12");
  });

  it("generic: pretty JSON, highlighted in colour, folded", () => {
    const input = { city: "Paris", days: [1, 2, 3, 4, 5, 6, 7, 8] };
    const s = body({ toolName: "lookup_weather", input, maxLines: 4 });
    expect(s).toContain('"city": "Paris"');
    expect(s).toMatch(/… \d+ more lines \(f to show all\)/);
    const c = frame(<CardBody toolName="lookup_weather" input={input} expanded maxLines={4} color />);
    expect(c).toMatch(SGR);
    expect(plain(c)).toContain("8\n  ]\n}");
  });

  it("memory: a str_replace without previews is drawn from its arguments, with the reason", () => {
    const s = body({ toolName: "memory", input: { command: "str_replace", file_path: "human.md", old_string: "likes tea", new_string: "likes coffee", reason: "update prefs" } });
    expect(s).toMatch(/human\.md\n- likes tea\n\+ likes coffee\nupdate prefs/);
    expect(body({ toolName: "memory_replace", input: { label: "persona", old_str: "a", new_str: "b" } })).toMatch(/persona\n- a\n\+ b/);
  });

  it("memory_apply_patch: server previews under the patch's full path", () => {
    const diffs: DiffPreview[] = [{ mode: "advanced", fileName: "prefs.md", hunks: [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, lines: [{ type: "remove", content: "x" }, { type: "add", content: "y" }] }] }];
    const s = body({ toolName: "memory_apply_patch", input: { patch: "*** Begin Patch\n*** Update File: user/prefs.md\n@@\n-x\n+y\n*** End Patch" }, diffs });
    expect(s.split("\n")[0]).toBe("user/prefs.md");
    expect(s).toMatch(/^3 {3}- x$/m);
  });

  it("question: no body (the wizard is drawn by the card)", () => {
    expect(body({ toolName: "AskUserQuestion", input: { questions: [] } })).toBe("");
  });
});
