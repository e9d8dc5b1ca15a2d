import { mkdir, open } from "node:fs/promises";
import path from "node:path";

// Files /export and /copy write: created new (O_EXCL), never over something that is there,
// readable by the owner only (0600; a folder we make, 0700). The conversation is private.

/** Refused because the path is taken: the message says so and names the path. */
export class FileExists extends Error {}

/** Write `text` to a file that does not exist yet. Throws FileExists, or the system's error. */
export async function writeNewFile(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new FileExists(`${file} already exists: not overwritten`);
    throw err;
  }
  try {
    await handle.writeFile(text, "utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Write `text` to `file`, or when it is taken, to the first of `name-2.ext`, `name-3.ext`...
 * that is free (for names we chose: two exports in one second). Returns the path written.
 */
export async function writeBesideTaken(file: string, text: string, folder?: { mode: number }): Promise<string> {
  if (folder) await mkdir(path.dirname(file), { recursive: true, mode: folder.mode });
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? file : `${stem}-${n}${ext}`;
    try {
      await writeNewFile(candidate, text);
      return candidate;
    } catch (err) {
      if (!(err instanceof FileExists)) throw err;
    }
  }
  throw new FileExists(`${file} and 98 more names beside it are taken: nothing written`);
}

/** A short error line for a failed write: the system's code and path, no stack. */
export function writeError(err: unknown): string {
  if (err instanceof FileExists) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return `no permission to write ${e.path ?? "there"}`;
  // The folder is missing, or (like /proc) takes no new files: the system says ENOENT for both.
  if (e.code === "ENOENT") return `cannot create ${e.path ?? "the file"}: no such folder, or one that takes no new files`;
  if (e.code === "EISDIR") return `${e.path ?? "that"} is a folder`;
  return err instanceof Error ? err.message : String(err);
}
