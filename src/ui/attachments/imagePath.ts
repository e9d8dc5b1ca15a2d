import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Terminals paste a file dropped on them as its path: bare, in quotes ('/a b/c.png' in GNOME
// Terminal), with backslash escapes (/a\ b/c.png in iTerm2 and macOS Terminal), or as a
// file:// URL (some Linux file managers). A paste is taken for an image path only when it is
// one such path, whole, to a file named as a PNG/JPEG/GIF/WebP; what the file really is, its
// bytes decide (sniff.ts).

const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;

/** Only a path that says where it is: "cat.png" alone is a word in a sentence. */
const ANCHORED = /^(\/|~\/|\.{1,2}\/|[A-Za-z]:[\\/])/;

function unquoted(text: string): string | undefined {
  const q = text[0];
  if ((q === "'" || q === '"') && text.length > 1 && text.endsWith(q)) {
    const inner = text.slice(1, -1);
    return inner.includes(q) ? undefined : inner;
  }
  // A Windows path: its backslashes are separators, and a space in it comes quoted.
  if (/^[A-Za-z]:\\/.test(text)) return /\s/.test(text) ? undefined : text;
  // Unquoted: whitespace only where escaped; each `\x` is the character x.
  if (/(^|[^\\])\s/.test(text)) return undefined;
  return text.replace(/\\(.)/g, "$1");
}

/** The absolute path of the image file `text` names, or undefined when it is not one path to an image. */
export function imagePathIn(text: string, cwd = process.cwd(), home = homedir()): string | undefined {
  const t = text.trim();
  if (!t || t.includes("\n") || t.includes("\r")) return undefined;
  let p: string | undefined;
  if (/^file:\/\//i.test(t)) {
    try {
      p = fileURLToPath(t);
    } catch {
      return undefined;
    }
  } else {
    p = unquoted(t);
  }
  if (!p || !IMAGE_NAME.test(p) || !(ANCHORED.test(p) || path.isAbsolute(p))) return undefined;
  if (p.startsWith("~/")) p = path.join(home, p.slice(2));
  return path.resolve(cwd, p);
}
