/**
 * Runs `fn` as a user the file modes apply to. Root reads any file whatever its mode, and CI runs
 * as root, so a permission test there would test nothing; as root the effective uid is dropped
 * to `nobody` for the duration of `fn` (synchronous, so nothing else runs meanwhile) and restored.
 */
export function asUnprivileged<T>(fn: () => T): T {
  if (process.geteuid?.() !== 0 || !process.seteuid) return fn();
  process.seteuid(65534);
  try {
    return fn();
  } finally {
    process.seteuid(0);
  }
}
