import type { DiffPreview } from "../../protocol/approval.js";
import { basename, editsOf, filePathOf, memoryLabelOf, num, patchFiles, patchHeader, patchTextOf, str, type ToolInput } from "./inputs.js";

// A diff as a flat list of display rows, so the view can cap it at any row and measure the
// line-number gutter over what is shown. Strings here are raw; the view sanitises them.

export type LineType = "context" | "add" | "remove";

export type DiffRow =
  | { kind: "file"; path: string }
  | { kind: "hunk"; text: string }
  | { kind: "line"; type: LineType; old?: number; new?: number; content: string }
  | { kind: "note"; text: string };

/** Text to lines; a trailing newline ends the last line rather than starting an empty one. */
export function textLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

interface PatchTarget {
  path: string;
  movedTo?: string;
  op: "add" | "update" | "delete";
  used: boolean;
}

function patchTargets(input: ToolInput): PatchTarget[] {
  const patch = patchTextOf(input);
  const targets: PatchTarget[] = [];
  for (const f of patch ? patchFiles(patch) : []) {
    const last = targets[targets.length - 1];
    if (f.op === "move") {
      if (last && last.op === "update") last.movedTo = f.path;
    } else {
      targets.push({ path: f.path, op: f.op, used: false });
    }
  }
  return targets;
}

function targetLabel(t: PatchTarget): string {
  return t.movedTo ? `${t.path} → ${t.movedTo}` : t.path;
}

/**
 * The server's previews name files by basename only. The full path comes from the tool input:
 * its file path when the basename agrees, else the patch header with that basename (each
 * header claimed once, so two files of the same name map in patch order).
 */
function resolver(input: ToolInput): { resolve(fileName: string): string; unclaimed(): PatchTarget[] } {
  const filePath = filePathOf(input) ?? memoryLabelOf(input);
  const targets = patchTargets(input);
  return {
    resolve(fileName) {
      const hit = targets.find(
        (t) => !t.used && t.op !== "delete" && (basename(t.path) === fileName || (t.movedTo && basename(t.movedTo) === fileName)),
      );
      if (hit) {
        hit.used = true;
        return targetLabel(hit);
      }
      if (filePath && basename(filePath) === fileName) return filePath;
      return fileName || "(unnamed file)";
    },
    unclaimed: () => targets.filter((t) => !t.used),
  };
}

function hunkHeader(h: { oldStart: number; oldLines: number; newStart: number; newLines: number }): string {
  return `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;
}

/** Rows for the server's previews (PROTOCOL §5.2), numbering each line as the hunk header says. */
export function previewRows(diffs: readonly DiffPreview[], input: ToolInput): DiffRow[] {
  const rows: DiffRow[] = [];
  const paths = resolver(input);
  for (const d of diffs) {
    rows.push({ kind: "file", path: paths.resolve(d.fileName) });
    if (d.mode !== "advanced") {
      rows.push({ kind: "note", text: `no diff preview: ${d.reason}` });
      continue;
    }
    if (d.hunks.length === 0) rows.push({ kind: "note", text: "no changes" });
    for (const h of d.hunks) {
      rows.push({ kind: "hunk", text: hunkHeader(h) });
      let oldNo = h.oldStart;
      let newNo = h.newStart;
      for (const l of h.lines) {
        if (l.type === "context") rows.push({ kind: "line", type: "context", old: oldNo++, new: newNo++, content: l.content });
        else if (l.type === "remove") rows.push({ kind: "line", type: "remove", old: oldNo++, content: l.content });
        else rows.push({ kind: "line", type: "add", new: newNo++, content: l.content });
      }
    }
  }
  // Deleted files get no preview from the server, yet a deletion is what most needs seeing.
  for (const t of paths.unclaimed()) {
    if (t.op !== "delete") continue;
    rows.push({ kind: "file", path: t.path }, { kind: "note", text: "file will be deleted" });
  }
  return rows;
}

const PATCH_MARKERS = /^\*\*\* (Begin Patch|End Patch|End of File)\s*$/;

/** An apply_patch body drawn as a diff, for when the server sent no previews. */
export function patchRows(patch: string): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const line of textLines(patch)) {
    if (PATCH_MARKERS.test(line)) continue;
    const f = patchHeader(line);
    if (f) {
      if (f.op === "move") rows.push({ kind: "note", text: `moved to ${f.path}` });
      else rows.push({ kind: "file", path: f.path });
      if (f.op === "delete") rows.push({ kind: "note", text: "file will be deleted" });
    } else if (line.startsWith("@@")) rows.push({ kind: "hunk", text: line });
    else if (line.startsWith("+")) rows.push({ kind: "line", type: "add", content: line.slice(1) });
    else if (line.startsWith("-")) rows.push({ kind: "line", type: "remove", content: line.slice(1) });
    else rows.push({ kind: "line", type: "context", content: line.startsWith(" ") ? line.slice(1) : line });
  }
  return rows;
}

function lines(type: LineType, text: string): DiffRow[] {
  return text === "" ? [] : textLines(text).map((content) => ({ kind: "line", type, content }));
}

/** A whole file's content, numbered from 1 (Write of a new file, when no preview came). */
export function contentRows(content: string): DiffRow[] {
  return textLines(content).map((c, i) => ({ kind: "line", type: "context", new: i + 1, content: c }));
}

function editBody(toolName: string, input: ToolInput): DiffRow[] | undefined {
  const patch = patchTextOf(input);
  if (patch && (toolName === "apply_patch" || toolName === "memory_apply_patch")) return patchRows(patch);
  const edits = editsOf(input);
  if (edits && edits.length > 0) {
    return edits.flatMap((e, i) => [
      { kind: "hunk", text: `edit ${i + 1} of ${edits.length}` } as DiffRow,
      ...lines("remove", e.old),
      ...lines("add", e.new),
    ]);
  }
  const oldText = input.old_string ?? input.old_str;
  const newText = input.new_string ?? input.new_str;
  if (typeof oldText === "string" && typeof newText === "string") {
    const all: DiffRow[] = input.replace_all === true ? [{ kind: "note", text: "replaces every occurrence" }] : [];
    return [...all, ...lines("remove", oldText), ...lines("add", newText)];
  }
  const content = input.content;
  if ((toolName === "Write" || toolName === "write_file") && typeof content === "string") return contentRows(content);
  const inserted = str(input, "insert_text") ?? (toolName === "memory_insert" ? str(input, "new_str") : undefined);
  if (inserted !== undefined) {
    const at = num(input, "insert_line");
    return [{ kind: "hunk", text: at === undefined ? "insert" : `insert after line ${at}` }, ...lines("add", inserted)];
  }
  const rethink = str(input, "new_memory");
  if (rethink !== undefined) return [{ kind: "note", text: "replaces the whole block" }, ...lines("add", rethink)];
  const created = str(input, "file_text") ?? str(input, "new_source");
  if (created !== undefined) return lines("add", created);
  const command = str(input, "command");
  if (command === "rename" && str(input, "old_path") && str(input, "new_path")) {
    return [{ kind: "note", text: `${str(input, "old_path")} → ${str(input, "new_path")}` }];
  }
  if (command === "delete") return [{ kind: "note", text: "deletes this memory" }];
  return undefined;
}

/**
 * Rows drawn from the arguments alone (recovered approvals and older servers send no diffs).
 * Undefined when the arguments hold nothing diff-like; the caller then shows them as JSON.
 */
export function fallbackRows(toolName: string, input: ToolInput): DiffRow[] | undefined {
  const body = editBody(toolName, input);
  if (!body) return undefined;
  if (body[0]?.kind === "file") return body;
  const path = filePathOf(input) ?? memoryLabelOf(input);
  return path ? [{ kind: "file", path }, ...body] : body;
}

/** What a file or memory card draws: the server's previews, else rows from the arguments. */
export function rowsFor(toolName: string, input: ToolInput, diffs: readonly DiffPreview[] | undefined): DiffRow[] | undefined {
  return diffs && diffs.length > 0 ? previewRows(diffs, input) : fallbackRows(toolName, input);
}
