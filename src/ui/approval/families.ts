import type { DiffPreview } from "../../protocol/approval.js";
import { isShellTool } from "../format.js";
import { sanitizeLine } from "../sanitize.js";
import { filePathOf, memoryLabelOf, patchFiles, patchTextOf, shellCommandOf, str, type ToolInput } from "./inputs.js";

export { filePathOf } from "./inputs.js";

// Which card an approval gets (PROTOCOL §5.7). Tool names are matched exactly: the server
// registers different toolsets per model family (Claude, Codex, Gemini), and a name outside
// these lists is a tool we know nothing about, so it gets the generic JSON card.

export type CardFamily = "shell" | "file" | "memory" | "question" | "task" | "generic";

const FILE = new Set(["Write", "write_file", "Edit", "MultiEdit", "replace", "apply_patch", "NotebookEdit"]);
const MEMORY = new Set(["memory", "memory_apply_patch", "memory_insert", "memory_replace", "memory_rethink"]);
const TASK = new Set(["Task", "Agent"]);
const WRITE = new Set(["Write", "write_file"]);

export function cardFamily(toolName: string, input: ToolInput): CardFamily {
  if (isShellTool(toolName)) return "shell";
  // Monitor also watches websockets; only a command is worth a shell card.
  if (toolName === "Monitor" && shellCommandOf(input) !== undefined) return "shell";
  if (FILE.has(toolName)) return "file";
  if (MEMORY.has(toolName)) return "memory";
  if (toolName === "AskUserQuestion") return "question";
  if (TASK.has(toolName)) return "task";
  return "generic";
}

/** Number of files an apply_patch touches: its file headers, else one per server diff. */
export function patchFileCount(input: ToolInput, diffs: readonly DiffPreview[] | undefined): number {
  const patch = patchTextOf(input);
  // Deletions have no diff entry, so the headers are the truer count when they parse.
  const headers = patch ? patchFiles(patch).filter((f) => f.op !== "move").length : 0;
  return headers > 0 ? headers : (diffs?.length ?? 0);
}

/**
 * A Write replaces whatever is there. The server's diff shows removed or unchanged lines only
 * when a file already had content, so that is the one case we can call an overwrite.
 */
function overwrites(diffs: readonly DiffPreview[] | undefined): boolean {
  return (diffs ?? []).some(
    (d) => d.mode === "advanced" && d.hunks.some((h) => h.lines.some((l) => l.type !== "add")),
  );
}

function memoryTitle(toolName: string, input: ToolInput): string {
  const label = memoryLabelOf(input);
  const target = label ? ` ${sanitizeLine(label)}` : "";
  const command = toolName === "memory" ? str(input, "command") : undefined;
  if (toolName === "memory_insert" || command === "insert") return `Insert into memory${target}?`;
  switch (command) {
    case "create":
      return `Create memory${target}?`;
    case "delete":
      return `Delete memory${target}?`;
    case "rename": {
      const from = str(input, "old_path");
      const to = str(input, "new_path");
      return from && to ? `Rename memory ${sanitizeLine(from)} → ${sanitizeLine(to)}?` : `Rename memory${target}?`;
    }
    default:
      return `Edit memory${target}?`;
  }
}

/** The card's question, display-safe (every server string in it is sanitised). */
export function cardTitle(toolName: string, input: ToolInput, diffs?: readonly DiffPreview[]): string {
  const path = filePathOf(input);
  const where = path ? ` ${sanitizeLine(path)}` : "";
  switch (cardFamily(toolName, input)) {
    case "shell":
      return "Run this command?";
    case "question":
      return "Answer the agent's questions";
    case "task":
      return "Dispatch subagent?";
    case "memory":
      return memoryTitle(toolName, input);
    case "file": {
      if (WRITE.has(toolName)) return overwrites(diffs) ? `Overwrite${where}?` : `Write to${where}?`;
      if (toolName === "apply_patch") {
        const n = patchFileCount(input, diffs);
        return `Apply patch to ${n} file${n === 1 ? "" : "s"}?`;
      }
      const edits = Array.isArray(input.edits) ? input.edits.length : undefined;
      if (toolName === "MultiEdit" || (edits !== undefined && edits > 1)) {
        return `Update${where}? (${edits ?? 0} edit${edits === 1 ? "" : "s"})`;
      }
      return `Update${where}?`;
    }
    case "generic":
      return `Run ${sanitizeLine(toolName)}?`;
  }
}
