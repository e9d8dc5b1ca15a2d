/**
 * Whether to emit colour: NO_COLOR (any non-empty value, no-color.org) turns it off,
 * FORCE_COLOR turns it on ("0"/"false" off), otherwise only on a terminal. Ink's own styling
 * goes through chalk, which reads FORCE_COLOR only, so bin/letta-tui.js maps NO_COLOR onto it.
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}

/**
 * What marks the selected row where inverse video cannot: without colour (NO_COLOR, a pipe)
 * chalk drops every SGR, inverse included, and a selection would be invisible. "› " before the
 * selected row then; nothing with colour, where the inverse row shows it.
 */
export function selectionMark(selected: boolean): string {
  return selected && !colorEnabled() ? "› " : "";
}
