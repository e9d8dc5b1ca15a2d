import { render } from "ink-testing-library";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import type { DiffPreview } from "../../src/protocol/approval.js";
import { CardBody, editedDiffSummary } from "../../src/ui/approval/CardBody.js";
import { DiffView } from "../../src/ui/approval/DiffView.js";
import { cardTitle } from "../../src/ui/approval/families.js";

// DiffView details, argument-only fallbacks, the edit summary, and hostile server strings.

function frame(el: ReactElement): string {
  const r = render(el);
  const out = r.lastFrame() ?? "";
  r.unmount();
  return out;
}

/** Every ESC on screen must start an SGR colour code; anything else would reach the terminal. */
function nonSgrEscapes(screen: string): string[] {
  return [...screen.matchAll(/[\u001B\u009B](\[[0-9;]*m)?/g)].filter((m) => m[1] === undefined).map((m) => JSON.stringify(screen.slice(m.index, m.index + 12)));
}

const hunk = (lines: { type: "context" | "add" | "remove"; content: string }[], start = 1) => ({
  oldStart: start,
  oldLines: lines.filter((l) => l.type !== "add").length,
  newStart: start,
  newLines: lines.filter((l) => l.type !== "remove").length,
  lines,
});

describe("DiffView", () => {
  it("caps rows at maxLines with a count and the hint", () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ type: "add" as const, content: `l${i}` }));
    const diffs: DiffPreview[] = [{ mode: "advanced", fileName: "a.txt", hunks: [hunk(lines)] }];
    const s = frame(<DiffView toolName="Write" input={{ file_path: "/x/a.txt" }} diffs={diffs} maxLines={10} color={false} moreHint="(more)" />);
    expect(s.split("\n")).toHaveLength(11);
    expect(s).toContain("… 32 more lines (more)");
    // Gutter sized for line 40 even though only line 8 is shown.
    expect(s).toMatch(/^ 8 \+ l7$/m);
  });

  it("keeps the basename when the input names another file", () => {
    const diffs: DiffPreview[] = [{ mode: "advanced", fileName: "b.ts", hunks: [hunk([{ type: "add", content: "x" }])] }];
    expect(frame(<DiffView toolName="Edit" input={{ file_path: "/x/a.ts" }} diffs={diffs} maxLines={20} color={false} />).split("\n")[0]).toBe("b.ts");
  });

  it("shows a rename from the patch and a file without hunks", () => {
    const patch = "*** Begin Patch\n*** Update File: src/old.ts\n*** Move to: src/new.ts\n@@\n-a\n+b\n*** End Patch";
    const diffs: DiffPreview[] = [{ mode: "advanced", fileName: "new.ts", hunks: [] }];
    const s = frame(<DiffView toolName="apply_patch" input={{ input: patch }} diffs={diffs} maxLines={20} color={false} />);
    expect(s).toBe("src/old.ts → src/new.ts\nno changes");
  });

  it("draws an apply_patch body when the server sent no previews", () => {
    const patch = "*** Begin Patch\n*** Update File: src/a.ts\n@@ fn\n ctx\n-old\n+new\n*** Delete File: gone.txt\n*** End Patch\n";
    expect(cardTitle("apply_patch", { input: patch })).toBe("Apply patch to 2 files?");
    const s = frame(<CardBody toolName="apply_patch" input={{ input: patch }} expanded={false} maxLines={20} color={false} />);
    expect(s).toBe("src/a.ts\n@@ fn\n  ctx\n- old\n+ new\ngone.txt\nfile will be deleted");
  });

  it("MultiEdit without previews lists each edit", () => {
    const input = { file_path: "/r/a.ts", edits: [{ old_string: "a", new_string: "b" }, { old_string: "c\nd", new_string: "e" }] };
    const s = frame(<CardBody toolName="MultiEdit" input={input} expanded={false} maxLines={20} color={false} />);
    expect(s).toBe("/r/a.ts\nedit 1 of 2\n- a\n+ b\nedit 2 of 2\n- c\n- d\n+ e");
  });

  it("a file tool with nothing diff-like falls back to its JSON", () => {
    const s = frame(<CardBody toolName="NotebookEdit" input={{ notebook_path: "n.ipynb", cell_id: "c1" }} expanded={false} maxLines={20} color={false} />);
    expect(s).toContain('"cell_id": "c1"');
  });
});

describe("editedDiffSummary", () => {
  it("lists changed, added and removed top-level fields, one line each", () => {
    expect(editedDiffSummary({ command: "rm -rf x", description: "clean" }, { command: "ls", description: "clean", timeout: 5 })).toEqual([
      "command: `rm -rf x` → `ls`",
      "timeout: (unset) → `5`",
    ]);
    expect(editedDiffSummary({ a: 1, b: { x: [1, 2] } }, { b: { x: [1, 2] } })).toEqual(["a: `1` → (removed)"]);
    expect(editedDiffSummary({ o: { p: 1, q: 2 } }, { o: { q: 2, p: 1 } })).toEqual([]);
  });

  it("folds to one line, truncates at 60 characters and sanitises", () => {
    const [line] = editedDiffSummary({ command: "a\nb" }, { command: `${"x".repeat(100)}\u001B]0;t\u0007` });
    expect(line).toBe(`command: \`a ⏎ b\` → \`${"x".repeat(59)}…\``);
    const [hostile] = editedDiffSummary({ k: "1" }, { k: "safe\u001B[2Jtext\u202E" });
    expect(hostile).toBe("k: `1` → `safe\\x1b[2Jtext\\u{202e}`");
  });
  it("cuts two long values around their first difference, so an edit at the end shows", () => {
    const long = `echo ${"word ".repeat(30)}\u001b]8;;x`;
    const [line] = editedDiffSummary({ command: long }, { command: `${long} ; echo edited` });
    const [, from, to] = /`(.*)` → `(.*)`/.exec(line!)!;
    expect(from).not.toBe(to);
    expect(to).toContain("\\x1b]8;;x ; echo edited");
    expect(from).toMatch(/^….*\\x1b]8;;x$/);
  });
});

describe("hostile server strings", () => {
  const osc = "\u001B]52;c;aGk=\u0007";
  const csi = "\u001B[2K\u001B[1G";
  const c1 = "\u009B31m\u009D0;t\u009C";
  const evil = `A${osc}B${csi}C${c1}D\u202E`;

  const cases: [string, ReactElement][] = [
    ["shell", <CardBody toolName="Bash" input={{ command: `echo ${evil}`, description: evil, workdir: evil }} expanded={false} maxLines={20} color />],
    ["shell argv", <CardBody toolName="shell" input={{ command: ["echo", evil] }} expanded={false} maxLines={20} color />],
    ["stdin", <CardBody toolName="write_stdin" input={{ session_id: evil, chars: evil }} expanded={false} maxLines={20} color />],
    [
      "diff",
      <CardBody
        toolName="Edit"
        input={{ file_path: `/r/${evil}.ts` }}
        diffs={[
          { mode: "advanced", fileName: `${evil}.ts`, hunks: [hunk([{ type: "remove", content: evil }, { type: "add", content: `x${evil}` }, { type: "context", content: evil }])] },
          { mode: "unpreviewable", fileName: evil, reason: evil },
        ]}
        expanded={false}
        maxLines={20}
        color
      />,
    ],
    ["write content", <CardBody toolName="Write" input={{ file_path: evil, content: `${evil}\n${evil}` }} expanded={false} maxLines={20} color />],
    ["patch", <CardBody toolName="apply_patch" input={{ input: `*** Update File: ${evil}\n@@ ${evil}\n-${evil}\n+${evil}` }} expanded={false} maxLines={20} color />],
    ["task", <CardBody toolName="Task" input={{ subagent_type: evil, description: evil, model: evil, prompt: evil, environment: evil }} expanded={false} maxLines={20} color />],
    ["generic", <CardBody toolName={evil} input={{ [evil]: evil, nested: { v: evil } }} expanded={false} maxLines={20} color />],
    ["memory", <CardBody toolName="memory" input={{ command: "str_replace", file_path: evil, old_string: evil, new_string: evil, reason: evil }} expanded={false} maxLines={20} color />],
  ];

  // JSON and stdin bodies spell control characters out as JSON does ("\u001b]52;…"); everywhere
  // else they are shown as visible escapes ("\x1b]52;…"). Either way every printable character
  // stays on screen, in order: the sequences are never deleted with what follows them.
  const spelledOut = new Set(["stdin", "generic"]);
  const withoutSgr = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, "");

  it.each(cases)("%s: only SGR escapes, no BEL, no BiDi override, no live clipboard write", (name, el) => {
    const s = frame(el);
    expect(nonSgrEscapes(s)).toEqual([]);
    expect(s).not.toMatch(/[\u0007\u0080-\u009F\u202E]/);
    const shown = withoutSgr(s);
    if (spelledOut.has(name)) expect(shown).toContain("A\\u001b]52;c;aGk=\\u0007B");
    else expect(shown).toContain("A\\x1b]52;c;aGk=\\x07B\\x1b[2K\\x1b[1GC\\x9b31m\\x9d0;t\\x9cD\\u{202e}");
  });

  it("colour mode really emits SGR, so the check above is meaningful", () => {
    const [, el] = cases[3]!;
    expect(frame(el)).toMatch(/\u001B\[3[12]m/);
  });
});
