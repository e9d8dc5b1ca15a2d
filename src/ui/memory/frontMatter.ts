// A new memory file's text, and which paths the view lets a person create. The server keeps a
// file's description in its front matter (`---\ndescription: …\n---`), the same as the files
// it makes itself; list_memory reads it back from there.

/** YAML needs quotes for a description that starts or contains what YAML would read as syntax. */
function yamlString(text: string): string {
  return /^[\w][\w .,'()/-]*$/.test(text) && !/:\s|\s#/.test(text) ? text : JSON.stringify(text);
}

export function newFileText(description: string, body = ""): string {
  return `---\ndescription: ${yamlString(description.replace(/\s+/g, " ").trim())}\n---\n${body}`;
}

/** The path as it will be written (".md" added), or why it cannot be. */
export function checkNewPath(typed: string, existing: readonly string[]): { ok: true; path: string } | { ok: false; why: string } {
  const path0 = typed.trim().replace(/\\/g, "/").replace(/^\.\//, "");
  if (!path0) return { ok: false, why: "type a path, e.g. notes/project.md" };
  if (path0.startsWith("/")) return { ok: false, why: "a path inside the memory, not from the root: e.g. notes/project.md" };
  const parts = path0.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return { ok: false, why: "no empty, . or .. parts in the path" };
  if (parts[0] === ".git") return { ok: false, why: ".git is the memory's repository, not a memory file" };
  const path = path0.endsWith(".md") ? path0 : `${path0}.md`;
  if (existing.includes(path)) return { ok: false, why: `${path} exists already: e on it edits it` };
  return { ok: true, path };
}
