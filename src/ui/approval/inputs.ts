// Readers for the tool arguments an approval card shows. Arguments come from the model, so
// every field is checked for its type and a missing or odd one reads as absent, never throws.
// Nothing here sanitises: callers do that at display time, and answers sent back to the
// server must keep the model's exact bytes.

export type ToolInput = Readonly<Record<string, unknown>>;

/** A non-empty string field, else undefined. */
export function str(input: ToolInput, key: string): string | undefined {
  const v = input[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The first of several field names that holds a non-empty string. */
export function firstStr(input: ToolInput, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = str(input, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The target file of a file tool: Claude-style `file_path`, Gemini `path`, notebooks. */
export function filePathOf(input: ToolInput): string | undefined {
  return firstStr(input, ["file_path", "path", "notebook_path"]);
}

/** Which block or memory file a memory tool touches: Letta's `label`, Letta Code's paths. */
export function memoryLabelOf(input: ToolInput): string | undefined {
  return firstStr(input, ["label", "block_label", "file_path", "path", "new_path", "old_path"]);
}

// Characters a POSIX shell reads literally; anything else gets quoted so the joined argv
// reads back as the same words.
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

function shellQuote(arg: string): string {
  if (SHELL_SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command a shell tool will run, as one string: `command` (a string, or Codex's argv
 * array), or exec_command's `cmd`. write_stdin has no command; see `stdinOf`.
 */
export function shellCommandOf(input: ToolInput): string | undefined {
  const command = input.command;
  if (typeof command === "string" && command !== "") return command;
  if (Array.isArray(command) && command.length > 0 && command.every((a) => typeof a === "string")) {
    return (command as string[]).map(shellQuote).join(" ");
  }
  return str(input, "cmd");
}

/**
 * write_stdin's bytes, with control characters spelled out: a bare Ctrl-C or Enter would
 * otherwise vanish in sanitising and the user would approve input they cannot see.
 */
export function stdinOf(input: ToolInput): { session: string; chars: string } | undefined {
  const chars = input.chars;
  const session = input.session_id;
  if (typeof chars !== "string" && session === undefined) return undefined;
  return {
    session: typeof session === "number" || typeof session === "string" ? String(session) : "?",
    chars: typeof chars === "string" ? JSON.stringify(chars) : '""',
  };
}

/** The patch text of apply_patch (`input`, Codex) or memory_apply_patch (`patch`). */
export function patchTextOf(input: ToolInput): string | undefined {
  return firstStr(input, ["input", "patch"]);
}

export type PatchOp = "add" | "update" | "delete" | "move";

export interface PatchFile {
  op: PatchOp;
  path: string;
}

const PATCH_HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/;
const OPS: Record<string, PatchOp> = { "Add File": "add", "Update File": "update", "Delete File": "delete", "Move to": "move" };

/** One line of an apply_patch body read as a file header, if it is one. */
export function patchHeader(line: string): PatchFile | undefined {
  const m = PATCH_HEADER.exec(line);
  const op = m ? OPS[m[1]!] : undefined;
  const path = m?.[2]?.trim();
  return op && path ? { op, path } : undefined;
}

/** The file headers of an apply_patch body, in order. `move` is the new name of the update before it. */
export function patchFiles(patch: string): PatchFile[] {
  const files: PatchFile[] = [];
  for (const line of patch.split(/\r?\n/)) {
    const header = patchHeader(line);
    if (header) files.push(header);
  }
  return files;
}

/** Last path segment, for either separator: the server's `fileName` is computed this way. */
export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Integer field or undefined (edit counts, line numbers). */
export function num(input: ToolInput, key: string): number | undefined {
  const v = input[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The `edits[]` of MultiEdit (and `replace` when it batches), only well-formed entries. */
export function editsOf(input: ToolInput): { old: string; new: string }[] | undefined {
  const edits = input.edits;
  if (!Array.isArray(edits)) return undefined;
  const out: { old: string; new: string }[] = [];
  for (const e of edits) {
    if (typeof e !== "object" || e === null) continue;
    const rec = e as Record<string, unknown>;
    const oldText = rec.old_string ?? rec.old_str;
    const newText = rec.new_string ?? rec.new_str;
    if (typeof oldText === "string" || typeof newText === "string") {
      out.push({ old: typeof oldText === "string" ? oldText : "", new: typeof newText === "string" ? newText : "" });
    }
  }
  return out;
}
