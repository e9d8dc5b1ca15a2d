import { PERMISSION_MODES, type PermissionMode } from "../protocol/runtime.js";

/** Shift+Tab order: standard → acceptEdits → unrestricted → strict → standard. */
export function nextMode(current: string | null | undefined): PermissionMode {
  const i = PERMISSION_MODES.indexOf(current as PermissionMode);
  return PERMISSION_MODES[(i + 1) % PERMISSION_MODES.length]!;
}

/** What each mode means, one line each (PROTOCOL §6, 0.32.18), for /mode. */
export const MODE_MEANINGS: Readonly<Record<PermissionMode, string>> = {
  standard: "asks before writes and shell commands; reads and read-only commands run",
  acceptEdits: "file edits and writes run without asking; everything else as standard",
  unrestricted: "everything runs without asking (the server's default), except deny rules",
  strict: "every tool asks, unless a rule you saved allows it",
};
