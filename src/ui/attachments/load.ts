import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ImageFile } from "./registry.js";
import { readClipboardImage } from "./clipboard.js";
import { checkImage, sizeError } from "./sniff.js";

// Reading an image for the draft: a file named by a path, or the clipboard's. Every failure is
// a line for the person (the draft is kept); success is the image, checked, as base64.

export type ImageLoad = { ok: true; image: ImageFile } | { ok: false; error: string };

function checked(bytes: Buffer, name: string, what: string): ImageLoad {
  const check = checkImage(bytes, what);
  if (!check.ok) return check;
  return { ok: true, image: { name, mediaType: check.sniffed.mediaType, data: bytes.toString("base64"), bytes: bytes.length } };
}

export async function loadImageFile(file: string): Promise<ImageLoad> {
  const name = path.basename(file);
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, error: `${file} is not a file` };
    // Refused before reading: a huge file is not read into memory to be thrown away.
    const tooBig = sizeError(info.size, name);
    if (tooBig) return { ok: false, error: tooBig };
    return checked(await readFile(file), name, name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "not readable" : (err as Error).message;
    return { ok: false, error: `cannot attach ${file}: ${why}` };
  }
}

export async function loadClipboardImage(): Promise<ImageLoad> {
  const read = await readClipboardImage();
  if (!read.ok) return read;
  return checked(read.bytes, "clipboard.png", "the clipboard's image");
}
