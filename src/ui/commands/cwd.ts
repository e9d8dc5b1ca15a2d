import { posix } from "node:path";
import type { RuntimeState } from "../../store/state.js";
import type { World } from "../state/uiState.js";
import type { ServerAsk, SlashCommand } from "./command.js";

// `/cwd PATH`: the working directory of the conversation on screen (change_device_state). The
// server keeps the old cwd without a word for a path that does not exist (it only bumps
// cwd_revision), so the path is listed first (list_in_directory) and refused here when that
// fails. Paths are the runtime's machine's: relative ones resolve against its current cwd,
// never ours, and Tab lists its folders.

const activeRuntime = (world: World): RuntimeState | undefined => (world.app.active ? world.app.runtimes[world.app.active] : undefined);
const currentCwd = (world: World): string | undefined => activeRuntime(world)?.device?.current_working_directory ?? undefined;

/** The absolute path `typed` means on the runtime's machine, or why it cannot be known. */
export function resolveCwd(typed: string, cwd: string | undefined): { path: string } | { error: string } {
  if (!typed) return { error: "/cwd needs a directory" };
  // The server does not expand ~, and its home need not be ours.
  if (typed === "~" || typed.startsWith("~/")) return { error: "/cwd does not expand ~: give the full path, or one relative to the current directory" };
  if (posix.isAbsolute(typed)) return { path: posix.normalize(typed).replace(/(.)\/+$/, "$1") };
  if (!cwd) return { error: "the runtime's working directory is not known yet: give an absolute path" };
  return { path: posix.resolve(cwd, typed) };
}

/** The folder listed for completing `typed`, and the start of the name being typed in it. */
export function completionBase(typed: string, cwd: string | undefined): { dir: string; prefix: string; head: string } | undefined {
  const slash = typed.lastIndexOf("/");
  // What stays as typed before the name: "src/" of "src/ui", "" of "sr", "/" of "/tm".
  const head = slash >= 0 ? typed.slice(0, slash + 1) : "";
  const prefix = typed.slice(slash + 1);
  const dir = resolveCwd(head || ".", cwd);
  return "path" in dir ? { dir: dir.path, prefix, head } : undefined;
}

/** Why the runtime's machine cannot change to `path`, from list_in_directory's error. */
function refusal(path: string, error: string): string {
  if (error.includes("ENOENT")) return `no such directory there: ${path}`;
  if (error.includes("ENOTDIR")) return `${path} is a file, not a directory`;
  return `cannot use ${path}: ${error}`;
}

const listing = (path: string): ServerAsk => ({ command: { type: "list_in_directory", path }, expect: "list_in_directory_response" });

export const cwd: SlashCommand = {
  name: "cwd",
  args: "PATH",
  argsRequired: true,
  description: "the agent's working directory (checked to exist; relative to the current one; Tab lists folders)",
  available: (world) => !!activeRuntime(world),
  completeRequest(args, world) {
    const base = completionBase(args, currentCwd(world));
    return base ? listing(base.dir) : undefined;
  },
  completed(args, frame, world) {
    const base = completionBase(args, currentCwd(world));
    if (!base || frame.type !== "list_in_directory_response") return [];
    // Hidden folders only when asked for with a leading dot, as a shell would.
    return frame.folders.filter((f) => f.startsWith(base.prefix) && (base.prefix.startsWith(".") || !f.startsWith("."))).map((f) => `${base.head}${f}/`);
  },
  run(args, world) {
    const r = resolveCwd(args, currentCwd(world));
    if ("error" in r) return { error: r.error };
    return { check: listing(r.path) };
  },
  checked(args, result, world) {
    const r = resolveCwd(args, currentCwd(world));
    if ("error" in r) return { error: r.error };
    if (!result.ok) return { error: `${refusal(r.path, result.error)}; the working directory is unchanged` };
    return { effects: [{ kind: "set-cwd", path: r.path }] };
  },
};
