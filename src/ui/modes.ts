import { PERMISSION_MODES, type PermissionMode } from "../protocol/runtime.js";

/** Shift+Tab order: standard → acceptEdits → unrestricted → strict → standard. */
export function nextMode(current: string | null | undefined): PermissionMode {
  const i = PERMISSION_MODES.indexOf(current as PermissionMode);
  return PERMISSION_MODES[(i + 1) % PERMISSION_MODES.length]!;
}
