import type { MemoryFile } from "./files.js";

// The memory as a tree of rows: a root row (the whole memory: its history), then the folders
// and files, system/ first (the files always in the agent's context), each folder's subfolders
// before its files, by name. A collapsed folder hides what is under it.

export type TreeRow =
  | { readonly kind: "root"; readonly count: number }
  | { readonly kind: "folder"; readonly path: string; readonly name: string; readonly depth: number; readonly open: boolean; readonly count: number }
  | { readonly kind: "file"; readonly file: MemoryFile; readonly name: string; readonly depth: number };

interface Folder {
  folders: Map<string, Folder>;
  files: { name: string; file: MemoryFile }[];
  count: number;
}

const folder = (): Folder => ({ folders: new Map(), files: [], count: 0 });
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** system/ before everything else at the top; by name otherwise. */
const topOrder = (a: string, b: string) => (a === "system" ? -1 : b === "system" ? 1 : byName(a, b));

/**
 * The rows of the last listing and folding asked for: keys and redraws between two listings
 * reuse them, so moving in the tree costs what the window shows, not the memory's size.
 */
let last: { files: readonly MemoryFile[]; collapsed: readonly string[]; rows: TreeRow[] } | undefined;

export function treeRows(files: readonly MemoryFile[], collapsed: readonly string[]): TreeRow[] {
  if (last && last.files === files && last.collapsed === collapsed) return last.rows;
  const rows = buildRows(files, collapsed);
  last = { files, collapsed, rows };
  return rows;
}

function buildRows(files: readonly MemoryFile[], collapsed: readonly string[]): TreeRow[] {
  const root = folder();
  for (const file of files) {
    const parts = file.path.split("/").filter((p) => p !== "");
    const name = parts.pop() ?? file.path;
    let at = root;
    at.count++;
    for (const p of parts) {
      let next = at.folders.get(p);
      if (!next) at.folders.set(p, (next = folder()));
      next.count++;
      at = next;
    }
    at.files.push({ name, file });
  }
  const shut = new Set(collapsed);
  const rows: TreeRow[] = [{ kind: "root", count: files.length }];
  const walk = (f: Folder, prefix: string, depth: number) => {
    const names = [...f.folders.keys()].sort(depth === 0 ? topOrder : byName);
    for (const name of names) {
      const sub = f.folders.get(name)!;
      const path = prefix + name;
      const open = !shut.has(path);
      rows.push({ kind: "folder", path, name, depth, open, count: sub.count });
      if (open) walk(sub, `${path}/`, depth + 1);
    }
    for (const { name, file } of [...f.files].sort((a, b) => byName(a.name, b.name))) rows.push({ kind: "file", file, name, depth });
  };
  walk(root, "", 0);
  return rows;
}
