import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The user's editor ($VISUAL, then $EDITOR), or undefined to use the in-app editor. */
export function preferredEditor(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || undefined;
}

/**
 * Edit `text` in the user's editor and return what they saved, or undefined if the editor could
 * not run or exited non-zero (an abandoned edit must not approve anything). The caller hands the
 * terminal over first (Ink's suspendTerminal).
 */
export function editExternally(editor: string, text: string, suffix = ".json", name = "arguments"): string | undefined {
  // mkdtemp makes the folder 0700; the file is 0600: a draft can hold anything.
  const dir = mkdtempSync(join(tmpdir(), "letta-tui-edit-"));
  const file = join(dir, `${name}${suffix}`);
  try {
    writeFileSync(file, text, { mode: 0o600 });
    // Through the shell, because EDITOR often carries arguments ("code --wait").
    const r = spawnSync(`${editor} "$LETTA_TUI_EDIT_FILE"`, { shell: true, stdio: "inherit", env: { ...process.env, LETTA_TUI_EDIT_FILE: file } });
    if (r.status !== 0) return undefined;
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
