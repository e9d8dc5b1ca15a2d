import { homedir } from "node:os";
import path from "node:path";

const APP = "letta-tui";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The per-user folder for what letta-tui keeps between sessions but the user does not edit
 * (sent-message history; the transport logs on Linux and Windows). XDG_STATE_HOME wins on every
 * platform, as it does for the logs, so tests and users can move all of it with one variable.
 */
export function defaultStateDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  // Paths for the target platform, not the host, so every branch is testable anywhere.
  const p = platform === "win32" ? path.win32 : path.posix;
  const state = xdgStateHome(env, platform);
  if (state) return p.join(state, APP);
  const home = env.HOME || (platform === "win32" ? env.USERPROFILE : undefined) || homedir();
  if (platform === "darwin") return p.join(home, "Library", "Application Support", APP);
  if (platform === "win32") return p.join(env.LOCALAPPDATA || p.join(home, "AppData", "Local"), APP);
  return p.join(home, ".local", "state", APP);
}

/** XDG_STATE_HOME when it is usable: the XDG spec says a relative value must be ignored. */
export function xdgStateHome(env: Env, platform: NodeJS.Platform): string | undefined {
  const state = env.XDG_STATE_HOME;
  const p = platform === "win32" ? path.win32 : path.posix;
  return state && p.isAbsolute(state) ? state : undefined;
}
